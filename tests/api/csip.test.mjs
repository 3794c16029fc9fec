// Capacity strengthening implementation plans: creation after a rating, activities, submission,
// approval, the one-month due date, the six-month reassessment clock, extensions, completion to
// full capacity, and every refusal with nothing written. Time moves through PSEA_CLOCK_FILE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient } from './psea.mjs';

let server, advanced, editor, reader, otherAdvanced;
const RATED = '2026-01-10T09:00:00Z';

before(async () => {
  server = await Server.start({ clock: RATED });
  advanced = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  editor = await tokenClient(server, 'agency_editor', 'UNICEF');
  reader = await tokenClient(server, 'agency_reader', 'UNICEF');
  otherAdvanced = await tokenClient(server, 'agency_advanced_editor', 'WFP');
});
// A clean exit: under the sanitizers, a leak in any plan route would make it fail.
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

let partners = 0;
// A partner rated at the current clock: `unmet` lists the standards verified `no`.
async function ratedPartner({ unmet = [3, 5], contact = true } = {}) {
  const p = await advanced.post('/api/v1/partners', { name: `Partner ${++partners}`, type: 'national_ngo', country: 'KE' });
  assert.equal(p.status, 201, p.text);
  const partnerId = p.json.id;
  const a = await advanced.post('/api/v1/assessments', { partner_id: partnerId });
  assert.equal(a.status, 201, a.text);
  const id = a.json.id;
  const partnerEditor = await tokenClient(server, 'partner_editor', `partner:${partnerId}`);
  let r = await partnerEditor.put(`/api/v1/assessments/${id}/intro`,
    { contact_with_beneficiaries: contact, previously_assessed: false, previous: null });
  assert.equal(r.status, 200, r.text);
  const noAnswers = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'no', comment: 'to be built' }));
  r = await partnerEditor.put(`/api/v1/assessments/${id}/self-assessment`, { answers: noAnswers });
  assert.equal(r.status, 200, r.text);
  r = await partnerEditor.post(`/api/v1/assessments/${id}/self-assessment/submit`, {});
  assert.equal(r.status, 200, r.text);
  const verified = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: unmet.includes(n) ? 'no' : 'yes', comment: 'checked' }));
  r = await editor.put(`/api/v1/assessments/${id}/verification`, { answers: verified });
  assert.equal(r.status, 200, r.text);
  r = await advanced.post(`/api/v1/assessments/${id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  return { id, partnerId, partnerEditor };
}

const activity = (standard, extra = {}) => ({
  standard, description: `Strengthen standard ${standard}`, responsible: 'Programme manager', due_date: '2026-05-01', ...extra,
});

async function plan(id, client = reader) {
  const r = await client.get(`/api/v1/assessments/${id}/csip`);
  return r;
}

// An approved plan with one activity per unmet standard; returns the activity ids by standard.
async function activePlan(ctx, unmet = [3, 5], due_date = '2026-12-01') {
  let r = await editor.post(`/api/v1/assessments/${ctx.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  const ids = {};
  for (const n of unmet) {
    r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(n, { due_date }));
    assert.equal(r.status, 201, r.text);
    ids[n] = r.json.id;
  }
  r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/submit`, {});
  assert.equal(r.status, 200, r.text);
  r = await advanced.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {});
  assert.equal(r.status, 200, r.text);
  return ids;
}

async function alertsText(client) {
  const r = await client.get('/api/v1/alerts');
  assert.equal(r.status, 200, r.text);
  return JSON.stringify(r.json);
}

// Each scenario starts at a later instant: the server's clock only moves forward in this file.
test('plan for an assessment that is not rated is refused, nothing written', async () => {
  server.setClock(RATED);
  const p = await advanced.post('/api/v1/partners', { name: 'Unrated partner', type: 'cbo', country: 'UG' });
  const a = await advanced.post('/api/v1/assessments', { partner_id: p.json.id });
  const r = await editor.post(`/api/v1/assessments/${a.json.id}/csip`, {});
  assert.equal(r.status, 409);
  assert.equal(r.json.code, 'invalid_state');
  assert.equal((await plan(a.json.id)).status, 404);
});

test('plan required below full with contact, due one month after rating, then overdue', async () => {
  server.setClock(RATED);
  const ctx = await ratedPartner();
  let p = await advanced.get(`/api/v1/partners/${ctx.partnerId}`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.psea.csip.status, null);
  assert.equal(p.json.psea.csip.due, '2026-02-10T09:00:00Z');
  assert.match(await alertsText(ctx.partnerEditor), /csip_due/);
  assert.doesNotMatch(await alertsText(ctx.partnerEditor), /csip_overdue/);
  assert.match(await alertsText(advanced), /csip_due/);

  let r = await editor.post(`/api/v1/assessments/${ctx.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'draft');
  assert.equal(r.json.required, true);
  assert.equal(r.json.due, '2026-02-10T09:00:00Z');
  assert.equal(r.json.overdue, false);
  assert.equal(r.json.started_at, null);
  assert.deepEqual(r.json.reassessment, { date: null, score: null });
  assert.deepEqual(r.json.activities, []);
  assert.equal((await editor.post(`/api/v1/assessments/${ctx.id}/csip`, {})).status, 409);

  server.setClock('2026-02-10T09:00:00Z');
  assert.equal((await plan(ctx.id)).json.overdue, false);
  server.setClock('2026-02-10T09:00:01Z');
  r = await plan(ctx.id);
  assert.equal(r.json.overdue, true);
  p = await ctx.partnerEditor.get(`/api/v1/partners/${ctx.partnerId}`);
  assert.equal(p.json.psea.csip.status, 'draft');
  assert.equal(p.json.psea.csip.overdue, true);
  assert.match(await alertsText(ctx.partnerEditor), /csip_overdue/);
  assert.match(await alertsText(advanced), /csip_overdue/);
  // an agency not taking part in the assessment is not alerted
  assert.doesNotMatch(await alertsText(otherAdvanced), /csip_/);
  // the plan also shows inside the assessment object
  const a = await reader.get(`/api/v1/assessments/${ctx.id}`);
  assert.equal(a.json.csip.id, r.json.id);
  assert.equal(a.json.csip.overdue, true);
});

