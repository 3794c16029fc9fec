// psea demo: capacity strengthening plans in draft, overdue, active (some activities done,
// extended) and completed (the rating now full, the reassessment score kept).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea } from './lib.mjs';

let server;
before(async () => {
  server = await Server.start();
  psea(['demo', '--db', server.db, '--data', server.data], { env: server.env });
});
after(async () => { await server.stop(); });

test('plans in every status, with what the rules make of them', async () => {
  const c = server.client();
  const s = await c.post('/api/v1/session', { email: 'reader@unicef.demo.psea', password: 'demo-password' });
  assert.equal(s.status, 200, s.text);
  const items = (await c.get('/api/v1/observation?limit=200')).json.items;
  const plans = items.filter((i) => i.psea.csip?.status);
  const byStatus = (st) => plans.filter((i) => i.psea.csip.status === st);
  assert.ok(byStatus('draft').some((i) => !i.psea.csip.overdue), 'a draft not yet due');
  assert.ok(byStatus('draft').some((i) => i.psea.csip.overdue), 'an overdue draft');
  const [active] = byStatus('active');
  assert.ok(active, 'an active plan');
  const plan = (await c.get(`/api/v1/assessments/${active.psea.csip.assessment_id}/csip`)).json;
  const done = plan.activities.filter((a) => a.status === 'completed');
  assert.ok(done.length > 0 && done.length < plan.activities.length, 'some activities done');
  assert.ok(plan.standards.some((x) => x.source === 'plan'), 'a standard met through the plan');
  // a completion reported by the partner, not confirmed yet: its standard is not met
  const waiting = plan.activities.filter((a) => a.completion?.state === 'reported');
  assert.ok(waiting.length > 0, 'a completion awaiting the agency');
  for (const a of waiting) assert.equal(plan.standards[Number(a.standard) - 1].met, false);
  assert.ok(done.filter((a) => a.completion?.state === 'confirmed').length > 0, 'confirmed completions');
  assert.equal(plan.extensions.length, 1);
  const [completed] = byStatus('completed');
  assert.ok(completed, 'a completed plan');
  assert.equal(completed.psea.rating, 'full');
  assert.equal(typeof completed.psea.csip.reassessment.score, 'number');
  const kinds = (await c.get('/api/v1/alerts')).json.items.map((a) => a.kind);
  for (const k of ['csip_due', 'csip_overdue', 'csip_activity_due']) assert.ok(kinds.includes(k), k);
  // the completion awaiting confirmation is for the agency's editors to answer
  const e = server.client();
  assert.equal((await e.post('/api/v1/session', { email: 'editor@unicef.demo.psea', password: 'demo-password' })).status, 200);
  assert.ok((await e.get('/api/v1/alerts')).json.items.some((a) => a.kind === 'csip_activity_to_confirm'));
  assert.ok(!kinds.includes('csip_activity_to_confirm'), 'not for a reader');
});
