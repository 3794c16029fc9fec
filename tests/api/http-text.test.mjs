// Text from outside is well-formed UTF-8 without control characters, checked in one place for
// every input (JSON bodies, form fields, query parameters, the command line): 422 invalid_value.
// Answers the server cannot write as JSON never crash it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Server, BIN, PASSWORD } from './lib.mjs';
import { tokenClient, createPartner, openAssessment, assertProblem } from './psea.mjs';
import { exchange, sleep } from './raw.mjs';
import * as files from './files.mjs';

let server, advanced, a;

before(async () => {
  server = await Server.start();
  advanced = await tokenClient(server, 'agency_advanced_editor');
  a = await openAssessment(advanced, (await createPartner(advanced)).id);
});
after(async () => { await server.stop(); });

function assertInvalidText(r, field) {
  assertProblem(r, 422, 'validation_failed');
  assert.equal(r.json.errors[0].code, 'invalid_value', r.text);
  assert.equal(r.json.errors[0].field, field, r.text);
}

test('a method that is not UTF-8 is a 405, and the server goes on answering', async () => {
  const r = await exchange(server.url, Buffer.concat([Buffer.from('G'), Buffer.from([0xff]),
    Buffer.from('T /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]));
  assert.ok(r, 'an answer');
  assert.equal(r.status, 405);
  assert.equal(r.json.code, 'method_not_allowed');
  assert.equal(r.headers.allow, 'GET');
  assert.equal((await server.client().get('/api/v1/health')).status, 200);
});

test('every string of a JSON body is checked, nested ones and names included', async () => {
  const post = (raw) => advanced.request('POST', '/api/v1/partners', { raw, headers: { 'Content-Type': 'application/json' } });
  const partner = (extra) => `{"name": "Checked Text", "type": "national_ngo", "country": "KE", ${extra}}`;
  assertInvalidText(await post(partner('"note": "bell\\u0007"')), 'note');
  assertInvalidText(await post(partner('"x": {"y": ["fine", "esc\\u001b[31m"]}')), 'x.y[1]');
  assertInvalidText(await post(partner('"nul": "a\\u0000b"')), 'nul');
  assertInvalidText(await post(partner('"c1": "\\u0085"')), 'c1');
  assertProblem(await post(partner('"a\\u0001b": 1')), 422, 'validation_failed');
  // Latin-1 bytes instead of UTF-8
  const latin1 = Buffer.concat([Buffer.from('{"name": "Caf'), Buffer.from([0xe9]), Buffer.from('", "type": "national_ngo", "country": "KE"}')]);
  const r = await post(latin1);
  assertProblem(r, 422, 'validation_failed');
  assert.equal(r.json.errors[0].code, 'invalid_value');
  assert.match(r.json.detail, /UTF-8/);
  assert.equal((await advanced.get('/api/v1/partners?q=Checked')).json.items.length, 0, 'nothing was created');
  assert.equal((await post(partner('"note": "fine"'))).status, 201, 'the same body without the control character');
});

test('multi-line texts keep their line breaks and tabs; one-line fields refuse them', async () => {
  const c = await advanced.post(`/api/v1/assessments/${a.id}/comments`, { text: 'First line\n\tindented second\r\nthird' });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.text, 'First line\n\tindented second\r\nthird');
  assertProblem(await advanced.post(`/api/v1/assessments/${a.id}/comments`, { text: 'beep\u0007' }), 422, 'validation_failed');
  assertProblem(await advanced.post('/api/v1/tokens', { name: 'two\nlines' }), 422, 'validation_failed');
});

test('query parameters are checked', async () => {
  assertInvalidText(await advanced.get('/api/v1/partners?q=%FF'), 'q');
  assertInvalidText(await advanced.get('/api/v1/partners?q=a%07b'), 'q');
  assert.equal((await advanced.get('/api/v1/partners?q=%C3%A9')).status, 200);
});

// A multipart form built by hand: FormData would encode every field as UTF-8.
function form(fields, file) {
  const boundary = 'psea-boundary-7d3a';
  const parts = Object.entries(fields).map(([name, value]) => Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`), Buffer.from(value), Buffer.from('\r\n')]));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
    'Content-Type: application/pdf\r\n\r\n'), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { raw: Buffer.concat(parts), headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
}

test('a document whose title is not UTF-8 is refused, and the assessment reads as before', async () => {
  const documents = async () => {
    const r = await advanced.get(`/api/v1/assessments/${a.id}`);
    assert.equal(r.status, 200, r.text);
    return r.json.intro.documents.length;
  };
  const before = await documents();
  const latin1Title = Buffer.from([0x50, 0x6f, 0x6c, 0x69, 0x74, 0x69, 0x71, 0x75, 0x65, 0x20, 0xe9, 0x74, 0xe9]);
  const r = await advanced.request('POST', `/api/v1/assessments/${a.id}/documents`,
    form({ approved: 'true', standard: '', title: latin1Title }, { name: 'policy.pdf', bytes: files.pdf() }));
  assertInvalidText(r, 'title');
  assertInvalidText(await advanced.request('POST', `/api/v1/assessments/${a.id}/documents`,
    form({ approved: 'true', standard: '', title: 'Two\nlines' }, { name: 'policy.pdf', bytes: files.pdf() })), 'title');
  assertInvalidText(await advanced.request('POST', `/api/v1/assessments/${a.id}/documents`,
    form({ approved: 'true', standard: '' }, { name: 'bell\u0007.pdf', bytes: files.pdf() })), 'file');
  assert.equal(await documents(), before);
  const ok = await advanced.request('POST', `/api/v1/assessments/${a.id}/documents`,
    form({ approved: 'true', standard: '', title: 'Politique été' }, { name: 'policy.pdf', bytes: files.pdf() }));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(await documents(), before + 1);
  assert.deepEqual(readdirSync(join(server.data, 'tmp')), []);
});

test('the command line refuses a name that is not UTF-8, and the account is not created', async () => {
  const email = 'latin1@test.psea';
  let status = 0, stderr = '';
  try {
    execFileSync('bash', ['-c', `"$0" user add --db "$1" --email ${email} --name $'Jos\\xe9' --role agency_reader --org UNICEF --password-stdin`,
      BIN, server.db], { input: PASSWORD + '\n', stdio: 'pipe' });
  } catch (e) { status = e.status; stderr = e.stderr.toString(); }
  assert.equal(status, 2, 'a usage error');
  assert.match(stderr, /--name.*UTF-8/);
  const r = await server.client().post('/api/v1/session', { email, password: PASSWORD });
  assertProblem(r, 401, 'invalid_credentials');
});

test('control characters in the path are escaped in the access log', async () => {
  const r = await server.client().get('/api/v1/health%0A2099-01-01T00:00:00Z%20info%20GET%20/forged%20200');
  assert.equal(r.status, 404);
  await sleep(200); // the line is written when the request is finished, just after the answer
  assert.doesNotMatch(server.log, /^2099-01-01T00:00:00Z info/m);
  assert.match(server.log, /\/api\/v1\/health\\x0A2099-01-01T00:00:00Z\\x20info/);
});