test('a full rating or no contact makes the plan available, not required', async () => {
  server.setClock('2026-03-01T00:00:00Z');
  const ctx = await ratedPartner({ unmet: [4], contact: false });
  // two editors starting the plan at once: one plan, the other told so
  const both = await Promise.all([editor, advanced].map((c) => c.post(`/api/v1/assessments/${ctx.id}/csip`, {})));
  assert.deepEqual(both.map((x) => x.status).sort(), [201, 409]);
  const r = both.find((x) => x.status === 201);
  assert.equal(r.json.required, false);
  const p = await reader.get(`/api/v1/partners/${ctx.partnerId}`);
  assert.equal(p.json.psea.csip.overdue, false);
});

test('bad activities are refused with nothing written', async () => {
  server.setClock('2026-03-02T10:00:00Z');
  const ctx = await ratedPartner();
  assert.equal((await editor.post(`/api/v1/assessments/${ctx.id}/csip`, {})).status, 201);
  const url = `/api/v1/assessments/${ctx.id}/csip/activities`;
  const cases = [
    [activity(1), 'standard', 'standard_met'],            // standard 1 is met already
    [activity(9), 'standard', 'invalid_value'],
    [activity(3, { due_date: '2026-03-01' }), 'due_date', 'before_plan_start'],
    [activity(3, { due_date: '2026-13-01' }), 'due_date', 'invalid_value'],
    [activity(3, { status: 'finished' }), 'status', 'invalid_value'],
    [activity(3, { description: '' }), 'description', 'required'],
    [activity(3, { responsible: 'x'.repeat(201) }), 'responsible', 'too_long'],
  ];
  for (const [body, field, code] of cases) {
    const r = await ctx.partnerEditor.post(url, body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.json.code, 'validation_failed');
    assert.ok(r.json.errors.some((e) => e.field === field && e.code === code), r.text);
  }
  // completing an activity while the plan is a draft
  let r = await ctx.partnerEditor.post(url, activity(3, { status: 'completed' }));
  assert.equal(r.status, 409);
  assert.equal(r.json.code, 'invalid_state');
  r = await ctx.partnerEditor.post(url, activity(3), { headers: { 'If-Match': '"9"' } });
  assert.equal(r.status, 409);
  assert.equal(r.json.code, 'version_conflict');
  const before = (await plan(ctx.id)).json;
  assert.equal(before.activities.length, 0);
  r = await ctx.partnerEditor.post(url, activity(3));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(Object.keys(r.json).sort(), ['assessment_id', 'completed_at', 'completion', 'description', 'due_date', 'id',
    'responsible', 'standard', 'status', 'version'].sort());
  assert.equal(r.json.completion, null);
  assert.equal(r.json.status, 'not_started');
  const act = r.json;
  r = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${act.id}`, { status: 'completed' });
  assert.equal(r.status, 409);
  assert.equal(r.json.code, 'invalid_state');
  r = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${act.id}`, { status: 'done' });
  assert.equal(r.status, 422);
  const after = (await plan(ctx.id)).json;
  assert.equal(after.activities[0].status, 'not_started');
  assert.equal(after.activities[0].version, act.version);
  // a stale version is refused
  r = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${act.id}`, { description: 'Revised' }, { headers: { 'If-Match': '"7"' } });
  assert.equal(r.status, 409);
  assert.equal(r.json.code, 'version_conflict');
  r = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${act.id}`, { description: 'Revised' }, { headers: { 'If-Match': `"${act.version}"` } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.description, 'Revised');
  assert.equal(r.json.version, act.version + 1);
});

