// What the partner sees of the agency's verification: nothing while the agency is still working
// on it (drafts are the agency's own), and every verified answer and comment once the assessment
// is rated. Reopening the rating makes the verification a draft again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, createPartner, openAssessment } from './psea.mjs';

let server, advanced, editor, partnerEditor, partnerReader, id;

const verified = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: n === 4 ? 'no' : 'yes', comment: `Checked standard ${n}` }));

before(async () => {
  server = await Server.start();
  advanced = await tokenClient(server, 'agency_advanced_editor');
  editor = await tokenClient(server, 'agency_editor');
  const p = await createPartner(advanced);
  partnerEditor = await tokenClient(server, 'partner_editor', `partner:${p.id}`);
  partnerReader = await tokenClient(server, 'partner_reader', `partner:${p.id}`);
  id = (await openAssessment(advanced, p.id)).id;
  let r = await partnerEditor.put(`/api/v1/assessments/${id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false });
  assert.equal(r.status, 200, r.text);
  r = await partnerEditor.put(`/api/v1/assessments/${id}/self-assessment`,
    { answers: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'no' })) });
  assert.equal(r.status, 200, r.text);
  r = await partnerEditor.post(`/api/v1/assessments/${id}/self-assessment/submit`, {});
  assert.equal(r.status, 200, r.text);
  r = await editor.put(`/api/v1/assessments/${id}/verification`, { answers: verified });
  assert.equal(r.status, 200, r.text);
});
// A clean exit: under the sanitizers, a leak in these routes would make it fail.
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

const verifiedOf = (a) => a.standards.map((s) => [s.verified.answer, s.verified.comment, s.met]);

test('during verification the partner does not see the agency drafts; the agency does', async () => {
  for (const c of [partnerEditor, partnerReader]) {
    const r = await c.get(`/api/v1/assessments/${id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'verification');
    assert.deepEqual(verifiedOf(r.json), Array(8).fill([null, null, null]));
  }
  const r = await editor.get(`/api/v1/assessments/${id}`);
  assert.equal(r.json.standards[3].verified.answer, 'no');
  assert.equal(r.json.standards[3].verified.comment, 'Checked standard 4');
});

test('once rated the partner sees every verified answer and comment; unlocked, they are drafts again', async () => {
  let r = await advanced.post(`/api/v1/assessments/${id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  const expected = verified.map((v) => [v.answer, v.comment, v.answer === 'yes']);
  for (const c of [partnerEditor, partnerReader]) {
    r = await c.get(`/api/v1/assessments/${id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'rated');
    assert.deepEqual(verifiedOf(r.json), expected);
    assert.equal(r.json.rating.value, 'medium');
  }
  r = await advanced.post(`/api/v1/assessments/${id}/unlock-rating`, { reason: 'New information from monitoring' });
  assert.equal(r.status, 200, r.text);
  r = await editor.put(`/api/v1/assessments/${id}/verification`, { answers: [{ standard: 4, answer: 'yes', comment: 'Draft, not final' }] });
  assert.equal(r.status, 200, r.text);
  r = await partnerReader.get(`/api/v1/assessments/${id}`);
  assert.equal(r.json.status, 'rating_unlocked');
  assert.deepEqual(verifiedOf(r.json), Array(8).fill([null, null, null]));
  r = await advanced.post(`/api/v1/assessments/${id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  r = await partnerReader.get(`/api/v1/assessments/${id}`);
  assert.deepEqual(r.json.standards[3].verified, { answer: 'yes', comment: 'Draft, not final' });
});
