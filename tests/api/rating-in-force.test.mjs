// The rating in force cannot be changed behind the partner's back: an unlock leaves what others
// see as it was, plan progress included, until finalized again; finalizing again keeps the
// rating's date unless the agency asks for a new one; a change of the capacity bands leaves the
// ratings already given as they were; an accepted prior assessment keeps its rating, asks for its
// plan when below full, and its plan falls due from the acceptance.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, agencyId, createPartner, openAssessment, upload, answers, assertProblem } from './psea.mjs';
import { pdf } from './files.mjs';

const RATED = '2026-01-10T09:00:00Z';
let server, advanced, editor, reader, whoReader, admin, who;

before(async () => {
  server = await Server.start({ clock: RATED });
  advanced = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  editor = await tokenClient(server, 'agency_editor', 'UNICEF');
  reader = await tokenClient(server, 'agency_reader', 'UNICEF');
  whoReader = await tokenClient(server, 'agency_reader', 'WHO');
  admin = await tokenClient(server, 'admin');
  who = await agencyId(advanced, 'WHO');
});
// A clean exit: under the sanitizers, a leak in any route used here would make it fail.
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

// A partner rated now with standards `unmet` verified no (contact with beneficiaries).
async function rated(unmet) {
  const p = await createPartner(advanced);
  const pe = await tokenClient(server, 'partner_editor', `partner:${p.id}`);
  const a = await openAssessment(advanced, p.id);
  let r = await pe.put(`/api/v1/assessments/${a.id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false });
  assert.equal(r.status, 200, r.text);
  const values = Array.from({ length: 8 }, (_, i) => (unmet.includes(i + 1) ? 'no' : 'yes'));
  for (let k = 1; k <= 8; k++) if (values[k - 1] === 'yes') await upload(pe, a.id, { file: pdf(), standard: k });
  await pe.put(`/api/v1/assessments/${a.id}/self-assessment`, { answers: answers(values) });
  assert.equal((await pe.post(`/api/v1/assessments/${a.id}/self-assessment/submit`, {})).status, 200);
  await editor.put(`/api/v1/assessments/${a.id}/verification`, { answers: answers(values) });
  r = await advanced.post(`/api/v1/assessments/${a.id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  return { id: a.id, partnerId: p.id, pe };
}

// An approved plan with one activity per standard of `standards`; those of `completed` completed.
async function planCompleted(x, standards, completed = standards) {
  let r = await editor.post(`/api/v1/assessments/${x.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  const ids = [];
  for (const n of standards) {
    r = await x.pe.post(`/api/v1/assessments/${x.id}/csip/activities`,
      { standard: n, description: `Strengthen standard ${n}`, responsible: 'Director', due_date: '2026-12-01' });
    assert.equal(r.status, 201, r.text);
    if (completed.includes(n)) ids.push(r.json.id);
  }
  assert.equal((await x.pe.post(`/api/v1/assessments/${x.id}/csip/submit`, {})).status, 200);
  assert.equal((await advanced.post(`/api/v1/assessments/${x.id}/csip/approve`, {})).status, 200);
  for (const id of ids) {
    r = await editor.patch(`/api/v1/csip-activities/${id}`, { status: 'completed' });
    assert.equal(r.status, 200, r.text);
  }
}

const psea = async (partnerId, client = reader) => (await client.get(`/api/v1/partners/${partnerId}`)).json.psea;

async function settings(values) {
  const r = await admin.patch('/api/v1/settings', values);
  assert.equal(r.status, 200, r.text);
}

test('an unlocked rating stays what others see, plan progress included, until finalized again', async () => {
  server.setClock(RATED);
  const x = await rated([3, 5]);
  server.setClock('2026-03-01T09:00:00Z');
  await planCompleted(x, [3, 5]);
  const before = await psea(x.partnerId);
  assert.deepEqual([before.rating, before.standards_met, before.rating_date], ['full', 8, '2026-01-10']);
  server.setClock('2026-04-01T09:00:00Z');
  let r = await advanced.post(`/api/v1/assessments/${x.id}/unlock-rating`, { reason: 'Monitoring visit found the hotline closed.' });
  assert.equal(r.status, 200, r.text);
  const strip = (s) => ({ ...s, csip: { ...s.csip, overdue: undefined } });
  assert.deepEqual(strip(await psea(x.partnerId)), strip(before), 'the unlock alone changes nothing others see');
  assert.deepEqual(strip(await psea(x.partnerId, whoReader)), strip(before));
  // a draft of the verification is not the rating either
  r = await editor.put(`/api/v1/assessments/${x.id}/verification`, { answers: [{ standard: 5, answer: 'no' }, { standard: 1, answer: 'no' }] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(strip(await psea(x.partnerId)), strip(before), 'a draft is not in force');
  const plan = (await reader.get(`/api/v1/assessments/${x.id}/csip`)).json;
  assert.equal(plan.standards_met, 8, 'the plan reads the rating as finalized');
  const observed = (await whoReader.get(`/api/v1/observation?q=${encodeURIComponent((await reader.get(`/api/v1/partners/${x.partnerId}`)).json.name)}`)).json.items[0];
  assert.equal(observed.psea.rating, 'full');
  // finalized again: the new verification is the rating, on the same date
  r = await advanced.post(`/api/v1/assessments/${x.id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rating.rated_at, RATED);
  assert.equal(r.json.rating.valid_until, '2031-01-10');
  // the new verification is a fresh judgement: plan work confirmed before it no longer counts
  // (standards 1, 3 and 5 verified no: 5 met, low), the date stays
  const after = await psea(x.partnerId);
  assert.deepEqual([after.rating, after.rating_date, after.valid_until], ['low', '2026-01-10', '2031-01-10']);
  assert.equal(after.standards[0], 'no');
});

test('finalizing again keeps the rating\'s date; new_rating_date starts the validity again', async () => {
  server.setClock('2026-05-01T09:00:00Z');
  const x = await rated([]);
  server.setClock('2027-02-01T09:00:00Z');
  const unlock = () => advanced.post(`/api/v1/assessments/${x.id}/unlock-rating`, { reason: 'Organisational changes.' });
  assert.equal((await unlock()).status, 200);
  for (const body of [{ new_rating_date: 'yes' }, { new_rating_date: 1 }]) {
    const r = await advanced.post(`/api/v1/assessments/${x.id}/finalize`, body);
    assertProblem(r, 422, 'validation_failed');
    assert.equal(r.json.errors[0].field, 'new_rating_date');
  }
  assert.equal((await reader.get(`/api/v1/assessments/${x.id}`)).json.status, 'rating_unlocked', 'nothing written');
  let r = await advanced.post(`/api/v1/assessments/${x.id}/finalize`, { new_rating_date: false });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.rating.rated_at, r.json.rating.valid_until], ['2026-05-01T09:00:00Z', '2031-05-01']);
  assert.equal((await psea(x.partnerId)).valid_until, '2031-05-01');
  // the agency counts the next revision as a new assessment
  assert.equal((await unlock()).status, 200);
  r = await advanced.post(`/api/v1/assessments/${x.id}/finalize`, { new_rating_date: true });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.rating.rated_at, r.json.rating.valid_until], ['2027-02-01T09:00:00Z', '2032-02-01']);
  assert.deepEqual([(await psea(x.partnerId)).rating_date, (await psea(x.partnerId)).valid_until], ['2027-02-01', '2032-02-01']);
  assert.deepEqual(r.json.history.filter((h) => h.action === 'finalized').length, 3);
});

