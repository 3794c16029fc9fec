// A plan activity's completion counts only once an agency confirms it: the partner reports it,
// an agency editor of a participating agency confirms it or sends it back with a reason, and
// both steps are in the assessment's history. Until confirmed, the standard stays unmet, the
// plan open and the rating in force unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, assertProblem } from './psea.mjs';
import { agencyClients, ratedPartner, activePlan, alertsOf, historyOf } from './plans.mjs';

let server, agency, otherAdvanced;

before(async () => {
  server = await Server.start({ clock: '2026-01-10T09:00:00Z' });
  agency = await agencyClients(server);
  otherAdvanced = await tokenClient(server, 'agency_advanced_editor', 'WFP');
});
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

const plan = async (id) => (await agency.reader.get(`/api/v1/assessments/${id}/csip`)).json;
const psea = async (partnerId) => (await agency.reader.get(`/api/v1/partners/${partnerId}`)).json.psea;

test('a partner reporting every activity completed does not raise its own rating', async () => {
  server.setClock('2026-01-10T09:00:00Z');
  const ctx = await ratedPartner(server, agency);
  const ids = await activePlan(ctx, agency);
  server.setClock('2026-02-01T10:00:00Z');
  for (const n of [3, 5]) {
    const r = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${ids[n]}`, { status: 'completed' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'completed');
    assert.equal(r.json.completion.state, 'reported');
    assert.equal(r.json.completion.reported_at, '2026-02-01T10:00:00Z');
    assert.equal(r.json.completion.reported_by, ctx.partnerEditor.user.id);
    assert.equal(r.json.completion.confirmed_at, null);
  }
  const p = await plan(ctx.id);
  assert.equal(p.status, 'active');
  assert.equal(p.standards_met, 6);
  assert.equal(p.standards[2].met, false);
  const s = await psea(ctx.partnerId);
  assert.equal(s.rating, 'medium');
  assert.equal(s.csip.status, 'active');
  // the agency is asked to confirm; the partner is not
  assert.equal((await alertsOf(agency.advanced, 'csip_activity_to_confirm', ctx.id)).length, 1);
  assert.equal((await alertsOf(agency.editor, 'csip_activity_to_confirm', ctx.id)).length, 1);
  assert.equal((await alertsOf(ctx.partnerEditor, 'csip_activity_to_confirm', ctx.id)).length, 0);
  assert.equal((await alertsOf(agency.reader, 'csip_activity_to_confirm', ctx.id)).length, 0, 'a reader cannot confirm');
  assert.deepEqual((await historyOf(agency.reader, ctx.id)).filter((h) => h.action.startsWith('csip_activity_')).map((h) => h.action),
    ['csip_activity_reported', 'csip_activity_reported']);
});

test('only an agency editor of a participating agency confirms or returns, nothing written otherwise', async () => {
  server.setClock('2026-03-01T09:00:00Z');
  const ctx = await ratedPartner(server, agency);
  const ids = await activePlan(ctx, agency);
  const partnerReader = await tokenClient(server, 'partner_reader', `partner:${ctx.partnerId}`);
  const url = (what) => `/api/v1/csip-activities/${ids[3]}/${what}`;
  // nothing reported yet: nothing to confirm
  assertProblem(await agency.editor.post(url('confirm'), {}), 409, 'invalid_state');
  assert.equal((await ctx.partnerEditor.patch(`/api/v1/csip-activities/${ids[3]}`, { status: 'completed' })).status, 200);
  assertProblem(await ctx.partnerEditor.post(url('confirm'), {}), 403, 'forbidden');
  assertProblem(await partnerReader.post(url('confirm'), {}), 403, 'forbidden');
  assertProblem(await agency.reader.post(url('confirm'), {}), 403, 'forbidden');
  assertProblem(await otherAdvanced.post(url('confirm'), {}), 404, 'not_found');
  assertProblem(await ctx.partnerEditor.post(url('return'), { reason: 'x' }), 403, 'forbidden');
  assertProblem(await agency.editor.post(url('return'), {}), 422, 'validation_failed');
  assertProblem(await agency.editor.post(url('return'), { reason: '   ' }), 422, 'validation_failed');
  assertProblem(await agency.editor.post(`/api/v1/csip-activities/999999/confirm`, {}), 404, 'not_found');
  assertProblem(await agency.editor.post(url('confirm'), {}, { headers: { 'If-Match': '"99"' } }), 409, 'version_conflict');
  // the partner cannot take its report back either
  assertProblem(await ctx.partnerEditor.patch(`/api/v1/csip-activities/${ids[3]}`, { status: 'in_progress' }), 409, 'invalid_state');
  const act = (await plan(ctx.id)).activities.find((a) => a.id === ids[3]);
  assert.equal(act.completion.state, 'reported');
  assert.equal((await plan(ctx.id)).standards_met, 6);
});

test('sent back with a reason, reported again, confirmed: the rating rises at the confirmation', async () => {
  server.setClock('2026-04-01T09:00:00Z');
  const ctx = await ratedPartner(server, agency);
  const ids = await activePlan(ctx, agency);
  server.setClock('2026-04-10T09:00:00Z');
  for (const n of [3, 5]) assert.equal((await ctx.partnerEditor.patch(`/api/v1/csip-activities/${ids[n]}`, { status: 'completed' })).status, 200);
  server.setClock('2026-04-11T09:00:00Z');
  let r = await agency.editor.post(`/api/v1/csip-activities/${ids[3]}/return`, { reason: 'The attendance list is missing.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'in_progress');
  assert.equal(r.json.completed_at, null);
  assert.deepEqual(r.json.completion, {
    state: 'returned', reported_at: null, reported_by: null, confirmed_at: null, confirmed_by: null,
    returned_at: '2026-04-11T09:00:00Z', returned_by: agency.editor.user.id, reason: 'The attendance list is missing.', superseded: false,
  });
  const returned = await alertsOf(ctx.partnerEditor, 'csip_activity_returned', ctx.id);
  assert.equal(returned.length, 1);
  assert.equal((await alertsOf(agency.editor, 'csip_activity_returned', ctx.id)).length, 0);
  assertProblem(await agency.editor.post(`/api/v1/csip-activities/${ids[3]}/return`, { reason: 'again' }), 409, 'invalid_state');

  server.setClock('2026-04-12T09:00:00Z');
  r = await agency.editor.post(`/api/v1/csip-activities/${ids[5]}/confirm`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.completion.state, 'confirmed');
  assert.equal(r.json.completion.confirmed_by, agency.editor.user.id);
  assert.equal(r.json.completion.reported_at, '2026-04-10T09:00:00Z');
  assert.equal((await plan(ctx.id)).standards_met, 7);
  assert.equal((await psea(ctx.partnerId)).rating, 'medium');
  assertProblem(await agency.editor.post(`/api/v1/csip-activities/${ids[5]}/confirm`, {}), 409, 'invalid_state');

  server.setClock('2026-04-20T09:00:00Z');
  r = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${ids[3]}`, { status: 'completed' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.completion.state, 'reported');
  assert.equal((await alertsOf(ctx.partnerEditor, 'csip_activity_returned', ctx.id)).length, 0);
  assert.equal((await psea(ctx.partnerId)).rating, 'medium');
  server.setClock('2026-04-21T09:00:00Z');
  r = await agency.advanced.post(`/api/v1/csip-activities/${ids[3]}/confirm`, {});
  assert.equal(r.status, 200, r.text);
  const p = await plan(ctx.id);
  assert.equal(p.status, 'completed');
  assert.equal(p.completed_at, '2026-04-21T09:00:00Z', 'the plan completes at the last confirmation');
  assert.equal(p.standards_met, 8);
  const s = await psea(ctx.partnerId);
  assert.equal(s.rating, 'full');
  assert.equal((await alertsOf(agency.editor, 'csip_activity_to_confirm', ctx.id)).length, 0);

  const steps = (await historyOf(ctx.partnerEditor, ctx.id)).filter((h) => h.action.startsWith('csip_activity_') || h.action === 'csip_complete');
  assert.deepEqual(steps.map((h) => h.action), ['csip_activity_reported', 'csip_activity_reported', 'csip_activity_returned',
    'csip_activity_confirmed', 'csip_activity_reported', 'csip_activity_confirmed', 'csip_complete']);
  const back = steps.find((h) => h.action === 'csip_activity_returned');
  assert.equal(back.reason, 'The attendance list is missing.');
  assert.equal(back.by, agency.editor.user.id);
  assert.equal(back.at, '2026-04-11T09:00:00Z');
  const admin = await tokenClient(server, 'admin', 'UNICEF');
  const log = await admin.get(`/api/v1/audit?object_type=csip_activity&object_id=${ids[3]}&limit=50`);
  assert.deepEqual(log.json.items.map((e) => e.action).reverse(), ['create', 'complete', 'returned', 'complete', 'confirmed']);
});

test('an agency editor completing an activity confirms it at once', async () => {
  server.setClock('2026-05-01T09:00:00Z');
  const ctx = await ratedPartner(server, agency, { unmet: [4] });
  const ids = await activePlan(ctx, agency, [4]);
  server.setClock('2026-05-02T09:00:00Z');
  const r = await agency.editor.patch(`/api/v1/csip-activities/${ids[4]}`, { status: 'completed' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.completion.state, 'confirmed');
  assert.equal(r.json.completion.confirmed_at, '2026-05-02T09:00:00Z');
  assert.equal(r.json.completion.reported_by, agency.editor.user.id);
  assert.equal((await plan(ctx.id)).status, 'completed');
  assert.equal((await psea(ctx.partnerId)).rating, 'full');
  assert.deepEqual((await historyOf(agency.reader, ctx.id)).filter((h) => h.action.startsWith('csip_activity_')).map((h) => h.action),
    ['csip_activity_reported', 'csip_activity_confirmed']);
});

test('the six-month score counts confirmations at their instant, not reports', async () => {
  server.setClock('2026-06-01T12:00:00Z');
  const ctx = await ratedPartner(server, agency);
  const ids = await activePlan(ctx, agency);
  assert.equal((await plan(ctx.id)).ends_at, '2026-12-01T12:00:00Z');
  server.setClock('2026-11-01T00:00:00Z');
  for (const n of [3, 5]) assert.equal((await ctx.partnerEditor.patch(`/api/v1/csip-activities/${ids[n]}`, { status: 'completed' })).status, 200);
  server.setClock('2026-12-01T12:00:00Z');
  assert.equal((await agency.editor.post(`/api/v1/csip-activities/${ids[3]}/confirm`, {})).status, 200);
  server.setClock('2026-12-01T12:00:01Z');
  assert.equal((await agency.editor.post(`/api/v1/csip-activities/${ids[5]}/confirm`, {})).status, 200);
  for (const later of ['2026-12-02T00:00:00Z', '2029-01-01T00:00:00Z']) {
    server.setClock(later);
    assert.equal((await plan(ctx.id)).reassessment.score, 7);
  }
});
