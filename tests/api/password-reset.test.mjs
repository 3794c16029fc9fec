// Password reset by e-mail: the same answer whether or not an account has the address; a link
// e-mailed in the account's language, used once within the setting password_reset.minutes; the
// new password follows the password rules, and ends every session and API token of the account.
// Requests are throttled per address asked about and per client. The e-mail goes through a
// sendmail command that keeps each message in a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, PASSWORD, sql, psea } from './lib.mjs';
import { Mailbox } from './mailbox.mjs';

const NOW = '2026-05-04T10:00:00Z';
const BASE = 'https://psea.test';
let server, dir, mailbox;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'psea-reset-'));
  mailbox = new Mailbox(dir);
  server = await Server.start({ clock: NOW, args: mailbox.serveArgs(BASE + '/') });
});
after(async () => {
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  rmSync(dir, { recursive: true, force: true });
});

const ask = (email) => server.client().post('/api/v1/password-resets', { email });
const secretOf = (message) => new URL(message.link).pathname.replace('/reset/', '');
const signIn = (email, password) => server.client().post('/api/v1/session', { email, password });

test('the same answer for an address with an account and one without; only the account is e-mailed', async () => {
  const account = server.addUser('agency_editor', 'UNICEF');
  const known = await ask(account.email.toUpperCase());
  const unknown = await ask('nobody.here@test.psea');
  assert.equal(known.status, 202, known.text);
  assert.equal(unknown.status, 202, unknown.text);
  assert.deepEqual(known.json, unknown.json);
  const m = await mailbox.wait(account.email);
  assert.equal(mailbox.to('nobody.here@test.psea').length, 0);
  assert.equal(m.headers.subject, 'PSEA Portal: choose a new password');
  assert.match(m.headers.from, /portal@psea\.test/);
  assert.match(m.body, /within 60 minutes/);
  assert.match(m.link, /^https:\/\/psea\.test\/reset\/[0-9a-f]{64}$/, 'one slash between the base URL and the path');
  // only the link's hash is stored
  const stored = sql(server.db, 'SELECT token_hash FROM password_resets');
  assert.ok(stored.length >= 1 && !stored.includes(secretOf(m)));
});

test('the link sets a new password once, and ends every session and API token of the account', async () => {
  const account = server.addUser('agency_editor', 'UNICEF');
  const browser = server.client();
  const s = await browser.post('/api/v1/session', { email: account.email, password: PASSWORD });
  browser.csrf = s.json.csrf_token;
  const t = await browser.post('/api/v1/tokens', { name: 'script' });
  assert.equal(t.status, 201);
  const script = server.client();
  script.token = t.json.token;
  assert.equal((await script.get('/api/v1/session')).status, 200);

  assert.equal((await ask(account.email)).status, 202);
  const secret = secretOf(await mailbox.wait(account.email));
  const shown = await server.client().get(`/api/v1/password-resets/${secret}`);
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.json.email, account.email);
  assert.equal(shown.json.expires_at, '2026-05-04T11:00:00Z');

  // the password rules apply, and a refused password leaves the link usable
  for (const [password, code] of [['too-short', 'too_short'], ['letmein12345', 'common']]) {
    const r = await server.client().post(`/api/v1/password-resets/${secret}`, { password });
    assert.equal(r.status, 422, password);
    assert.deepEqual(r.json.errors.map((e) => [e.field, e.code]), [['password', code]]);
  }
  const done = await server.client().post(`/api/v1/password-resets/${secret}`, { password: 'a brand new password' });
  assert.equal(done.status, 204, done.text);
  assert.equal((await browser.get('/api/v1/session')).status, 401, 'the session ended');
  assert.equal((await script.get('/api/v1/session')).status, 401, 'the API token ended');
  const id = s.json.user.id;
  assert.deepEqual(sql(server.db, `SELECT count(*) FROM sessions WHERE user_id = ${Number(id)}`), ['0']);
  assert.deepEqual(sql(server.db, `SELECT count(*) FROM api_tokens WHERE user_id = ${Number(id)}`), ['0']);
  assert.equal((await signIn(account.email, PASSWORD)).status, 401);
  assert.equal((await signIn(account.email, 'a brand new password')).status, 200);

  const again = await server.client().post(`/api/v1/password-resets/${secret}`, { password: 'yet another new password' });
  assert.equal(again.status, 409);
  assert.equal(again.json.code, 'link_used');
  assert.equal((await server.client().get(`/api/v1/password-resets/${secret}`)).status, 409);
  assert.equal((await signIn(account.email, 'a brand new password')).status, 200, 'the reused link changed nothing');

  const audit = sql(server.db, `SELECT action FROM audit_log WHERE object_type = 'user' AND object_id = ${Number(id)} ORDER BY id`);
  assert.deepEqual(audit.filter((a) => a.startsWith('password_reset')), ['password_reset_request', 'password_reset']);
});