test('changing the capacity bands leaves the ratings already given as they were', async () => {
  server.setClock('2026-06-01T09:00:00Z');
  const seven = await rated([7]);          // 7 met: medium under 8/6
  const planned = await rated([3, 5]);     // 6 met: medium; a plan meets one standard
  server.setClock('2026-06-15T09:00:00Z');
  await planCompleted(planned, [3, 5], [3]);
  assert.deepEqual([(await psea(seven.partnerId)).rating, (await psea(planned.partnerId)).rating], ['medium', 'medium']);
  await settings({ 'rating.full_min': 7, 'rating.medium_min': 5 });
  try {
    const s7 = await psea(seven.partnerId), sp = await psea(planned.partnerId);
    assert.deepEqual([s7.rating, s7.standards_met], ['medium', 7], 'given under 8/6');
    assert.deepEqual([sp.rating, sp.standards_met], ['medium', 7], 'plan progress counts with the bands of the rating');
    assert.equal((await reader.get(`/api/v1/partners?rating=full&q=${encodeURIComponent((await reader.get(`/api/v1/partners/${seven.partnerId}`)).json.name)}`)).json.items.length, 0);
    // a rating given now takes the new bands, and keeps them after they change back
    const later = await rated([7]);
    assert.equal((await psea(later.partnerId)).rating, 'full');
    await settings({ 'rating.full_min': 8, 'rating.medium_min': 6 });
    assert.equal((await psea(later.partnerId)).rating, 'full');
    assert.equal((await psea(seven.partnerId)).rating, 'medium');
  } finally {
    await settings({ 'rating.full_min': 8, 'rating.medium_min': 6 });
  }
});

