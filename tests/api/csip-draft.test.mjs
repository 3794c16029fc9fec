// The partner starts its own plan when one is required, and editors of either side revise or
// delete a draft plan's activities; once the plan is submitted its activities only move forward.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, assertProblem } from './psea.mjs';
import { agencyClients, ratedPartner, activity, alertsOf } from './plans.mjs';

let server, agency;

before(async () => {
  server = await Server.start({ clock: '2026-01-10T09:00:00Z' });
  agency = await agencyClients(server);
});
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

test('the partner alerted that a plan is due starts it itself', async () => {
  const ctx = await ratedPartner(server, agency);
  assert.equal((await alertsOf(ctx.partnerEditor, 'csip_due', ctx.id)).length, 1);
  const partnerReader = await tokenClient(server, 'partner_reader', `partner:${ctx.partnerId}`);
  assertProblem(await partnerReader.post(`/api/v1/assessments/${ctx.id}/csip`, {}), 403, 'forbidden');
  const r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'draft');
  assert.equal(r.json.required, true);
  assertProblem(await agency.editor.post(`/api/v1/assessments/${ctx.id}/csip`, {}), 409, 'invalid_state');
  const history = (await agency.reader.get(`/api/v1/assessments/${ctx.id}`)).json.history;
  const created = history.find((h) => h.action === 'csip_create');
  assert.equal(created.by, ctx.partnerEditor.user.id);
  // another partner's editor does not know the assessment exists
  const stranger = await ratedPartner(server, agency, { unmet: [] });
  assertProblem(await stranger.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip`, {}), 404, 'not_found');
});

test('a draft plan\'s activities are revised or deleted by editors of either side', async () => {
  const ctx = await ratedPartner(server, agency);
  assert.equal((await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip`, {})).status, 201);
  const add = async (n) => {
    const r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(n));
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const a3 = await add(3), a5 = await add(5), extra = await add(5);
  let r = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${a3.id}`,
    { description: 'Vet every candidate', responsible: 'HR lead', due_date: '2026-06-30' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.description, 'Vet every candidate');
  assert.equal(r.json.responsible, 'HR lead');
  assert.equal(r.json.due_date, '2026-06-30');
  r = await agency.editor.patch(`/api/v1/csip-activities/${a5.id}`, { due_date: '2026-07-31' });
  assert.equal(r.status, 200, r.text);
  // deleting: a stale version is refused, readers may not, then the plan answers without it
  assertProblem(await ctx.partnerEditor.delete(`/api/v1/csip-activities/${extra.id}`, { headers: { 'If-Match': '"9"' } }), 409, 'version_conflict');
  assertProblem(await agency.reader.delete(`/api/v1/csip-activities/${extra.id}`), 403, 'forbidden');
  r = await agency.editor.delete(`/api/v1/csip-activities/${extra.id}`, { headers: { 'If-Match': `"${extra.version}"` } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.activities.map((a) => a.id), [a3.id, a5.id]);
  assertProblem(await agency.editor.delete(`/api/v1/csip-activities/${extra.id}`), 404, 'not_found');
  r = await ctx.partnerEditor.delete(`/api/v1/csip-activities/${a5.id}`);
  assert.equal(r.status, 200, r.text);
  // without an activity for standard 5 the plan cannot be submitted
  assertProblem(await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/submit`, {}), 422, 'incomplete');
  const again = await add(5);
  assert.equal((await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/submit`, {})).status, 200);

  // submitted, then active: revising or deleting is a state error, nothing written
  for (const step of ['submitted', 'active']) {
    if (step === 'active') assert.equal((await agency.advanced.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {})).status, 200);
    assertProblem(await ctx.partnerEditor.patch(`/api/v1/csip-activities/${a3.id}`, { description: 'Changed' }), 409, 'invalid_state');
    assertProblem(await agency.editor.patch(`/api/v1/csip-activities/${a3.id}`, { due_date: '2027-01-01' }), 409, 'invalid_state');
    assertProblem(await ctx.partnerEditor.delete(`/api/v1/csip-activities/${again.id}`), 409, 'invalid_state');
    assertProblem(await agency.advanced.delete(`/api/v1/csip-activities/${again.id}`), 409, 'invalid_state');
  }
  const plan = (await agency.reader.get(`/api/v1/assessments/${ctx.id}/csip`)).json;
  assert.equal(plan.activities.length, 2);
  assert.equal(plan.activities[0].description, 'Vet every candidate');
  // status changes go on while the plan is active
  r = await ctx.partnerEditor.patch(`/api/v1/csip-activities/${a3.id}`, { status: 'in_progress' });
  assert.equal(r.status, 200, r.text);
  const admin = await tokenClient(server, 'admin', 'UNICEF');
  const log = await admin.get(`/api/v1/audit?object_type=csip_activity&object_id=${extra.id}&limit=50`);
  assert.deepEqual(log.json.items.map((e) => e.action).reverse(), ['create', 'delete']);
});
