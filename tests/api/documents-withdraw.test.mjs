// Documents after the fact (DOMAIN.md, "Documents"): a document is withdrawn by the side that
// uploaded it while its section is editable, never once the assessment is rated; a withdrawn file
// leaves the assessment (not listed, no longer evidence at submission) but its row, its file, an
// audit line and a history entry stay. Section 1's prior-assessment files go when the answer goes
// back to "No". Evidence of a plan activity is added after the rating, and withdrawn, while the
// plan is under way and the activity is open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, createPartner, openAssessment, upload, agencyId, assertProblem } from './psea.mjs';
import { pdf, png } from './files.mjs';

let server, admin, advanced, editor, reader, who, partner, partnerEditor, partnerReader, otherPartner, id, whoId;

before(async () => {
  server = await Server.start();
  admin = await tokenClient(server, 'admin');
  advanced = await tokenClient(server, 'agency_advanced_editor');
  editor = await tokenClient(server, 'agency_editor');
  reader = await tokenClient(server, 'agency_reader');
  who = await tokenClient(server, 'agency_editor', 'WHO');
  partner = await createPartner(advanced);
  partnerEditor = await tokenClient(server, 'partner_editor', `partner:${partner.id}`);
  partnerReader = await tokenClient(server, 'partner_reader', `partner:${partner.id}`);
  otherPartner = await tokenClient(server, 'partner_editor', `partner:${(await createPartner(advanced)).id}`);
  whoId = await agencyId(advanced, 'WHO');
  id = (await openAssessment(advanced, partner.id)).id;
});
// A clean exit: under the sanitizers, a leak in these routes would make it fail.
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

const A = () => `/api/v1/assessments/${id}`;
const listed = async (c = editor) => {
  const a = (await c.get(A())).json;
  return { intro: a.intro.documents.map((d) => d.id), byStandard: a.standards.map((s) => s.self.documents.map((d) => d.id)), a };
};
const withdraw = (c, docId, body = {}) => c.post(`/api/v1/documents/${docId}/withdraw`, body);
// Evidence of a plan activity: the upload names the activity.
function evidenceUpload(c, activity, { standard = '', title = 'Attendance list', assessment = id } = {}) {
  const form = new FormData();
  form.append('approved', 'true');
  form.append('standard', String(standard));
  form.append('title', title);
  form.append('activity_id', String(activity));
  form.append('file', new Blob([pdf()]), 'evidence.pdf');
  return c.request('POST', `/api/v1/assessments/${assessment}/documents`, { form });
}

test('Section 1: the prior assessment\'s files go when the answer goes back to "No"', async () => {
  let r = await partnerEditor.put(`${A()}/intro`, { contact_with_beneficiaries: true, previously_assessed: true,
    previous: { agency_id: whoId, date: new Date(Date.now() - 86400e3 * 400).toISOString().slice(0, 10), rating: 'medium' } });
  assert.equal(r.status, 200, r.text);
  const report = (await upload(partnerEditor, id, { file: pdf(), title: 'WHO verified assessment' })).json.id;
  const plan = (await upload(editor, id, { file: pdf(), title: 'WHO plan' })).json.id;
  assert.deepEqual((await listed()).intro, [report, plan]);
  r = await partnerEditor.put(`${A()}/intro`, { previously_assessed: false, previous: null });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.intro.documents, []);
  // kept for the record: the file, and why it left
  const file = await editor.get(`/api/v1/documents/${report}`);
  assert.equal(file.status, 200);
  const audit = await admin.get(`/api/v1/audit?object_type=document&object_id=${plan}`);
  assert.deepEqual(audit.json.items.map((e) => e.action).sort(), ['upload', 'withdraw']);
  assert.equal(r.json.history.filter((h) => h.action === 'document_withdrawn').length, 2);
});