// A partner whose Section 1 declares a prior assessment by WHO.
async function declaredPrior(rating, date = '2025-03-01') {
  const p = await createPartner(advanced);
  const pe = await tokenClient(server, 'partner_editor', `partner:${p.id}`);
  const a = await openAssessment(advanced, p.id);
  const r = await pe.put(`/api/v1/assessments/${a.id}/intro`,
    { contact_with_beneficiaries: true, previously_assessed: true, previous: { agency_id: who, date, rating } });
  assert.equal(r.status, 200, r.text);
  assert.equal((await upload(pe, a.id, { file: pdf(), standard: '', title: 'WHO assessment', kind: 'previous_assessment' })).status, 201);
  return { id: a.id, partnerId: p.id, pe };
}

test('an accepted prior medium keeps its rating, needs its plan, and its plan falls due from the acceptance', async () => {
  server.setClock('2026-07-01T09:00:00Z');
  const x = await declaredPrior('medium');
  const url = `/api/v1/assessments/${x.id}/accept-previous`;
  let r = await advanced.post(url, {});
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(r.json.errors.map((e) => [e.field, e.code]), [['intro.documents', 'plan_required']]);
  assert.equal((await reader.get(`/api/v1/assessments/${x.id}`)).json.status, 'self_assessment', 'nothing written');
  assert.equal((await upload(x.pe, x.id, { file: pdf(), standard: '', title: 'WHO plan', kind: 'previous_plan' })).status, 201);
  r = await advanced.post(url, {});
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.rating.value, r.json.rating.rated_at, r.json.rating.valid_until], ['medium', '2025-03-01T00:00:00Z', '2030-03-01']);
  assert.equal(r.json.rating.standards_met, null, 'not known: not "none met"');
  let s = await psea(x.partnerId);
  assert.deepEqual([s.rating, s.source, s.standards_met, s.eligible, s.assessment_id], ['medium', 'previous', null, true, x.id]);
  assert.deepEqual(s.standards, Array(8).fill(null));
  // the plan is due a month after the acceptance, not after the prior date
  assert.deepEqual([s.csip.required, s.csip.due, s.csip.overdue], [true, '2026-08-01T09:00:00Z', false]);
  r = await editor.post(`/api/v1/assessments/${x.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.due, '2026-08-01T09:00:00Z');
  assert.equal(r.json.standards_met, null);
  assert.ok(r.json.standards.every((k) => k.met === null), JSON.stringify(r.json.standards));
  // one activity, from the prior plan, makes a plan that can be submitted
  r = await x.pe.post(`/api/v1/assessments/${x.id}/csip/activities`,
    { standard: 4, description: 'Train every new staff member', responsible: 'HR', due_date: '2026-10-01' });
  assert.equal(r.status, 201, r.text);
  r = await x.pe.post(`/api/v1/assessments/${x.id}/csip/submit`, {});
  assert.equal(r.status, 200, r.text);
  s = await psea(x.partnerId);
  assert.equal(s.rating, 'medium');
  server.setClock('2026-08-02T09:00:00Z');
  assert.equal((await psea(x.partnerId)).csip.overdue, false, 'submitted in time');
});

test('an accepted prior full needs no plan document; an overdue plan counts from the acceptance', async () => {
  server.setClock('2026-09-01T09:00:00Z');
  const full = await declaredPrior('full', '2024-01-15');
  let r = await advanced.post(`/api/v1/assessments/${full.id}/accept-previous`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal((await psea(full.partnerId)).csip, null, 'full: no plan required');
  const low = await declaredPrior('low', '2024-01-15');
  assert.equal((await upload(low.pe, low.id, { file: pdf(), standard: '', title: 'Plan', kind: 'previous_plan' })).status, 201);
  r = await advanced.post(`/api/v1/assessments/${low.id}/accept-previous`, {});
  assert.equal(r.status, 200, r.text);
  let s = await psea(low.partnerId);
  assert.deepEqual([s.rating, s.csip.due, s.csip.overdue], ['low', '2026-10-01T09:00:00Z', false]);
  server.setClock('2026-10-01T09:00:01Z');
  s = await psea(low.partnerId);
  assert.equal(s.csip.overdue, true);
});