test('submission needs an activity for every unmet standard, naming each; approval by an advanced editor', async () => {
  server.setClock('2026-03-03T10:00:00Z');
  const ctx = await ratedPartner({ unmet: [2, 3, 5] });
  await editor.post(`/api/v1/assessments/${ctx.id}/csip`, {});
  await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(3));
  let r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/submit`, {});
  assert.equal(r.status, 422);
  assert.equal(r.json.code, 'incomplete');
  assert.deepEqual(r.json.errors.map((e) => e.field), ['standards[2]', 'standards[5]']);
  assert.match(r.json.detail, /2 and 5/);
  assert.equal((await plan(ctx.id)).json.status, 'draft');
  // approving or extending a draft is a state error
  r = await advanced.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {});
  assert.equal(r.status, 409);
  await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(2));
  await editor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(5)); // on the partner's behalf
  // the agency submits on the partner's behalf
  r = await editor.post(`/api/v1/assessments/${ctx.id}/csip/submit`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.csip.status, 'submitted');
  assert.match(await alertsText(advanced), /csip_to_approve/);
  assert.equal((await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/submit`, {})).status, 409);
  assert.equal((await editor.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {})).status, 403);
  assert.equal((await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {})).status, 403);
  r = await advanced.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.csip.status, 'active');
  assert.equal(r.json.csip.started_at, '2026-03-03T10:00:00Z');
  assert.equal(r.json.csip.ends_at, '2026-09-03T10:00:00Z');
  assert.deepEqual(r.json.csip.reassessment, { date: '2026-09-03T10:00:00Z', score: null });
});