let partnerDoc, agencyDoc, spare;
test('only the uploader\'s side withdraws, and only editors taking part', async () => {
  partnerDoc = (await upload(partnerEditor, id, { file: pdf(), standard: 1, title: 'Code of conduct (draft sent by mistake)' })).json.id;
  spare = (await upload(partnerEditor, id, { file: png(), standard: 1, title: 'Signed code of conduct' })).json.id;
  agencyDoc = (await upload(editor, id, { file: pdf(), standard: 2, title: 'Partnership agreement' })).json.id;
  let view = (await listed(partnerEditor)).a;
  assert.deepEqual(view.standards[0].self.documents.map((d) => d.withdrawable), [true, true]);
  assert.deepEqual(view.standards[1].self.documents.map((d) => d.withdrawable), [false], 'the agency\'s upload is not the partner\'s to withdraw');
  view = (await listed(editor)).a;
  assert.deepEqual(view.standards[0].self.documents.map((d) => d.withdrawable), [false, false]);
  assert.deepEqual(view.standards[1].self.documents.map((d) => d.withdrawable), [true]);

  assertProblem(await withdraw(editor, partnerDoc), 403, 'forbidden');
  assertProblem(await withdraw(advanced, partnerDoc), 403, 'forbidden');
  assertProblem(await withdraw(partnerEditor, agencyDoc), 403, 'forbidden');
  assertProblem(await withdraw(partnerReader, partnerDoc), 403, 'forbidden');
  assertProblem(await withdraw(reader, agencyDoc), 403, 'forbidden');
  assertProblem(await withdraw(otherPartner, partnerDoc), 404, 'not_found');
  assertProblem(await withdraw(who, agencyDoc), 404, 'not_found');
  assertProblem(await withdraw(partnerEditor, '99999999'), 404, 'not_found');
  // who first, then the body: a bad reason from someone not allowed is still 403
  assertProblem(await withdraw(partnerReader, partnerDoc, { reason: 5 }), 403, 'forbidden');
  const bad = await withdraw(partnerEditor, partnerDoc, { reason: 5 });
  assertProblem(bad, 422, 'validation_failed');
  assert.equal(bad.json.errors[0].field, 'reason');
  assert.deepEqual((await listed()).byStandard.slice(0, 2), [[partnerDoc, spare], [agencyDoc]], 'nothing changed');
});

