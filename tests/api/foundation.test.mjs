// The foundation: HTTP conventions, sessions, tokens, accounts, the command line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { Server, psea, PASSWORD, freshDatabase } from './lib.mjs';

let server;
before(async () => { server = await Server.start(); });
after(async () => { await server.stop(); });

test('health answers ok with a request id', async () => {
  const r = await server.client().get('/api/v1/health');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok' });
  assert.match(r.headers.get('x-request-id'), /^[0-9a-f]{16}$/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('unknown route is a 404 problem', async () => {
  const r = await server.client().get('/api/v1/no-such-thing');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  assert.equal(r.json.code, 'not_found');
  assert.equal(r.json.status, 404);
});

test('wrong method is a 405 with Allow', async () => {
  const r = await server.client().request('PUT', '/api/v1/health');
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET');
  assert.equal(r.json.code, 'method_not_allowed');
});

test('malformed JSON is a 400', async () => {
  const r = await server.client().request('POST', '/api/v1/session', { raw: '{"email": ', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.equal(r.json.code, 'malformed_json');
});

test('duplicate keys in JSON are refused', async () => {
  const r = await server.client().request('POST', '/api/v1/session', { raw: '{"email":"a@b.c","email":"d@e.f","password":"x"}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
});

// Announces a large body, sends only its first bytes, and reads the answer: the server must
// refuse without waiting for (or reading) the rest.
function announceLargeBody(url, path, length) {
  return new Promise((ok, fail) => {
    const { hostname, port } = new URL(url);
    const sock = net.connect(Number(port), hostname, () => {
      sock.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{"email":"`);
    });
    let data = '';
    sock.on('data', (d) => { data += d; if (data.includes('}')) { sock.destroy(); ok(data); } });
    sock.on('error', fail);
    setTimeout(() => { sock.destroy(); fail(new Error('no answer before the body was sent: ' + data)); }, 5000);
  });
}

test('a body over the limit is a 413 before it is read', async () => {
  const answer = await announceLargeBody(server.url, '/api/v1/session', 2 * 1024 * 1024);
  assert.match(answer, /^HTTP\/1\.1 413/);
  assert.match(answer, /"code":"too_large"/);
});

test('signing in, reading the session and signing out', async () => {
  const account = server.addUser('agency_reader');
  const c = server.client();
  const r = await c.post('/api/v1/session', { email: account.email.toUpperCase(), password: account.password });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.email, account.email);
  assert.equal(r.json.user.role, 'agency_reader');
  assert.equal(r.json.user.organization.kind, 'agency');
  assert.ok(r.json.csrf_token.length >= 32);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  c.csrf = r.json.csrf_token;
  const me = await c.get('/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.id, r.json.user.id);
  const out = await c.delete('/api/v1/session');
  assert.equal(out.status, 204);
  const gone = await c.get('/api/v1/session');
  assert.equal(gone.status, 401);
  assert.equal(gone.json.code, 'not_signed_in');
});

test('wrong password and unknown e-mail get the same 401', async () => {
  const account = server.addUser('agency_reader');
  const wrong = await server.client().post('/api/v1/session', { email: account.email, password: 'not-the-password' });
  const unknown = await server.client().post('/api/v1/session', { email: 'nobody@test.psea', password: 'not-the-password' });
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  assert.equal(wrong.json.code, 'invalid_credentials');
  assert.deepEqual({ ...wrong.json }, { ...unknown.json });
});

test('repeated failures are throttled with 429, even with the right password', async () => {
  const account = server.addUser('agency_reader');
  for (let i = 0; i < 5; i++) {
    const r = await server.client().post('/api/v1/session', { email: account.email, password: 'wrong-password-' + i });
    assert.equal(r.status, 401);
  }
  const r = await server.client().post('/api/v1/session', { email: account.email, password: account.password });
  assert.equal(r.status, 429);
  assert.equal(r.json.code, 'too_many_attempts');
  // fifteen minutes later the account opens again
  server.setClock(new Date(Date.now() + 16 * 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z'));
  const later = await server.client().post('/api/v1/session', { email: account.email, password: account.password });
  server.setClock(new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
  assert.equal(later.status, 200);
});

test('a cookie write without the CSRF token is refused', async () => {
  const c = await server.signIn('agency_reader');
  const r = await c.post('/api/v1/tokens', { name: 'x' }, { headers: { 'X-CSRF-Token': 'wrong' } });
  assert.equal(r.status, 403);
  assert.equal(r.json.code, 'csrf_failed');
  const ok = await c.post('/api/v1/tokens', { name: 'x' });
  assert.equal(ok.status, 201);
});

test('API tokens work without cookie or CSRF, and stop working when revoked', async () => {
  const c = await server.signIn('agency_editor');
  const made = await c.post('/api/v1/tokens', { name: 'integration' });
  assert.equal(made.status, 201);
  assert.match(made.json.token, /^psea_/);
  const bearer = server.client();
  bearer.token = made.json.token;
  const me = await bearer.get('/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.role, 'agency_editor');
  const another = await bearer.post('/api/v1/tokens', { name: 'second' });
  assert.equal(another.status, 201, 'a bearer write needs no CSRF token');
  const revoked = await c.delete(`/api/v1/tokens/${made.json.id}`);
  assert.equal(revoked.status, 204);
  assert.equal((await bearer.get('/api/v1/session')).status, 401);
  const other = await server.signIn('agency_editor');
  assert.equal((await other.delete(`/api/v1/tokens/${another.json.id}`)).status, 404, "another user's token");
});

test('a token needs a name', async () => {
  const c = await server.signIn('agency_reader');
  const r = await c.post('/api/v1/tokens', {});
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'name');
});

test('agencies: the ten of the FAQ, for signed-in users only', async () => {
  assert.equal((await server.client().get('/api/v1/agencies')).status, 401);
  const c = await server.signIn('agency_reader', 'WHO');
  const r = await c.get('/api/v1/agencies');
  assert.equal(r.status, 200);
  const codes = r.json.items.map((a) => a.code).sort();
  assert.deepEqual(codes, ['FAO', 'IOM', 'UNDP', 'UNFPA', 'UNHCR', 'UNICEF', 'UNSEC', 'UNWOMEN', 'WFP', 'WHO']);
  assert.equal(typeof r.json.items[0].id, 'string');
});

test('users: admins list, create and change accounts; others may not', async () => {
  const admin = await server.signIn('admin');
  const editor = await server.signIn('agency_editor');
  assert.equal((await editor.get('/api/v1/users')).status, 403);
  assert.equal((await editor.post('/api/v1/users', {})).status, 403);
  const agencies = (await admin.get('/api/v1/agencies')).json.items;
  const who = agencies.find((a) => a.code === 'WFP');
  const made = await admin.post('/api/v1/users', { email: 'New.Person@WFP.org', name: 'New Person', role: 'agency_editor', organization_id: who.id, password: 'long-enough-password', language: 'fr' });
  assert.equal(made.status, 201);
  assert.equal(made.json.email, 'new.person@wfp.org');
  assert.equal(made.json.organization.code, 'WFP');
  assert.equal(made.json.language, 'fr');
  const again = await admin.post('/api/v1/users', { email: 'new.person@wfp.org', name: 'X', role: 'agency_editor', organization_id: who.id, password: 'long-enough-password' });
  assert.equal(again.status, 409);
  const bad = await admin.post('/api/v1/users', { email: 'nope', name: '', role: 'chief', organization_id: '999999', password: 'short' });
  assert.equal(bad.status, 422);
  const fields = bad.json.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['email', 'name', 'organization_id', 'password', 'role']);
  const list = await admin.get('/api/v1/users?limit=2');
  assert.equal(list.status, 200);
  assert.equal(list.json.items.length, 2);
  assert.ok(list.json.next_cursor);
  const next = await admin.get(`/api/v1/users?limit=2&cursor=${list.json.next_cursor}`);
  assert.notEqual(next.json.items[0].id, list.json.items[0].id);
  assert.equal((await admin.get('/api/v1/users?limit=500')).status, 400);
  const changed = await admin.patch(`/api/v1/users/${made.json.id}`, { role: 'agency_reader' }, { headers: { 'If-Match': '"1"' } });
  assert.equal(changed.status, 200);
  assert.equal(changed.json.role, 'agency_reader');
  assert.equal(changed.json.version, 2);
  const stale = await admin.patch(`/api/v1/users/${made.json.id}`, { name: 'Other' }, { headers: { 'If-Match': '"1"' } });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.code, 'version_conflict');
  // names are one line: a line break could split a CSV row or an e-mail header
  for (const name of ['Two\nLines', 'Carriage\rReturn', 'Tab\there', 'Bell\u0007']) {
    const r = await admin.patch(`/api/v1/users/${made.json.id}`, { name });
    assert.equal(r.status, 422, JSON.stringify(name));
    assert.deepEqual(r.json.errors.map((e) => [e.field, e.code]), [['name', 'invalid_value']]);
  }
  const partner = await admin.post('/api/v1/partners', { name: 'Line\nBreak Partner', type: 'cbo', country: 'KE' });
  assert.equal(partner.status, 422);
  const cli = psea(['user', 'add', '--db', server.db, '--email', 'tab@test.psea', '--name', 'Tab\tName', '--role', 'agency_reader',
    '--org', 'UNICEF', '--password-stdin'], { input: 'long-enough-password\n', allowFail: true });
  assert.equal(cli.status, 2, 'refused with the other malformed arguments');
  assert.match(cli.stderr, /one line/);
  const one = await admin.get(`/api/v1/users/${made.json.id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.json, changed.json, 'one account reads as the list and the change wrote it');
  assert.equal((await editor.get(`/api/v1/users/${made.json.id}`)).status, 403);
  assert.equal((await admin.get('/api/v1/users/999999')).status, 404);
  assert.equal((await admin.get('/api/v1/users/abc')).status, 404);
  const off = await admin.patch(`/api/v1/users/${made.json.id}`, { active: false });
  assert.equal(off.json.active, false);
  const login = await server.client().post('/api/v1/session', { email: 'new.person@wfp.org', password: 'long-enough-password' });
  assert.equal(login.status, 401, 'a deactivated account cannot sign in');
});

test('every write lands in the audit log with its request id', async () => {
  const admin = await server.signIn('admin');
  const made = await admin.post('/api/v1/tokens', { name: 'audited' });
  const log = await admin.get(`/api/v1/audit?object_type=api_token&object_id=${made.json.id}`);
  assert.equal(log.status, 200);
  assert.equal(log.json.items.length, 1);
  assert.equal(log.json.items[0].action, 'create');
  assert.equal(log.json.items[0].user_id, admin.user.id);
  assert.equal(log.json.items[0].request_id, made.headers.get('x-request-id'));
  const editor = await server.signIn('agency_editor');
  assert.equal((await editor.get('/api/v1/audit')).status, 403);
});

test('openapi.json lists the routes', async () => {
  const r = await server.client().get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.json.openapi, '3.0.3');
  assert.ok(r.json.paths['/session'].post);
  assert.ok(r.json.paths['/tokens/{id}'].delete);
  assert.ok(r.json.paths['/health'].get);
});

test('the interface is served with its type, a validator and compression', async () => {
  const c = server.client();
  const r = await c.get('/', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  const etag = r.headers.get('etag');
  assert.ok(etag);
  assert.match(r.headers.get('content-security-policy'), /default-src 'self'/);
  const again = await c.get('/', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await c.get('/no-such-file.js')).status, 404);
});

test('psea init twice changes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psea-init-'));
  const db = freshDatabase(dir); // an SQLite file, or a new PostgreSQL database on that run
  const first = psea(['init', '--db', db]);
  assert.match(first.stdout, /migrations? applied/);
  assert.doesNotMatch(first.stdout, /\(0 migrations/);
  const second = psea(['init', '--db', db]);
  assert.match(second.stdout, /\(0 migrations applied\)/);
});

test('psea user add refuses an unknown role or organisation and writes nothing', async () => {
  const badRole = psea(['user', 'add', '--db', server.db, '--email', 'r@test.psea', '--name', 'R', '--role', 'boss', '--org', 'UNICEF', '--password-stdin'], { input: PASSWORD + '\n', allowFail: true });
  assert.equal(badRole.status, 1);
  assert.match(badRole.stderr, /not a role/);
  assert.equal(badRole.stderr.trim().split('\n').length, 1);
  const badOrg = psea(['user', 'add', '--db', server.db, '--email', 'r@test.psea', '--name', 'R', '--role', 'agency_reader', '--org', 'NOPE', '--password-stdin'], { input: PASSWORD + '\n', allowFail: true });
  assert.equal(badOrg.status, 1);
  assert.match(badOrg.stderr, /no organisation 'NOPE'/);
  const login = await server.client().post('/api/v1/session', { email: 'r@test.psea', password: PASSWORD });
  assert.equal(login.status, 401);
});

test('bad arguments print a usage line and exit 2; --help exits 0', () => {
  for (const args of [[], ['frobnicate'], ['init'], ['serve', '--db', 'x'], ['user', 'add', '--db', 'x'], ['init', '--bogus', 'y']]) {
    const r = psea(args, { allowFail: true });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /usage:/);
  }
  for (const cmd of ['init', 'user', 'serve', 'demo']) {
    const r = psea([cmd, '--help']);
    assert.match(r.stdout, /usage: psea/);
  }
});

// A check on an SQLite file by nature: it runs the same on every back end the suite targets,
// since the file is given on the command line. Its PostgreSQL counterpart is the next test.
test('a file that is not a database: clear error, exit 1, untouched', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psea-bad-'));
  const file = join(dir, 'notes.db');
  const content = 'these are my notes, not a database\n'.repeat(100);
  writeFileSync(file, content);
  for (const args of [['init', '--db', file], ['demo', '--db', file]]) {
    const r = psea(args, { allowFail: true });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not a PSEA Portal database/);
  }
  assert.equal(readFileSync(file, 'utf8'), content);
});

test('a PostgreSQL server that cannot be reached: one clear line, exit 1', () => {
  const r = psea(['init', '--db', 'postgresql://psea@127.0.0.1:1/nothing?connect_timeout=2'], { allowFail: true });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot connect to PostgreSQL/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('SIGTERM stops the server cleanly', async () => {
  const s = await Server.start();
  const exit = await s.stop();
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.match(s.log, /stopped/);
});
