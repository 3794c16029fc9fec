// Documents: type recognised from the content against the allow-list, size limit, approval,
// stored by SHA-256 under <data>/blobs, read only by those who may read the assessment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server } from './lib.mjs';
import { tokenClient, createPartner, openAssessment, upload, answers, assertProblem } from './psea.mjs';
import * as files from './files.mjs';

let server, advanced, editor, whoEditor, partnerEditor, partnerReader, otherPartner, a;

before(async () => {
  server = await Server.start();
  advanced = await tokenClient(server, 'agency_advanced_editor');
  editor = await tokenClient(server, 'agency_editor');
  whoEditor = await tokenClient(server, 'agency_editor', 'WHO');
  const p = await createPartner(advanced);
  const x = await createPartner(advanced);
  partnerEditor = await tokenClient(server, 'partner_editor', `partner:${p.id}`);
  partnerReader = await tokenClient(server, 'partner_reader', `partner:${p.id}`);
  otherPartner = await tokenClient(server, 'partner_editor', `partner:${x.id}`);
  a = await openAssessment(advanced, p.id);
});
after(async () => { await server.stop(); });

// The temporary file goes when the request is finished, which may be just after the answer.
async function tmpEmpty() {
  const dir = join(server.data, 'tmp');
  for (let i = 0; i < 200 && readdirSync(dir).length; i++) await new Promise((ok) => setTimeout(ok, 50));
  return readdirSync(dir);
}

const count = async () => (await advanced.get(`/api/v1/assessments/${a.id}`)).json.standards.reduce((n, s) => n + s.self.documents.length, 0) +
  (await advanced.get(`/api/v1/assessments/${a.id}`)).json.intro.documents.length;

