// Two-step sign-in (TOTP): turning it on (a secret, then a code confirms it and ten recovery
// codes are shown once), signing in with a code or a recovery code, each code working once,
// wrong codes throttled like passwords, and the setting that makes focal points and
// administrators turn it on before anything else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { totp } from './totp.mjs';

const START = '2026-03-02T09:00:00Z';
let server;
let clock = Date.parse(START) / 1000;

before(async () => { server = await Server.start({ clock: START }); });
after(() => server.stop());

function setClock(seconds) {
  clock = seconds;
  server.setClock(new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z'));
}

// Turns two-step sign-in on for a new account; returns the account, its secret and recovery codes.
async function enrolled(role = 'agency_editor', org = 'UNICEF') {
  const account = server.addUser(role, org);
  const c = server.client();
  const s = await c.post('/api/v1/session', { email: account.email, password: account.password });
  c.csrf = s.json.csrf_token;
  const begun = await c.post('/api/v1/account/two-step', {});
  assert.equal(begun.status, 200, begun.text);
  const confirmed = await c.post('/api/v1/account/two-step/confirm', { code: totp(begun.json.secret, clock) });
  assert.equal(confirmed.status, 200, confirmed.text);
  setClock(clock + 30); // the next code
  return { ...account, client: c, secret: begun.json.secret, recovery: confirmed.json.recovery_codes };
}

test('turning it on: a secret as an otpauth URI, a wrong code refused, the right one gives ten recovery codes once', async () => {
  const account = server.addUser('agency_reader');
  const c = server.client();
  const s = await c.post('/api/v1/session', { email: account.email, password: account.password });
  c.csrf = s.json.csrf_token;
  assert.equal(s.json.user.two_step, false);
  assert.equal(s.json.two_step_due, false);
  const begun = await c.post('/api/v1/account/two-step', {});
  assert.match(begun.json.secret, /^[A-Z2-7]{32}$/);
  assert.equal(begun.json.otpauth_uri,
    `otpauth://totp/PSEA%20Portal%3A${encodeURIComponent(account.email)}?secret=${begun.json.secret}&issuer=PSEA%20Portal&algorithm=SHA1&digits=6&period=30`);
  const wrong = await c.post('/api/v1/account/two-step/confirm', { code: totp(begun.json.secret, clock + 3600) });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.json.errors[0].field, 'code');
  assert.equal(wrong.json.errors[0].code, 'invalid_code');
  assert.equal((await c.get('/api/v1/account/two-step')).json.enabled, false);
  const ok = await c.post('/api/v1/account/two-step/confirm', { code: totp(begun.json.secret, clock) });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.recovery_codes.length, 10);
  assert.equal(new Set(ok.json.recovery_codes).size, 10);
  for (const code of ok.json.recovery_codes) assert.match(code, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  const shown = await c.get('/api/v1/account/two-step');
  assert.deepEqual(shown.json, { enabled: true, available: true, recovery_codes_left: 10 });
  assert.equal((await c.post('/api/v1/account/two-step', {})).status, 409, 'on already');
});

test('signing in becomes two steps: the password gives a challenge, the code a session; a code works once', async () => {
  const a = await enrolled();
  const c = server.client();
  const first = await c.post('/api/v1/session', { email: a.email, password: a.password });
  assert.equal(first.status, 401);
  assert.equal(first.json.code, 'two_step_required');
  assert.ok(!/psea_session=[^;]/.test(first.headers.get('set-cookie') || ''), 'no session yet');
  assert.equal((await c.get('/api/v1/session')).status, 401);
  const wrong = await c.post('/api/v1/session/two-step', { challenge: first.json.challenge, code: '000000' === totp(a.secret, clock) ? '111111' : '000000' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.json.code, 'invalid_code');
  const code = totp(a.secret, clock);
  const ok = await c.post('/api/v1/session/two-step', { challenge: first.json.challenge, code });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.user.email, a.email);
  assert.equal(ok.json.user.two_step, true);
  assert.equal((await c.get('/api/v1/session')).status, 200);
  // the same code again, in another sign-in: refused (it was used)
  const again = await server.client().post('/api/v1/session', { email: a.email, password: a.password });
  const replay = await server.client().post('/api/v1/session/two-step', { challenge: again.json.challenge, code });
  assert.equal(replay.status, 401);
  assert.equal(replay.json.code, 'invalid_code');
  // a challenge is good for five minutes
  setClock(clock + 301);
  const late = await server.client().post('/api/v1/session/two-step', { challenge: again.json.challenge, code: totp(a.secret, clock) });
  assert.equal(late.status, 401);
  assert.equal(late.json.code, 'two_step_expired');
});

