// Rating again: a gap the new rating finds gets activities on the assessment's plan (reopened
// when it was completed), completions confirmed before the new rating no longer count, and the
// partner's request to unlock a rated assessment is granted in one step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { assertProblem } from './psea.mjs';
import { agencyClients, ratedPartner, activePlan, activity, verify, alertsOf, historyOf } from './plans.mjs';

let server, agency;

before(async () => {
  server = await Server.start({ clock: '2026-01-10T09:00:00Z' });
  agency = await agencyClients(server);
});
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

const plan = async (id) => (await agency.reader.get(`/api/v1/assessments/${id}/csip`)).json;
const rating = async (partnerId) => (await agency.reader.get(`/api/v1/partners/${partnerId}`)).json.psea.rating;

test('a gap found by a new rating reopens the completed plan and takes new activities', async () => {
  server.setClock('2026-01-10T09:00:00Z');
  const ctx = await ratedPartner(server, agency);
  const ids = await activePlan(ctx, agency);
  server.setClock('2026-02-01T09:00:00Z');
  for (const n of [3, 5]) assert.equal((await agency.editor.patch(`/api/v1/csip-activities/${ids[n]}`, { status: 'completed' })).status, 200);
  assert.equal((await plan(ctx.id)).status, 'completed');
  assert.equal(await rating(ctx.partnerId), 'full');

  // monitoring finds standard 3 wanting again: the agency rates anew
  server.setClock('2026-05-01T09:00:00Z');
  let r = await agency.advanced.post(`/api/v1/assessments/${ctx.id}/unlock-rating`, { reason: 'Monitoring visit: vetting not applied.' });
  assert.equal(r.status, 200, r.text);
  await verify(agency.editor, ctx.id, [3]);
  r = await agency.advanced.post(`/api/v1/assessments/${ctx.id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  let p = await plan(ctx.id);
  assert.equal(p.status, 'active', 'the completed plan is active again');
  assert.equal(p.completed_at, null);
  assert.equal(p.standards[2].met, false, 'the earlier completion for standard 3 no longer counts');
  assert.equal(p.standards[4].source, 'rating');
  assert.equal(p.standards_met, 7);
  const old = p.activities.find((a) => a.id === ids[3]);
  assert.equal(old.completion.state, 'confirmed');
  assert.equal(old.completion.superseded, true);
  assert.equal(await rating(ctx.partnerId), 'medium');
  assert.ok((await historyOf(agency.reader, ctx.id)).some((h) => h.action === 'csip_reopen' && h.at === '2026-05-01T09:00:00Z'));
  assert.equal((await alertsOf(ctx.partnerEditor, 'csip_gap', ctx.id)).length, 1, 'the partner is told to cover the gap');

  // the gap gets a new activity, reported by the partner and confirmed by the agency
  r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(3, { description: 'Apply vetting to every hire' }));
  assert.equal(r.status, 201, r.text);
  const fresh = r.json.id;
  assert.equal((await alertsOf(ctx.partnerEditor, 'csip_gap', ctx.id)).length, 0);
  assertProblem(await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(5)), 422, 'validation_failed');
  server.setClock('2026-06-01T09:00:00Z');
  assert.equal((await ctx.partnerEditor.patch(`/api/v1/csip-activities/${fresh}`, { status: 'completed' })).status, 200);
  assert.equal((await plan(ctx.id)).status, 'active');
  assert.equal((await agency.editor.post(`/api/v1/csip-activities/${fresh}/confirm`, {})).status, 200);
  p = await plan(ctx.id);
  assert.equal(p.status, 'completed');
  assert.equal(p.completed_at, '2026-06-01T09:00:00Z');
  assert.equal(await rating(ctx.partnerId), 'full');
});

test('a new rating that finds no gap leaves a completed plan as it was', async () => {
  server.setClock('2026-07-01T09:00:00Z');
  const ctx = await ratedPartner(server, agency, { unmet: [6] });
  const ids = await activePlan(ctx, agency, [6]);
  assert.equal((await agency.editor.patch(`/api/v1/csip-activities/${ids[6]}`, { status: 'completed' })).status, 200);
  const before = await plan(ctx.id);
  assert.equal(before.status, 'completed');
  server.setClock('2026-08-01T09:00:00Z');
  assert.equal((await agency.advanced.post(`/api/v1/assessments/${ctx.id}/unlock-rating`, { reason: 'New director.' })).status, 200);
  await verify(agency.editor, ctx.id, []);
  assert.equal((await agency.advanced.post(`/api/v1/assessments/${ctx.id}/finalize`, {})).status, 200);
  const after = await plan(ctx.id);
  assert.equal(after.status, 'completed');
  assert.equal(after.completed_at, before.completed_at);
  assert.equal(await rating(ctx.partnerId), 'full');
});

test('the partner\'s unlock request on a rated assessment is granted in one step', async () => {
  server.setClock('2026-09-01T09:00:00Z');
  const ctx = await ratedPartner(server, agency, { unmet: [4] });
  server.setClock('2026-10-01T09:00:00Z');
  let r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/unlock-requests`, { reason: 'We merged with another NGO; our policies changed.' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await alertsOf(agency.advanced, 'unlock_request', ctx.id)).length, 1);
  r = await agency.advanced.post(`/api/v1/assessments/${ctx.id}/unlock-self-assessment`, { reason: 'As you asked: update your answers.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'self_assessment');
  assert.ok(r.json.unlock_requests[0].resolved_at);
  assert.equal((await alertsOf(agency.advanced, 'unlock_request', ctx.id)).length, 0);
  // the rating given stays in force meanwhile
  assert.equal(await rating(ctx.partnerId), 'medium');
  // the partner answers again, and the agency rates again
  r = await ctx.partnerEditor.put(`/api/v1/assessments/${ctx.id}/self-assessment`,
    { answers: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'no' })) });
  assert.equal(r.status, 200, r.text);
  assert.equal((await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/self-assessment/submit`, {})).status, 200);
  await verify(agency.editor, ctx.id, []);
  assert.equal((await agency.advanced.post(`/api/v1/assessments/${ctx.id}/finalize`, {})).status, 200);
  assert.equal(await rating(ctx.partnerId), 'full');
  const actions = (await historyOf(agency.reader, ctx.id)).map((h) => h.action);
  assert.deepEqual(actions.slice(-5), ['unlock_requested', 'self_assessment_unlocked', 'self_assessment_submitted',
    'verification_started', 'finalized']);
});

test('unlocking the rating also grants the partner\'s open request', async () => {
  server.setClock('2026-11-01T09:00:00Z');
  const ctx = await ratedPartner(server, agency, { unmet: [4] });
  assert.equal((await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/unlock-requests`, { reason: 'New evidence for standard 4.' })).status, 201);
  const r = await agency.advanced.post(`/api/v1/assessments/${ctx.id}/unlock-rating`, { reason: 'We verify standard 4 again.' });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.unlock_requests[0].resolved_at);
  assert.equal((await alertsOf(agency.advanced, 'unlock_request', ctx.id)).length, 0);
});
