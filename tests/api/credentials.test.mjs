// Access that ends with its reason: API tokens expire (a year by default, or when their maker
// says, within bounds), a password reset or a deactivation ends the account's sessions and
// tokens; and sign-in throttling that slows an address down without locking the owner out.
// The server trusts 127.0.0.1 as a proxy, so X-Real-IP stands for the caller's address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, sql } from './lib.mjs';
import { assertProblem } from './psea.mjs';

const START = '2026-03-01T10:00:00Z';
let server, admin;

before(async () => {
  server = await Server.start({ clock: START, args: ['--trust-proxy', '127.0.0.1'] });
  admin = await server.signIn('admin');
});
after(async () => { await server.stop(); });

const at = (iso) => server.setClock(iso);
const from = (address) => ({ headers: { 'X-Real-IP': address } });

function signInFrom(account, address, password = account.password) {
  return server.client().post('/api/v1/session', { email: account.email, password }, from(address));
}

async function bearer(token) {
  const c = server.client();
  c.token = token;
  return c;
}

test('a token lasts a year unless its maker chooses, within one day and ten years', async () => {
  at(START);
  const c = await server.signIn('agency_reader');
  let r = await c.post('/api/v1/tokens', { name: 'default' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.expires_at, '2027-03-01T10:00:00Z');
  assert.equal(r.json.expired, false);
  const yearly = r.json;
  r = await c.post('/api/v1/tokens', { name: 'week', expires_in_days: 7 });
  assert.equal(r.json.expires_at, '2026-03-08T10:00:00Z');
  const week = r.json;
  r = await c.post('/api/v1/tokens', { name: 'dated', expires_at: '2026-12-31' });
  assert.equal(r.json.expires_at, '2026-12-31T00:00:00Z');
  r = await c.post('/api/v1/tokens', { name: 'instant', expires_at: '2026-04-01T12:30:00Z' });
  assert.equal(r.json.expires_at, '2026-04-01T12:30:00Z');

  for (const [body, field] of [[{ expires_in_days: 0 }, 'expires_in_days'], [{ expires_in_days: 3651 }, 'expires_in_days'],
    [{ expires_in_days: '7' }, 'expires_in_days'], [{ expires_in_days: 1.5 }, 'expires_in_days'],
    [{ expires_at: '2026-03-01T12:00:00Z' }, 'expires_at'], [{ expires_at: '2036-03-02' }, 'expires_at'],
    [{ expires_at: 'next year' }, 'expires_at'], [{ expires_at: '2025-01-01' }, 'expires_at'],
    [{ expires_at: '2026-12-31', expires_in_days: 7 }, 'expires_in_days']]) {
    r = await c.post('/api/v1/tokens', { name: 'bad', ...body });
    assertProblem(r, 422, 'validation_failed');
    assert.equal(r.json.errors[0].field, field, JSON.stringify(body));
  }

  // the list shows each token's end, never its secret; another user's tokens are not in it
  const other = await server.signIn('agency_reader');
  await other.post('/api/v1/tokens', { name: 'not yours' });
  r = await c.get('/api/v1/tokens');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((t) => [t.name, t.expires_at, t.expired]), [
    ['default', '2027-03-01T10:00:00Z', false], ['week', '2026-03-08T10:00:00Z', false],
    ['dated', '2026-12-31T00:00:00Z', false], ['instant', '2026-04-01T12:30:00Z', false]]);
  assert.ok(r.json.items.every((t) => !('token' in t)));
  r = await c.get('/api/v1/tokens?limit=3');
  assert.equal(r.json.items.length, 3);
  r = await c.get(`/api/v1/tokens?limit=3&cursor=${r.json.next_cursor}`);
  assert.deepEqual(r.json.items.map((t) => t.name), ['instant']);

  // a week later the week's token answers 401, the year's still works
  const weekly = await bearer(week.token), year = await bearer(yearly.token);
  assert.equal((await weekly.get('/api/v1/session')).status, 200);
  at('2026-03-08T10:00:00Z');
  assertProblem(await weekly.get('/api/v1/session'), 401, 'not_signed_in');
  assert.equal((await year.get('/api/v1/session')).status, 200);
  const listed = (await year.get('/api/v1/tokens')).json.items.find((t) => t.name === 'week');
  assert.equal(listed.expired, true);
  at('2027-03-01T10:00:00Z');
  assert.equal((await year.get('/api/v1/session')).status, 401, 'the default year is over');
  at(START);
});

async function accountWithWaysIn() {
  const account = server.addUser('agency_editor');
  const session = server.client();
  let r = await session.post('/api/v1/session', { email: account.email, password: account.password });
  assert.equal(r.status, 200);
  session.csrf = r.json.csrf_token;
  r = await session.post('/api/v1/tokens', { name: 'integration' });
  assert.equal(r.status, 201);
  const token = await bearer(r.json.token);
  const me = (await session.get('/api/v1/session')).json.user;
  return { account, session, token, me };
}

test('a password reset ends the sessions and tokens of the account, not those of others', async () => {
  at(START);
  const a = await accountWithWaysIn(), b = await accountWithWaysIn();
  const r = await admin.patch(`/api/v1/users/${a.me.id}`, { password: 'a-brand-new-password' });
  assert.equal(r.status, 200, r.text);
  assertProblem(await a.session.get('/api/v1/session'), 401, 'not_signed_in');
  assertProblem(await a.token.get('/api/v1/session'), 401, 'not_signed_in');
  assert.equal((await b.session.get('/api/v1/session')).status, 200);
  assert.equal((await b.token.get('/api/v1/session')).status, 200);
  // the new password opens a new session
  const again = await server.client().post('/api/v1/session', { email: a.account.email, password: 'a-brand-new-password' });
  assert.equal(again.status, 200);
  // a change of name alone ends nothing
  assert.equal((await admin.patch(`/api/v1/users/${b.me.id}`, { name: 'Renamed' })).status, 200);
  assert.equal((await b.token.get('/api/v1/session')).status, 200);
  // the administrator who resets their own password keeps the session used for it
  const me = (await admin.get('/api/v1/session')).json.user;
  assert.equal((await admin.patch(`/api/v1/users/${me.id}`, { password: 'admin-new-password' })).status, 200);
  assert.equal((await admin.get('/api/v1/session')).status, 200);
});

