// GET /api/v1/alerts?kind=K keeps the alerts of one kind: the home page counts the alerts by kind
// and links each count to the list of that kind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { createPartner, openAssessment, ALL, assertProblem } from './psea.mjs';

let server, advanced;
const submitted = [];
let asked;

// An assessment of a new partner, through Section 1 and a submitted self-assessment.
async function submittedAssessment(name) {
  const p = await createPartner(advanced, { name });
  const a = await openAssessment(advanced, p.id);
  const pe = await server.signIn('partner_editor', `partner:${p.id}`);
  const base = `/api/v1/assessments/${a.id}`;
  assert.equal((await pe.put(`${base}/intro`, { contact_with_beneficiaries: false, previously_assessed: false })).status, 200);
  assert.equal((await pe.put(`${base}/self-assessment`, { answers: ALL('no') })).status, 200);
  const r = await pe.post(`${base}/self-assessment/submit`, {});
  assert.equal(r.status, 200, r.text);
  return { a, pe };
}

before(async () => {
  server = await Server.start();
  advanced = await server.signIn('agency_advanced_editor', 'UNICEF');
  for (const name of ['Kind One', 'Kind Two', 'Kind Three']) submitted.push(await submittedAssessment(name));
  asked = submitted[2];
  const r = await asked.pe.post(`/api/v1/assessments/${asked.a.id}/unlock-requests`, { reason: 'We adopted a new policy.' });
  assert.equal(r.status, 201, r.text);
});
after(async () => { await server.stop(); });

test('?kind= keeps the alerts of that kind and no other', async () => {
  const all = (await advanced.get('/api/v1/alerts')).json.items;
  const kinds = new Set(all.map((a) => a.kind));
  assert.ok(kinds.has('verification_to_do') && kinds.has('unlock_request'), [...kinds].join());
  let r = await advanced.get('/api/v1/alerts?kind=verification_to_do');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((a) => a.kind), ['verification_to_do', 'verification_to_do', 'verification_to_do']);
  assert.deepEqual(r.json.items.map((a) => a.assessment_id).sort(), submitted.map((s) => s.a.id).sort());
  assert.equal(r.json.next_cursor, null);
  r = await advanced.get('/api/v1/alerts?kind=unlock_request');
  assert.deepEqual(r.json.items.map((a) => [a.kind, a.assessment_id]), [['unlock_request', asked.a.id]]);
  // the same alerts as in the whole list, field for field
  assert.deepEqual(r.json.items, all.filter((a) => a.kind === 'unlock_request'));
});

test('a kind the caller has none of is an empty list; an empty or overlong kind is refused', async () => {
  const r = await advanced.get('/api/v1/alerts?kind=rating_expired');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items, []);
  assertProblem(await advanced.get('/api/v1/alerts?kind='), 400, 'bad_parameter');
  assertProblem(await advanced.get(`/api/v1/alerts?kind=${'x'.repeat(65)}`), 400, 'bad_parameter');
});

test('the kind filter never shows another caller\'s alerts', async () => {
  const wfp = await server.signIn('agency_advanced_editor', 'WFP');
  assert.deepEqual((await wfp.get('/api/v1/alerts?kind=verification_to_do')).json.items, []);
  assert.deepEqual((await submitted[0].pe.get('/api/v1/alerts?kind=verification_to_do')).json.items, []);
});
