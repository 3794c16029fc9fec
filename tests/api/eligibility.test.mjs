// Ineligibility enforced where it matters: a partnership with a partner that is not eligible is
// recorded only as a confirmed, audited exception; an inadequate corrective-action review can be
// answered by a plan activity for standard 8, confirmed by the agency.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, assertProblem } from './psea.mjs';
import { agencyClients, ratedPartner, activity } from './plans.mjs';

let server, agency, focal, admin;

before(async () => {
  server = await Server.start({ clock: '2026-01-10T09:00:00Z' });
  agency = await agencyClients(server);
  focal = await tokenClient(server, 'agency_focal_point', 'UNICEF');
  admin = await tokenClient(server, 'admin', 'UNICEF');
});
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

const psea = async (partnerId) => (await agency.reader.get(`/api/v1/partners/${partnerId}`)).json.psea;

async function inadequateReview(partnerId) {
  const made = await focal.post('/api/v1/incidents', {
    personnel_category: 'implementing_partner', type: 'sexual_exploitation', source: 'complaint',
    received_at: '2026-01-05T08:00:00Z', partner_id: partnerId,
  });
  assert.equal(made.status, 201, made.text);
  const r = await focal.post(`/api/v1/incidents/${made.json.id}/corrective-action-review`, { adequate: false, notes: 'No step taken.' });
  assert.equal(r.status, 200, r.text);
}

test('a partnership with a partner that is not eligible needs an exception with its reason', async () => {
  server.setClock('2026-01-10T09:00:00Z');
  const ineligible = await ratedPartner(server, agency, { unmet: [8] });
  assert.equal((await psea(ineligible.partnerId)).eligible, false);
  const body = { partner_id: ineligible.partnerId, start: '2026-02-01' };
  assertProblem(await agency.advanced.post('/api/v1/partnerships', body), 409, 'partner_not_eligible');
  assertProblem(await agency.advanced.post('/api/v1/partnerships', { ...body, exception_reason: '  ' }), 422, 'validation_failed');
  assert.equal((await agency.reader.get(`/api/v1/partnerships?partner_id=${ineligible.partnerId}`)).json.items.length, 0);
  const r = await agency.advanced.post('/api/v1/partnerships', { ...body, exception_reason: 'Life-saving response; the only provider in the district.' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.exception_reason, 'Life-saving response; the only provider in the district.');
  const listed = (await agency.reader.get(`/api/v1/partnerships?partner_id=${ineligible.partnerId}`)).json.items;
  assert.equal(listed[0].exception_reason, 'Life-saving response; the only provider in the district.');
  const log = await admin.get(`/api/v1/audit?object_type=partnership&object_id=${r.json.id}`);
  assert.deepEqual(log.json.items.map((e) => e.action), ['create_exception']);

  // an eligible partner needs no exception, and records none
  const fine = await ratedPartner(server, agency, { unmet: [3] });
  const ok = await agency.advanced.post('/api/v1/partnerships', { partner_id: fine.partnerId, start: '2026-02-01', exception_reason: 'not needed' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.exception_reason, null);

  // judged inadequate by a focal point after the rating: not eligible either
  server.setClock('2026-01-20T09:00:00Z');
  await inadequateReview(fine.partnerId);
  assertProblem(await agency.advanced.post('/api/v1/partnerships', { partner_id: fine.partnerId, start: '2026-03-01' }), 409, 'partner_not_eligible');
});

test('an inadequate corrective action is followed by a plan activity for standard 8', async () => {
  server.setClock('2026-02-01T09:00:00Z');
  const ctx = await ratedPartner(server, agency, { unmet: [] });
  assert.equal((await psea(ctx.partnerId)).rating, 'full');
  server.setClock('2026-03-01T09:00:00Z');
  await inadequateReview(ctx.partnerId);
  let s = await psea(ctx.partnerId);
  assert.equal(s.eligible, false);

  // a full rating had no plan: one is started, with an activity for standard 8 only
  let r = await agency.editor.post(`/api/v1/assessments/${ctx.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.standards[7].met, false);
  assertProblem(await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(3)), 422, 'validation_failed');
  r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`,
    activity(8, { description: 'Dismiss the staff member and refer the case to the authorities' }));
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal((await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/submit`, {})).status, 200);
  assert.equal((await agency.advanced.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {})).status, 200);
  server.setClock('2026-03-10T09:00:00Z');
  assert.equal((await ctx.partnerEditor.patch(`/api/v1/csip-activities/${id}`, { status: 'completed' })).status, 200);
  assert.equal((await psea(ctx.partnerId)).eligible, false, 'the partner\'s report alone changes nothing');
  r = await agency.editor.post(`/api/v1/csip-activities/${id}/confirm`, {});
  assert.equal(r.status, 200, r.text);
  s = await psea(ctx.partnerId);
  assert.equal(s.eligible, true);
  assert.equal(s.rating, 'full');
  const plan = (await agency.reader.get(`/api/v1/assessments/${ctx.id}/csip`)).json;
  assert.equal(plan.status, 'completed');
  assert.equal(plan.standards[7].source, 'plan');
  // a partnership needs no exception any more
  r = await agency.advanced.post('/api/v1/partnerships', { partner_id: ctx.partnerId, start: '2026-04-01' });
  assert.equal(r.status, 201, r.text);
});

test('after a completed plan, a new inadequate review reopens it for an activity for standard 8', async () => {
  server.setClock('2026-05-01T09:00:00Z');
  const ctx = await ratedPartner(server, agency, { unmet: [2] });
  let r = await agency.editor.post(`/api/v1/assessments/${ctx.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(2));
  const first = r.json.id;
  assert.equal((await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/submit`, {})).status, 200);
  assert.equal((await agency.advanced.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {})).status, 200);
  assert.equal((await agency.editor.patch(`/api/v1/csip-activities/${first}`, { status: 'completed' })).status, 200);
  assert.equal((await agency.reader.get(`/api/v1/assessments/${ctx.id}/csip`)).json.status, 'completed');
  server.setClock('2026-06-01T09:00:00Z');
  await inadequateReview(ctx.partnerId);
  assert.equal((await psea(ctx.partnerId)).eligible, false);
  // only the standard left open reopens it
  assertProblem(await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(2)), 422, 'validation_failed');
  r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(8));
  assert.equal(r.status, 201, r.text);
  let plan = (await agency.reader.get(`/api/v1/assessments/${ctx.id}/csip`)).json;
  assert.equal(plan.status, 'active');
  const history = (await agency.reader.get(`/api/v1/assessments/${ctx.id}`)).json.history;
  assert.ok(history.some((h) => h.action === 'csip_reopen' && h.by === ctx.partnerEditor.user.id));
  server.setClock('2026-06-20T09:00:00Z');
  assert.equal((await ctx.partnerEditor.patch(`/api/v1/csip-activities/${r.json.id}`, { status: 'completed' })).status, 200);
  assert.equal((await agency.editor.post(`/api/v1/csip-activities/${r.json.id}/confirm`, {})).status, 200);
  plan = (await agency.reader.get(`/api/v1/assessments/${ctx.id}/csip`)).json;
  assert.equal(plan.status, 'completed');
  assert.equal((await psea(ctx.partnerId)).eligible, true);
});