test('deactivating an account ends its sessions and tokens for good', async () => {
  at(START);
  const a = await accountWithWaysIn();
  assert.equal((await admin.patch(`/api/v1/users/${a.me.id}`, { active: false })).status, 200);
  assertProblem(await a.token.get('/api/v1/session'), 401, 'not_signed_in');
  assert.equal((await admin.patch(`/api/v1/users/${a.me.id}`, { active: true })).status, 200);
  // reactivated, the account signs in again, but what was issued before stays dead
  assertProblem(await a.session.get('/api/v1/session'), 401, 'not_signed_in');
  assertProblem(await a.token.get('/api/v1/session'), 401, 'not_signed_in');
  assert.equal((await server.client().post('/api/v1/session', { email: a.account.email, password: a.account.password })).status, 200);
});

test('failures from one address slow that address down, doubling the wait; the owner elsewhere signs in', async () => {
  at(START);
  const account = server.addUser('agency_reader');
  for (let i = 0; i < 5; i++) assertProblem(await signInFrom(account, '203.0.113.7', 'wrong-password-1'), 401, 'invalid_credentials');
  let r = await signInFrom(account, '203.0.113.7');
  assertProblem(r, 429, 'too_many_attempts');
  assert.equal(r.headers.get('retry-after'), '30');
  // the owner, from their own address, is not affected
  r = await signInFrom(account, '198.51.100.20');
  assert.equal(r.status, 200, r.text);
  // the waits double with each failure past the free ones, up to fifteen minutes
  let now = Date.parse(START);
  const waits = [];
  for (let i = 0; i < 7; i++) {
    const wait = Number((await signInFrom(account, '203.0.113.7')).headers.get('retry-after'));
    waits.push(wait);
    now += wait * 1000;
    at(new Date(now).toISOString().replace(/\.\d+Z$/, 'Z'));
    assertProblem(await signInFrom(account, '203.0.113.7', 'wrong-password-2'), 401, 'invalid_credentials');
  }
  assert.deepEqual(waits, [30, 60, 120, 240, 480, 900, 900]);
  // once the wait is over, the right password still works from that address too
  now += 900 * 1000;
  at(new Date(now).toISOString().replace(/\.\d+Z$/, 'Z'));
  assert.equal((await signInFrom(account, '203.0.113.7')).status, 200);
  at(START);
});

test('one address failing on many accounts is slowed down on every account', async () => {
  at(START);
  const accounts = Array.from({ length: 8 }, () => server.addUser('agency_reader'));
  for (let i = 0; i < 30; i++) {
    const r = await signInFrom(accounts[i % accounts.length], '192.0.2.99', 'wrong-password-3');
    assertProblem(r, 401, 'invalid_credentials');
  }
  const fresh = server.addUser('agency_reader');
  const r = await signInFrom(fresh, '192.0.2.99');
  assertProblem(r, 429, 'too_many_attempts');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  assert.equal((await signInFrom(fresh, '192.0.2.100')).status, 200, 'another address is not affected');
});

test('a sign-in clears the sessions that have ended and the failed attempts older than a day; the rest stay', async () => {
  // a server of its own: moving its clock a day on ends every session signed in before
  const own = await Server.start({ clock: START, args: ['--trust-proxy', '127.0.0.1'] });
  try {
    const count = (q) => Number(sql(own.db, q)[0]);
    const old = own.addUser('agency_reader');
    const signIn = (account, address, password = account.password) =>
      own.client().post('/api/v1/session', { email: account.email, password }, from(address));
    assertProblem(await signIn(old, '203.0.113.61', 'wrong-password-5'), 401, 'invalid_credentials');
    assert.equal((await signIn(old, '203.0.113.62')).status, 200);
    assert.equal(count("SELECT count(*) FROM login_failures WHERE key LIKE '%203.0.113.61%'"), 2, 'per account and address, and per address');
    const sessionsOf = (account) => count(`SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = '${account.email}'`);
    assert.equal(sessionsOf(old), 1);

    // 23 hours on: the session has ended (12 hours), the failures are still within the day
    own.setClock('2026-03-02T09:00:00Z');
    const recent = own.addUser('agency_reader');
    assertProblem(await signIn(recent, '203.0.113.63', 'wrong-password-6'), 401, 'invalid_credentials');
    assert.equal((await signIn(recent, '203.0.113.64')).status, 200);
    assert.equal(sessionsOf(old), 0, 'the ended session is gone');
    assert.equal(sessionsOf(recent), 1);
    assert.equal(count("SELECT count(*) FROM login_failures WHERE key LIKE '%203.0.113.61%'"), 2, 'a failure within the day stays');

    // a day and more after the first failures: they go, the later ones stay
    own.setClock('2026-03-02T11:00:00Z');
    assert.equal((await signIn(old, '203.0.113.65')).status, 200);
    assert.equal(count("SELECT count(*) FROM login_failures WHERE key LIKE '%203.0.113.61%'"), 0);
    assert.equal(count("SELECT count(*) FROM login_failures WHERE key LIKE '%203.0.113.63%'"), 2);
    assert.equal(sessionsOf(recent), 1, 'a session still running stays');
  } finally {
    await own.stop();
  }
});