test('a withdrawn document leaves the assessment and no longer counts as evidence; the record stays', async () => {
  let r = await withdraw(partnerEditor, partnerDoc, { reason: 'A draft, sent by mistake' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, partnerDoc);
  assert.equal(r.json.withdrawn.reason, 'A draft, sent by mistake');
  assert.equal(r.json.withdrawn.by, partnerEditor.user.id);
  assert.ok(r.json.withdrawn.at);
  assertProblem(await withdraw(partnerEditor, partnerDoc), 409, 'invalid_state');
  r = await partnerEditor.delete(`/api/v1/documents/${spare}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.withdrawn.reason, null);
  const { byStandard, a } = await listed();
  assert.deepEqual(byStandard[0], []);
  const entry = a.history.find((h) => h.action === 'document_withdrawn' && h.reason && h.reason.includes('sent by mistake'));
  assert.ok(entry, JSON.stringify(a.history));
  assert.equal((await editor.get(`/api/v1/documents/${partnerDoc}`)).status, 200, 'the file is kept');
  const audit = await admin.get(`/api/v1/audit?object_type=document&object_id=${partnerDoc}`);
  assert.deepEqual(audit.json.items.map((e) => e.action).sort(), ['upload', 'withdraw']);
  // standard 1 answered yes: its only documents are withdrawn, so submitting lists the gap
  const answers = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: n === 1 ? 'yes' : 'no' }));
  r = await partnerEditor.put(`${A()}/self-assessment`, { answers });
  assert.equal(r.status, 200, r.text);
  r = await partnerEditor.post(`${A()}/self-assessment/submit`, {});
  assertProblem(r, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['standards[1].self.documents']);
  const signed = (await upload(partnerEditor, id, { file: pdf(), standard: 1, title: 'Signed code of conduct' })).json.id;
  r = await partnerEditor.post(`${A()}/self-assessment/submit`, {});
  assert.equal(r.status, 200, r.text);
  // submitted: the partner's section is closed to it; the agency still works on its side
  assertProblem(await withdraw(partnerEditor, signed), 409, 'invalid_state');
  const extra = (await upload(editor, id, { file: pdf(), standard: 3, title: 'Recruitment procedure' })).json.id;
  r = await withdraw(editor, extra, { reason: 'Belongs to another partner' });
  assert.equal(r.status, 200, r.text);
});

let activityId, evidence;
test('documents behind a rating stay; plan-activity evidence comes after it, while the activity is open', async () => {
  const verified = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: n === 4 ? 'no' : 'yes' }));
  let r = await editor.put(`${A()}/verification`, { answers: verified });
  assert.equal(r.status, 200, r.text);
  r = await advanced.post(`${A()}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  assertProblem(await withdraw(editor, agencyDoc), 409, 'invalid_state');
  assert.deepEqual((await listed()).a.standards[1].self.documents.map((d) => [d.id, d.withdrawable]), [[agencyDoc, false]]);
  // the plan: a draft receives no evidence yet
  r = await editor.post(`${A()}/csip`, {});
  assert.equal(r.status, 201, r.text);
  r = await partnerEditor.post(`${A()}/csip/activities`, { standard: 4, description: 'Train all staff on the code of conduct',
    responsible: 'HR officer', due_date: '2099-01-31' });
  assert.equal(r.status, 201, r.text);
  activityId = r.json.id;
  assertProblem(await evidenceUpload(partnerEditor, activityId), 409, 'invalid_state');
  r = await partnerEditor.post(`${A()}/csip/submit`, {});
  assert.equal(r.status, 200, r.text);
  r = await advanced.post(`${A()}/csip/approve`, {});
  assert.equal(r.status, 200, r.text);
  // the assessment's own sections stay closed after the rating
  assertProblem(await upload(partnerEditor, id, { file: pdf(), standard: 4 }), 409, 'invalid_state');
  assertProblem(await upload(editor, id, { file: pdf(), standard: 4 }), 409, 'invalid_state');

  r = await evidenceUpload(partnerEditor, activityId);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.activity_id, activityId);
  assert.equal(r.json.standard, 4, 'the activity\'s standard');
  evidence = r.json.id;
  r = await evidenceUpload(editor, activityId, { standard: 4, title: 'Training agenda' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.on_behalf, true);
  const agencyEvidence = r.json.id;
  const view = (await listed(partnerEditor)).a;
  assert.deepEqual(view.activity_documents.map((d) => [d.id, d.activity_id, d.withdrawable]),
    [[evidence, activityId, true], [agencyEvidence, activityId, false]]);
  assert.ok(!view.standards.some((s) => s.self.documents.some((d) => d.id === evidence)), 'not self-assessment evidence');
  // refusals: another standard, an unknown activity, readers and outsiders
  let bad = await evidenceUpload(partnerEditor, activityId, { standard: 2 });
  assertProblem(bad, 422, 'validation_failed');
  assert.equal(bad.json.errors[0].field, 'standard');
  bad = await evidenceUpload(partnerEditor, '99999999');
  assertProblem(bad, 422, 'validation_failed');
  assert.equal(bad.json.errors[0].field, 'activity_id');
  assertProblem(await evidenceUpload(partnerReader, activityId), 403, 'forbidden');
  assertProblem(await evidenceUpload(otherPartner, activityId), 404, 'not_found');
  assert.equal((await listed()).a.activity_documents.length, 2, 'nothing written');

  // withdrawn by its side while the activity is open
  assertProblem(await withdraw(partnerEditor, agencyEvidence), 403, 'forbidden');
  r = await withdraw(editor, agencyEvidence, { reason: 'Wrong training' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual((await listed()).a.activity_documents.map((d) => d.id), [evidence]);
});

test('once the activity is completed its evidence is fixed', async () => {
  let r = await partnerEditor.patch(`/api/v1/csip-activities/${activityId}`, { status: 'completed' });
  assert.equal(r.status, 200, r.text);
  assertProblem(await withdraw(partnerEditor, evidence), 409, 'invalid_state');
  assertProblem(await evidenceUpload(partnerEditor, activityId), 409, 'invalid_state');
  assert.deepEqual((await listed(partnerEditor)).a.activity_documents.map((d) => [d.id, d.withdrawable]), [[evidence, false]]);
});

test('an assessment not rated has no plan evidence, whatever the activity named', async () => {
  const p2 = await createPartner(advanced);
  const x2 = await openAssessment(advanced, p2.id);
  const pe2 = await tokenClient(server, 'partner_editor', `partner:${p2.id}`);
  const r = await evidenceUpload(pe2, activityId, { assessment: x2.id });
  assertProblem(r, 409, 'invalid_state');
});