test('a link expires after the setting password_reset.minutes; an unknown link is 404', async () => {
  const account = server.addUser('agency_reader', 'WFP');
  const admin = await server.signIn('admin', 'UNICEF');
  assert.equal((await admin.patch('/api/v1/settings', { 'password_reset.minutes': 15 })).status, 200);
  assert.equal((await ask(account.email)).status, 202);
  const m = await mailbox.wait(account.email);
  assert.match(m.body, /within 15 minutes/);
  const secret = secretOf(m);
  server.setClock('2026-05-04T10:14:59Z');
  assert.equal((await server.client().get(`/api/v1/password-resets/${secret}`)).status, 200);
  server.setClock('2026-05-04T10:15:00Z');
  const late = await server.client().post(`/api/v1/password-resets/${secret}`, { password: 'a brand new password' });
  assert.equal(late.status, 410);
  assert.equal(late.json.code, 'link_expired');
  assert.equal((await signIn(account.email, PASSWORD)).status, 200, 'the password stayed');
  const unknown = await server.client().post(`/api/v1/password-resets/${'0'.repeat(64)}`, { password: 'a brand new password' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.code, 'unknown_link');
  assert.equal((await server.client().get('/api/v1/password-resets/short')).status, 404);
  server.setClock(NOW);
  assert.equal((await admin.patch('/api/v1/settings', { 'password_reset.minutes': 60 })).status, 200);
});

test('the message is in the account\'s language; a deactivated account gets none', async () => {
  const fr = server.addUser('agency_reader', 'UNICEF');
  const admin = await server.signIn('admin', 'UNICEF');
  const users = (await admin.get('/api/v1/users?limit=200')).json.items;
  const id = users.find((u) => u.email === fr.email).id;
  assert.equal((await admin.patch(`/api/v1/users/${id}`, { language: 'fr' })).status, 200);
  assert.equal((await ask(fr.email)).status, 202);
  assert.equal((await mailbox.wait(fr.email)).headers.subject, 'Portail PSEA : choisissez un nouveau mot de passe');
  const gone = server.addUser('agency_reader', 'UNICEF');
  const goneId = (await admin.get('/api/v1/users?limit=200')).json.items.find((u) => u.email === gone.email).id;
  assert.equal((await admin.patch(`/api/v1/users/${goneId}`, { active: false })).status, 200);
  assert.equal((await ask(gone.email)).status, 202);
  // a message to an active account asked for afterwards arrives; none for the deactivated one
  assert.equal((await ask(fr.email)).status, 202);
  await mailbox.wait(fr.email, 2);
  assert.equal(mailbox.to(gone.email).length, 0);
});

test('requests are throttled per address asked about, existing or not', async () => {
  const account = server.addUser('agency_reader', 'UNICEF');
  for (const email of [account.email, 'nobody.twice@test.psea']) {
    for (let i = 0; i < 3; i++) assert.equal((await ask(email)).status, 202);
    const r = await ask(email);
    assert.equal(r.status, 429, email);
    assert.equal(r.json.code, 'too_many_attempts');
    assert.equal(r.headers.get('retry-after'), '3600');
  }
  await mailbox.wait(account.email, 3);
  assert.equal(mailbox.to(account.email).length, 3);
  server.setClock('2026-05-04T11:00:01Z');
  assert.equal((await ask(account.email)).status, 202, 'an hour later it is allowed again');
  server.setClock(NOW);
});

test('a bad address is 422; a server without --base-url says it sends no e-mail', async () => {
  const r = await ask('not an address');
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'email');
  for (const args of [['--base-url', 'ftp://psea.test'], ['--base-url', 'https://psea.test', '--mail-from', 'not an address']]) {
    const r = psea(['serve', '--db', server.db, '--listen', '127.0.0.1:0', '--data', join(dir, 'data'), ...args], { allowFail: true });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /--base-url|--mail-from/);
  }
  const plain = await Server.start({ clock: NOW });
  try {
    const account = plain.addUser('agency_reader', 'UNICEF');
    const none = await plain.client().post('/api/v1/password-resets', { email: account.email });
    assert.equal(none.status, 503);
    assert.equal(none.json.code, 'mail_unavailable');
  } finally {
    await plain.stop();
  }
});
