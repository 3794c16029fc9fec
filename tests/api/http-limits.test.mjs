// What one caller may take of the server: connections per address, the time to send a request,
// bodies read only from callers who may send them, and answers a client can read when a body is
// refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, rmdirSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, PASSWORD } from './lib.mjs';
import { tokenClient, createPartner, openAssessment, upload, assertProblem } from './psea.mjs';
import { connect, answer, waitFor, exchange, sleep } from './raw.mjs';
import * as files from './files.mjs';

let server, advanced, a;

before(async () => {
  server = await Server.start();
  advanced = await tokenClient(server, 'agency_advanced_editor');
  a = await openAssessment(advanced, (await createPartner(advanced)).id);
});
after(async () => { await server.stop(); });

const host = (url) => new URL(url).host;

test('an anonymous upload is refused before its body is read: nothing reaches the disk', async () => {
  const boundary = 'B0undary';
  const head = `POST /api/v1/assessments/${a.id}/documents HTTP/1.1\r\nHost: ${host(server.url)}\r\n` +
    `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 10000000\r\n\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\n` + 'x'.repeat(30000);
  const conn = connect(server.url);
  await conn.ready;
  conn.sock.write(head);
  assert.ok(await waitFor(conn, (c) => answer(c) !== null, 3000), 'answered without the rest of the body');
  assert.equal(answer(conn).status, 401);
  assert.equal(answer(conn).json.code, 'not_signed_in');
  assert.deepEqual(readdirSync(join(server.data, 'tmp')), []);
  conn.sock.destroy();
});

test('an unfinished JSON body of an anonymous caller is refused at once', async () => {
  const r = await exchange(server.url, `POST /api/v1/partners HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
    'Content-Length: 900000\r\n\r\n{"name": "', { ms: 3000 });
  assert.ok(r, 'answered without the rest of the body');
  assert.equal(r.status, 401);
});

test('a write by cookie without the CSRF token is refused before its body is read', async () => {
  const c = await server.signIn('agency_advanced_editor');
  const r = await exchange(server.url, `POST /api/v1/partners HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookie}\r\n` +
    'Content-Type: application/json\r\nContent-Length: 900000\r\n\r\n{"name": "', { ms: 3000 });
  assert.ok(r, 'answered without the rest of the body');
  assert.equal(r.status, 403);
  assert.equal(r.json.code, 'csrf_failed');
  const ok = await c.post('/api/v1/partners', { name: 'With the token', type: 'national_ngo', country: 'KE' });
  assert.equal(ok.status, 201, ok.text);
});

test('signing in needs a JSON body: a form posted from another site is refused', async () => {
  const account = server.addUser('agency_reader');
  const body = JSON.stringify({ email: account.email, password: PASSWORD });
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', null]) {
    const c = server.client();
    const r = await c.request('POST', '/api/v1/session', { raw: body, headers: type ? { 'Content-Type': type } : {} });
    assertProblem(r, 415, 'unsupported_media_type');
    assert.equal(r.headers.get('set-cookie'), null);
  }
  const ok = await server.client().request('POST', '/api/v1/session',
    { raw: body, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  assert.equal(ok.status, 200, ok.text);
});

test('an oversized chunked body is answered 413, not dropped', async () => {
  const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
  const r = await exchange(server.url, Buffer.concat([
    Buffer.from('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'),
    ...Array.from({ length: 20 }, () => Buffer.from(chunk)), Buffer.from('0\r\n\r\n')]), { ms: 5000 });
  assert.ok(r, 'an answer the client can read');
  assert.equal(r.status, 413);
  assert.equal(r.json.code, 'too_large');
});

test('an upload the server cannot store is answered, not dropped', async () => {
  const tmp = join(server.data, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  try {
    const r = await upload(advanced, a.id, { file: files.pdf() });
    assertProblem(r, 500, 'upload_failed');
  } finally {
    mkdirSync(tmp);
  }
  assert.equal((await upload(advanced, a.id, { file: files.pdf() })).status, 201);
});

test('many connections from one address leave room for everyone else', async () => {
  const flood = [];
  for (let i = 0; i < 1100; i++) {
    const c = connect(server.url);
    c.sock.on('connect', () => c.sock.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n'));
    flood.push(c);
  }
  await Promise.all(flood.map((c) => c.ready));
  const open = () => flood.filter((c) => !c.closed).length;
  for (let i = 0; i < 100 && open() > 128; i++) await sleep(50);
  try {
    const r = await exchange(server.url, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      { localAddress: '127.0.0.2', ms: 3000 });
    assert.ok(r, 'another address is answered');
    assert.equal(r.status, 200);
    assert.ok(open() <= 128, `${open()} connections kept from one address`);
  } finally {
    for (const c of flood) c.sock.destroy();
  }
});

test('a request must arrive within the time allowed, however slowly it trickles', async (t) => {
  const s = await Server.start({ args: ['--receive-timeout', '2'] });
  t.after(() => s.stop());
  const trickle = async (head, bytes) => {
    const conn = connect(s.url);
    await conn.ready;
    conn.sock.write(head);
    const started = Date.now();
    for (let i = 0; i < 40 && !conn.closed; i++) {
      await sleep(250);
      if (!conn.closed) conn.sock.write(bytes);
    }
    await waitFor(conn, (c) => c.closed, 1000);
    conn.sock.destroy();
    return { closed: conn.closed, seconds: (Date.now() - started) / 1000 };
  };
  const headers = await trickle('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n', 'X');
  assert.ok(headers.closed, 'closed while its headers trickled');
  assert.ok(headers.seconds < 5, `closed after ${headers.seconds} s`);
  const body = await trickle('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n', ' ');
  assert.ok(body.closed, 'closed while its body trickled');
  assert.ok(body.seconds < 5, `closed after ${body.seconds} s`);
  assert.equal((await s.client().get('/api/v1/health')).status, 200);
});

test('temporary files left by a stopped server are removed when it starts; fresh ones are kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'psea-stale-'));
  try {
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    const stale = join(dir, 'tmp', 'upload-Ab12Cd');
    writeFileSync(stale, '%PDF-1.4 half an upload');
    const hourAgo = new Date(Date.now() - 3600 * 1000);
    utimesSync(stale, hourAgo, hourAgo);
    // another server sharing the data directory may be receiving this one now
    const fresh = join(dir, 'tmp', 'upload-Ef34Gh');
    writeFileSync(fresh, '%PDF-1.4 an upload arriving');
    const s = await Server.start({ data: dir });
    await s.stop();
    assert.equal(existsSync(stale), false);
    assert.equal(existsSync(fresh), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