test('another partner never sees the plan; readers cannot write', async () => {
  server.setClock('2026-03-04T10:00:00Z');
  const ctx = await ratedPartner();
  const ids = await activePlan(ctx);
  const stranger = await ratedPartner({ unmet: [] });
  assert.equal((await stranger.partnerEditor.get(`/api/v1/assessments/${ctx.id}/csip`)).status, 404);
  assert.doesNotMatch(await alertsText(stranger.partnerEditor), /csip_/);
  assert.equal((await stranger.partnerEditor.patch(`/api/v1/csip-activities/${ids[3]}`, { status: 'in_progress' })).status, 404);
  const partnerReader = await tokenClient(server, 'partner_reader', `partner:${ctx.partnerId}`);
  assert.equal((await partnerReader.get(`/api/v1/assessments/${ctx.id}/csip`)).status, 200);
  assert.equal((await partnerReader.patch(`/api/v1/csip-activities/${ids[3]}`, { status: 'in_progress' })).status, 403);
  assert.equal((await reader.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(3))).status, 403);
  // an agency not taking part does not know the plan exists
  assert.equal((await otherAdvanced.get(`/api/v1/assessments/${ctx.id}/csip`)).status, 404);
  assert.equal((await otherAdvanced.post(`/api/v1/assessments/${ctx.id}/csip/extend`, { until: '2030-01-01', reason: 'x' })).status, 404);
});

test('six-month clock: confirmed just before counts, just after does not; completion makes the rating full', async () => {
  server.setClock('2026-04-01T12:00:00Z');
  const ctx = await ratedPartner();
  const ids = await activePlan(ctx);
  let p = await plan(ctx.id);
  assert.equal(p.json.ends_at, '2026-10-01T12:00:00Z');
  let r = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${ids[3]}`, { status: 'in_progress' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.completed_at, null);
  // the partner reports both well before the instant: reports alone count for nothing
  server.setClock('2026-09-30T08:00:00Z');
  for (const n of [3, 5]) {
    r = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${ids[n]}`, { status: 'completed' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.completed_at, '2026-09-30T08:00:00Z');
    assert.equal(r.json.completion.state, 'reported');
  }
  assert.equal((await plan(ctx.id)).json.standards_met, 6);
  server.setClock('2026-10-01T11:59:59Z');
  r = await editor.post(`/api/v1/csip-activities/${ids[3]}/confirm`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.completion.confirmed_at, '2026-10-01T11:59:59Z');
  p = await plan(ctx.id);
  assert.equal(p.json.standards[2].met, true);
  assert.equal(p.json.standards[2].source, 'plan');
  assert.equal(p.json.standards_met, 7);
  assert.deepEqual(p.json.reassessment, { date: '2026-10-01T12:00:00Z', score: null });
  // the standard met through the plan counts at once in the standing
  let partner = await reader.get(`/api/v1/partners/${ctx.partnerId}`);
  assert.equal(partner.json.psea.rating, 'medium');
  assert.doesNotMatch(await alertsText(advanced), new RegExp(`csip_reassessment[^}]*"${ctx.id}"`));

  server.setClock('2026-10-01T12:00:01Z');
  p = await plan(ctx.id);
  assert.equal(p.json.reassessment.score, 7);
  assert.match(await alertsText(advanced), /csip_reassessment/);
  r = await editor.post(`/api/v1/csip-activities/${ids[5]}/confirm`, {});
  assert.equal(r.status, 200, r.text);
  p = await plan(ctx.id);
  assert.equal(p.json.status, 'completed');
  assert.equal(p.json.completed_at, '2026-10-01T12:00:01Z');
  assert.equal(p.json.standards_met, 8);
  assert.equal(p.json.reassessment.score, 7, 'reported before the instant, confirmed after it: not counted');
  partner = await reader.get(`/api/v1/partners/${ctx.partnerId}`);
  assert.equal(partner.json.psea.rating, 'full');
  assert.equal(partner.json.psea.csip.status, 'completed');
  // read later, the score is the same; a completed plan takes no more changes
  server.setClock('2027-06-01T00:00:00Z');
  assert.equal((await plan(ctx.id)).json.reassessment.score, 7);
  r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(3, { due_date: '2027-07-01' }));
  assert.equal(r.status, 409);
  assert.equal((await ctx.partnerEditor.patch(`/api/v1/csip-activities/${ids[3]}`, { status: 'in_progress' })).status, 409);
});

