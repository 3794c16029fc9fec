// Two editors racing on one assessment draft through two `psea serve` processes on one
// PostgreSQL database. scripts/test-pg runs this file against its private cluster.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from '../api/lib.mjs';
import { tokenClient, createPartner, openAssessment, assertProblem } from '../api/psea.mjs';

if (!process.env.PSEA_TEST_PG)
  throw new Error('this file needs PostgreSQL: run it through scripts/test-pg');

let a, b, advanced;
before(async () => {
  a = await Server.start();
  b = await Server.start({ db: a.db, data: a.data });
  advanced = await tokenClient(a, 'agency_advanced_editor', 'UNICEF');
});
after(async () => { await Promise.all([a?.stop(), b?.stop()]); });

// The same API token, sent to the other server.
function on(server, client) {
  const c = server.client();
  c.token = client.token;
  return c;
}

async function draft() {
  const p = await createPartner(advanced);
  const partnerEditor = await tokenClient(a, 'partner_editor', `partner:${p.id}`);
  const x = await openAssessment(advanced, p.id);
  const intro = await on(b, partnerEditor).put(`/api/v1/assessments/${x.id}/intro`,
    { contact_with_beneficiaries: true, previously_assessed: false });
  assert.equal(intro.status, 200, intro.text);
  return { id: x.id, partnerEditor, agencyEditor: await tokenClient(b, 'agency_editor', 'UNICEF') };
}

test('editors saving different standards of one draft through both servers keep every answer', async () => {
  const { id, partnerEditor, agencyEditor } = await draft();
  const url = `/api/v1/assessments/${id}/self-assessment`;
  const before_ = (await partnerEditor.get(`/api/v1/assessments/${id}`)).json.version;
  const saves = [];
  for (let k = 1; k <= 8; k++) {
    const client = k % 2 ? on(a, partnerEditor) : on(b, agencyEditor);
    saves.push(client.put(url, { answers: [{ standard: k, answer: 'no', comment: `saved through ${k % 2 ? 'a' : 'b'}` }] }));
  }
  const results = await Promise.all(saves);
  assert.deepEqual(results.map((r) => r.status), Array(8).fill(200));
  for (const server of [a, b]) {
    const x = (await on(server, partnerEditor).get(`/api/v1/assessments/${id}`)).json;
    assert.equal(x.version, before_ + 8, 'eight saves, eight versions');
    assert.deepEqual(x.standards.map((s) => s.self.answer), [1, 2, 3, 4, 5, 6, 7, 8].map(() => 'no'));
  }
});

test('two editors holding the same version of a draft: one save wins on either server, the other must reload', async () => {
  const { id, partnerEditor, agencyEditor } = await draft();
  const url = `/api/v1/assessments/${id}/self-assessment`;
  let version = (await partnerEditor.get(`/api/v1/assessments/${id}`)).json.version;
  for (let round = 0; round < 8; round++) {
    const ifMatch = { headers: { 'If-Match': `"${version}"` } };
    const [ra, rb] = await Promise.all([
      on(a, partnerEditor).put(url, { answers: [{ standard: 1, answer: 'yes' }] }, ifMatch),
      on(b, agencyEditor).put(url, { answers: [{ standard: 1, answer: 'no' }] }, ifMatch),
    ]);
    assert.deepEqual([ra.status, rb.status].sort(), [200, 409], `round ${round}`);
    const [winner, loser, answer] = ra.status === 200 ? [ra, rb, 'yes'] : [rb, ra, 'no'];
    assertProblem(loser, 409, 'version_conflict');
    assert.equal(winner.json.version, version + 1);
    version = winner.json.version;
    const seen = (await on(round % 2 ? a : b, partnerEditor).get(`/api/v1/assessments/${id}`)).json;
    assert.equal(seen.standards[0].self.answer, answer, 'the stale save wrote nothing');
    assert.equal(seen.version, version);
  }
});
