// The plans figures: plans active, overdue and completed among the ratings in force, and the
// standings expiring, on a data set whose answers are worked out by hand below.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, agencyId } from './psea.mjs';

let server, advanced, editor, reader, admin;
const RATED = '2026-03-01T09:00:00Z';

before(async () => {
  server = await Server.start({ clock: RATED });
  advanced = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  editor = await tokenClient(server, 'agency_editor', 'UNICEF');
  reader = await tokenClient(server, 'agency_reader', 'UNICEF');
  admin = await tokenClient(server, 'admin', 'UNICEF');
});
after(async () => { await server.stop(); });

let partners = 0;
async function partner() {
  const p = await advanced.post('/api/v1/partners', { name: `Plan partner ${++partners}`, type: 'cbo', country: 'UG' });
  assert.equal(p.status, 201, p.text);
  return p.json.id;
}

// Rated now, standards 3 and 5 verified `no` (medium), contact with beneficiaries: a plan is required.
async function rated() {
  const partnerId = await partner();
  const a = await advanced.post('/api/v1/assessments', { partner_id: partnerId });
  assert.equal(a.status, 201, a.text);
  const id = a.json.id;
  const partnerEditor = await tokenClient(server, 'partner_editor', `partner:${partnerId}`);
  const steps = [
    [partnerEditor, 'put', 'intro', { contact_with_beneficiaries: true, previously_assessed: false, previous: null }],
    [partnerEditor, 'put', 'self-assessment', { answers: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'no' })) }],
    [partnerEditor, 'post', 'self-assessment/submit', {}],
    [editor, 'put', 'verification', { answers: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: [3, 5].includes(n) ? 'no' : 'yes' })) }],
    [advanced, 'post', 'finalize', {}],
  ];
  for (const [client, method, path, body] of steps) {
    const r = await client[method](`/api/v1/assessments/${id}/${path}`, body);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
  }
  return { id, partnerEditor };
}

async function approvedPlan(ctx) {
  let r = await editor.post(`/api/v1/assessments/${ctx.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  const ids = [];
  for (const n of [3, 5]) {
    r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`,
      { standard: n, description: `Build standard ${n}`, responsible: 'Director', due_date: '2026-08-01' });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/submit`, {});
  assert.equal(r.status, 200, r.text);
  r = await advanced.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {});
  assert.equal(r.status, 200, r.text);
  return ids;
}

// Rated on 2026-03-01 (plans due 2026-04-01), read on 2026-04-15:
//   R1 plan approved                         → active
//   R2 no plan started                       → overdue (required, due date passed)
//   R3 plan approved, both activities done and confirmed → completed
//   R4 migrated rating of 2021-06-01         → standing expiring (valid until 2026-06-01)
//   R5 migrated rating of 2024-02-01         → valid, not expiring, no plan
// By hand: active 1, overdue 1, completed 1, required and not started 1 (R2), none submitted or
// in draft; standings expiring 1 (R4).
test('plans active, overdue, completed and standings expiring, worked out by hand', async () => {
  const r1 = await rated();
  await approvedPlan(r1);
  await rated();
  const r3 = await rated();
  for (const activityId of await approvedPlan(r3)) {
    const r = await r3.partnerEditor.patch(`/api/v1/csip-activities/${activityId}`, { status: 'completed' });
    assert.equal(r.status, 200, r.text);
    const c = await editor.post(`/api/v1/csip-activities/${activityId}/confirm`, {});
    assert.equal(c.status, 200, c.text);
  }
  const unicef = await agencyId(admin, 'UNICEF');
  const r4 = await partner();
  const r5 = await partner();
  for (const [id, date] of [[r4, '2021-06-01'], [r5, '2024-02-01']]) {
    const r = await admin.post('/api/v1/past-assessments', { partner_id: id, agency_id: unicef, date, rating: 'medium' });
    assert.equal(r.status, 201, r.text);
  }
  server.setClock('2026-04-15T12:00:00Z');
  const r = await reader.get('/api/v1/reports/csip');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.plans.active, 1);
  assert.equal(r.json.plans.overdue, 1);
  assert.equal(r.json.plans.completed, 1);
  assert.equal(r.json.plans.required_not_started, 1);
  assert.deepEqual([r.json.plans.submitted, r.json.plans.draft], [0, 0]);
  assert.equal(r.json.standings_expiring.count, 1);
  assert.deepEqual(r.json.standings_expiring.items, [{ partner_id: r4, name: 'Plan partner 4', valid_until: '2026-06-01' }]);
  const partnerUser = await tokenClient(server, 'partner_reader', `partner:${r4}`);
  assert.equal((await partnerUser.get('/api/v1/reports/csip')).status, 403);
});