test('every accepted type is recognised from its content', async () => {
  const kinds = [
    ['pdf', 'policy.pdf', 'application/pdf'],
    ['docx', 'contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', 'attendance.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['odt', 'procedure.odt', 'application/vnd.oasis.opendocument.text'],
    ['ods', 'register.ods', 'application/vnd.oasis.opendocument.spreadsheet'],
    ['png', 'poster.png', 'image/png'],
    ['jpeg', 'photo.jpg', 'image/jpeg'],
  ];
  for (const [kind, name, type] of kinds) {
    const bytes = files[kind]();
    const r = await upload(partnerEditor, a.id, { file: bytes, name: 'renamed.bin', standard: 1, title: name });
    assert.equal(r.status, 201, `${kind}: ${r.text}`);
    assert.equal(r.json.content_type, type, kind);
    assert.equal(r.json.size, bytes.length);
    assert.equal(r.json.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(r.json.standard, 1);
    assert.equal(r.json.title, name);
    assert.equal(r.json.on_behalf, false);
    assert.equal(r.json.uploaded_by, partnerEditor.user.id);
    const blob = join(server.data, 'blobs', r.json.sha256.slice(0, 2), r.json.sha256.slice(2));
    assert.deepEqual(readFileSync(blob), bytes, 'stored by its SHA-256');
  }
});

test('other types are refused with 415 whatever their name, nothing kept', async () => {
  const before = await count();
  for (const [bytes, name] of [[files.script(), 'policy.pdf'], [files.html(), 'page.docx'], [files.plainZip(), 'book.xlsx'], [Buffer.from('plain words'), 'a.odt']]) {
    assertProblem(await upload(partnerEditor, a.id, { file: bytes, name, standard: 2 }), 415, 'unsupported_media_type');
  }
  assert.equal(await count(), before);
  assert.deepEqual(await tmpEmpty(), [], 'no temporary file left behind');
});

test('a file without approval, or with a bad standard or title, is refused (422), nothing kept', async () => {
  const before = await count();
  for (const approved of [null, 'false', 'yes', '']) {
    const r = await upload(partnerEditor, a.id, { file: files.pdf(), standard: 1, approved });
    assertProblem(r, 422, 'validation_failed');
    assert.equal(r.json.errors[0].field, 'approved');
  }
  for (const standard of ['9', '0', 'two', '-1']) {
    const r = await upload(partnerEditor, a.id, { file: files.pdf(), standard });
    assertProblem(r, 422, 'validation_failed');
    assert.equal(r.json.errors[0].code, 'unknown_standard');
  }
  assertProblem(await upload(partnerEditor, a.id, { file: files.pdf(), standard: 1, title: 'x'.repeat(201) }), 422, 'validation_failed');
  const r = await upload(partnerEditor, a.id, { standard: 1 });
  assertProblem(r, 422, 'validation_failed');
  assert.equal(r.json.errors[0].field, 'file');
  assert.equal(await count(), before);
});

test('a file over 20 MiB is refused with 413 and not kept', async () => {
  const before = await count();
  const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x25);
  assertProblem(await upload(partnerEditor, a.id, { file: big, name: 'huge.pdf', standard: 1 }), 413, 'too_large');
  assert.equal(await count(), before);
  assert.deepEqual(await tmpEmpty(), []);
});

test('the same content is stored once; agency uploads are on the partner\'s behalf', async () => {
  const bytes = files.png();
  const x = await upload(partnerEditor, a.id, { file: bytes, name: 'p.png', standard: 3 });
  const y = await upload(editor, a.id, { file: bytes, name: 'q.png', standard: 4 });
  assert.equal(y.status, 201);
  assert.equal(y.json.on_behalf, true);
  assert.notEqual(x.json.id, y.json.id);
  assert.equal(x.json.sha256, y.json.sha256);
  assert.equal(readdirSync(join(server.data, 'blobs', x.json.sha256.slice(0, 2))).filter((f) => f === x.json.sha256.slice(2)).length, 1);
  const s = (await partnerReader.get(`/api/v1/assessments/${a.id}`)).json.standards;
  assert.ok(s[3].self.documents.some((d) => d.id === y.json.id && d.on_behalf));
});

test('download: the stored bytes and type, for those who may read the assessment only', async () => {
  const bytes = files.docx();
  const up = await upload(partnerEditor, a.id, { file: bytes, name: 'c.docx', standard: '', title: 'Prior assessment' });
  assert.equal(up.json.standard, null, 'a Section 1 document');
  const url = `/api/v1/documents/${up.json.id}`;
  for (const c of [partnerReader, partnerEditor, editor, advanced]) {
    const r = await c.get(url);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.match(r.headers.get('content-disposition'), /attachment/);
    assert.deepEqual(r.body, bytes);
  }
  assertProblem(await otherPartner.get(url), 404, 'not_found');
  assertProblem(await whoEditor.get(url), 404, 'not_found');
  assertProblem(await editor.get('/api/v1/documents/999999'), 404, 'not_found');
  assertProblem(await server.client().get(url), 401, 'not_signed_in');
  // Uploading: readers may not; other partners and agencies do not see the assessment at all.
  assertProblem(await upload(partnerReader, a.id, { file: files.pdf(), standard: 1 }), 403, 'forbidden');
  assertProblem(await upload(otherPartner, a.id, { file: files.pdf(), standard: 1 }), 404, 'not_found');
  assertProblem(await upload(whoEditor, a.id, { file: files.pdf(), standard: 1 }), 404, 'not_found');
});

test('evidence is frozen once the assessment is rated', async () => {
  const p = await createPartner(advanced);
  const pe = await tokenClient(server, 'partner_editor', `partner:${p.id}`);
  const x = await openAssessment(advanced, p.id);
  await pe.put(`/api/v1/assessments/${x.id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false });
  await pe.put(`/api/v1/assessments/${x.id}/self-assessment`, { answers: answers(Array(8).fill('no')) });
  assert.equal((await pe.post(`/api/v1/assessments/${x.id}/self-assessment/submit`, {})).status, 200);
  assert.equal((await upload(editor, x.id, { file: files.pdf(), standard: 1 })).status, 201, 'the agency adds evidence during verification');
  await editor.put(`/api/v1/assessments/${x.id}/verification`, { answers: answers(Array(8).fill('no')) });
  assert.equal((await advanced.post(`/api/v1/assessments/${x.id}/finalize`, {})).status, 200);
  assertProblem(await upload(editor, x.id, { file: files.pdf(), standard: 1 }), 409, 'invalid_state');
  assert.deepEqual(await tmpEmpty(), []);
});