test('a recovery code signs in once, written any way', async () => {
  const a = await enrolled();
  const code = a.recovery[3];
  let first = await server.client().post('/api/v1/session', { email: a.email, password: a.password });
  const ok = await server.client().post('/api/v1/session/two-step', { challenge: first.json.challenge, code: ` ${code.toUpperCase().replace(/-/g, ' ')} ` });
  assert.equal(ok.status, 200, ok.text);
  first = await server.client().post('/api/v1/session', { email: a.email, password: a.password });
  const reused = await server.client().post('/api/v1/session/two-step', { challenge: first.json.challenge, code });
  assert.equal(reused.status, 401);
  const c = server.client();
  first = await c.post('/api/v1/session', { email: a.email, password: a.password });
  const s = await c.post('/api/v1/session/two-step', { challenge: first.json.challenge, code: a.recovery[4] });
  c.csrf = s.json.csrf_token;
  assert.equal((await c.get('/api/v1/account/two-step')).json.recovery_codes_left, 8);
});

test('wrong codes are throttled like passwords: the sixth try in 15 minutes is 429, even with the right code', async () => {
  const a = await enrolled();
  const first = await server.client().post('/api/v1/session', { email: a.email, password: a.password });
  const right = totp(a.secret, clock);
  const wrongCode = right === '123456' ? '654321' : '123456';
  for (let i = 0; i < 5; i++) {
    const r = await server.client().post('/api/v1/session/two-step', { challenge: first.json.challenge, code: wrongCode });
    assert.equal(r.status, 401, `try ${i + 1}`);
  }
  const blocked = await server.client().post('/api/v1/session/two-step', { challenge: first.json.challenge, code: right });
  assert.equal(blocked.status, 429);
  assert.equal(blocked.json.code, 'too_many_attempts');
  assert.equal(blocked.headers.get('retry-after'), '900');
  // a quarter of an hour later the right code works (a new sign-in, the challenge having expired)
  setClock(clock + 15 * 60 + 30);
  const again = await server.client().post('/api/v1/session', { email: a.email, password: a.password });
  const ok = await server.client().post('/api/v1/session/two-step', { challenge: again.json.challenge, code: totp(a.secret, clock) });
  assert.equal(ok.status, 200, ok.text);
});

test('turning it off needs a current code', async () => {
  const a = await enrolled();
  const c = a.client;
  const bad = await c.post('/api/v1/account/two-step/disable', { code: 'nope' });
  assert.equal(bad.status, 422);
  const off = await c.post('/api/v1/account/two-step/disable', { code: totp(a.secret, clock) });
  assert.equal(off.status, 200, off.text);
  const s = await server.client().post('/api/v1/session', { email: a.email, password: a.password });
  assert.equal(s.status, 200, 'one step again');
});

test('with auth.two_step_required, focal points and administrators turn it on before anything else', async () => {
  const admin = await server.signIn('admin');
  assert.equal((await admin.patch('/api/v1/settings', { 'auth.two_step_required': 1 })).status, 200);
  const focal = server.addUser('agency_focal_point');
  const c = server.client();
  const s = await c.post('/api/v1/session', { email: focal.email, password: focal.password });
  assert.equal(s.status, 200);
  c.csrf = s.json.csrf_token;
  assert.equal(s.json.two_step_due, true);
  const blocked = await c.get('/api/v1/incidents');
  assert.equal(blocked.status, 403);
  assert.equal(blocked.json.code, 'two_step_due');
  assert.equal((await c.get('/api/v1/session')).status, 200);
  const begun = await c.post('/api/v1/account/two-step', {});
  assert.equal((await c.post('/api/v1/account/two-step/confirm', { code: totp(begun.json.secret, clock) })).status, 200);
  assert.equal((await c.get('/api/v1/incidents')).status, 200, 'allowed once it is on');
  setClock(clock + 30);
  const off = await c.post('/api/v1/account/two-step/disable', { code: totp(begun.json.secret, clock) });
  assert.equal(off.status, 409, 'the role requires it');
  // readers and editors are not concerned
  const reader = await server.signIn('agency_reader');
  assert.equal((await reader.get('/api/v1/observation')).status, 200);
  // the administrator who turned it on is held too, until enrolled
  assert.equal((await admin.get('/api/v1/users')).status, 403);
  const b = await admin.post('/api/v1/account/two-step', {});
  assert.equal((await admin.post('/api/v1/account/two-step/confirm', { code: totp(b.json.secret, clock) })).status, 200);
  assert.equal((await admin.patch('/api/v1/settings', { 'auth.two_step_required': 0 })).status, 200);
});

test('bad input: missing fields are 422, an unknown challenge 401', async () => {
  const c = server.client();
  const r = await c.post('/api/v1/session/two-step', {});
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['challenge', 'code']);
  const unknown = await c.post('/api/v1/session/two-step', { challenge: 'x'.repeat(64), code: '123456' });
  assert.equal(unknown.status, 401);
  assert.equal(unknown.json.code, 'two_step_expired');
});