test('extensions need a reason and a later end, are all kept, and move the instant', async () => {
  server.setClock('2027-07-01T08:00:00Z');
  const ctx = await ratedPartner();
  const ids = await activePlan(ctx, [3, 5], '2027-10-01');
  const url = `/api/v1/assessments/${ctx.id}/csip/extend`;
  let r = await advanced.post(url, { until: '2027-12-01', reason: '' });
  assert.equal(r.status, 422);
  r = await advanced.post(url, { until: '2027-12-01' });
  assert.equal(r.status, 422);
  r = await advanced.post(url, { until: '2027-12-31T23:59:59Z', reason: 'Earlier than the end' });
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].code, 'not_later');
  r = await advanced.post(url, { until: '2027-01-01T08:00:00Z', reason: 'In the past' });
  assert.equal(r.status, 422);
  r = await editor.post(url, { until: '2028-03-01', reason: 'Not allowed for editors' });
  assert.equal(r.status, 403);
  let p = await plan(ctx.id);
  assert.deepEqual(p.json.extensions, []);
  assert.equal(p.json.ends_at, '2028-01-01T08:00:00Z');

  r = await advanced.post(url, { until: '2028-03-01', reason: 'Floods delayed the training' },
    { headers: { 'If-Match': `"${p.json.version}"` } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.csip.ends_at, '2028-03-01T23:59:59Z');
  r = await advanced.post(url, { until: '2028-02-01', reason: 'Before the extended end' });
  assert.equal(r.status, 422);
  r = await advanced.post(url, { until: '2028-04-30', reason: 'Trainer changed' });
  assert.equal(r.status, 200, r.text);
  p = await plan(ctx.id);
  assert.equal(p.json.extensions.length, 2);
  assert.equal(p.json.extensions[0].reason, 'Floods delayed the training');
  assert.equal(p.json.extensions[1].until, '2028-04-30T23:59:59Z');
  assert.equal(p.json.reassessment.date, '2028-04-30T23:59:59Z');
  const history = (await reader.get(`/api/v1/assessments/${ctx.id}`)).json.history;
  assert.deepEqual(history.filter((h) => h.action.startsWith('csip_')).map((h) => h.action),
    ['csip_create', 'csip_submit', 'csip_approve', 'csip_extend', 'csip_extend']);
  assert.equal(history.find((h) => h.action === 'csip_extend').reason, 'Floods delayed the training');

  // past the six months, before the extended end: no score yet, and completion still counts
  server.setClock('2028-02-15T00:00:00Z');
  assert.equal((await plan(ctx.id)).json.reassessment.score, null);
  let done = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${ids[3]}`, { status: 'completed' });
  assert.equal(done.status, 200, done.text);
  done = await editor.post(`/api/v1/csip-activities/${ids[3]}/confirm`, {});
  assert.equal(done.status, 200, done.text);
  // standard 3 is now met through the plan: no further activity for it
  done = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(3, { due_date: '2028-03-01' }));
  assert.equal(done.status, 422);
  assert.equal(done.json.errors[0].code, 'standard_met');
  server.setClock('2028-05-01T00:00:00Z');
  p = await plan(ctx.id);
  assert.equal(p.json.reassessment.score, 7);
  r = await advanced.post(url, { until: '2028-06-30', reason: 'stale version' }, { headers: { 'If-Match': '"1"' } });
  assert.equal(r.status, 409);
  assert.equal(r.json.code, 'version_conflict');
  assert.equal((await plan(ctx.id)).json.extensions.length, 2);
});

test('every plan write is in the audit log', async () => {
  const admin = await tokenClient(server, 'admin', 'UNICEF');
  const r = await admin.get('/api/v1/audit?object_type=csip&limit=200');
  assert.equal(r.status, 200);
  const actions = new Set(r.json.items.map((e) => e.action));
  for (const a of ['create', 'submit', 'approve', 'extend', 'complete']) assert.ok(actions.has(a), a);
  const acts = await admin.get('/api/v1/audit?object_type=csip_activity&limit=200');
  const actActions = new Set(acts.json.items.map((e) => e.action));
  for (const a of ['create', 'update', 'complete']) assert.ok(actActions.has(a), a);
});
