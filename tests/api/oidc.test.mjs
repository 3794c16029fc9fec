// Single sign-on through OpenID Connect, against a provider the test controls (fake-issuer.mjs):
// the whole flow (PKCE, state, nonce), account creation and linking, and every refusal: bad
// signature, another audience, an expired token, a replayed state, a provider that is down.
// The same flow through a real provider (oidc-provider) and a browser is in tests/e2e/sso.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, psea, sql } from './lib.mjs';
import { FakeIssuer } from './fake-issuer.mjs';

let server, issuer, admin;

before(async () => {
  issuer = await FakeIssuer.start();
  server = await Server.start();
  const secretFile = join(server.dir, 'fake.secret');
  writeFileSync(secretFile, issuer.secret + '\n');
  psea(['oidc', 'add', '--db', server.db, '--name', 'fake', '--display-name', 'UNICEF Entra', '--issuer', issuer.url,
    '--client-id', issuer.clientId, '--secret-file', secretFile, '--agency', 'UNICEF,WFP']);
  admin = await server.signIn('admin');
});
after(async () => { await server.stop(); await issuer.stop(); });

// Runs the browser's part: start, the provider's redirect, the return. Returns the callback's
// answer, the session cookie it set, and the callback address (to replay it).
async function ssoSignIn(provider = 'fake', { keepBrowserCookie = true } = {}) {
  const start = await fetch(`${server.url}/api/v1/auth/oidc/${provider}/start`, { redirect: 'manual' });
  if (start.status !== 303) return { start };
  const browser = /psea_oidc=([^;]+)/.exec(start.headers.get('set-cookie') || '');
  const atProvider = await fetch(start.headers.get('location'), { redirect: 'manual' });
  const callback = atProvider.headers.get('location');
  const cookie = keepBrowserCookie && browser ? `psea_oidc=${browser[1]}` : '';
  const back = await fetch(callback, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
  const session = /psea_session=([^;]+)/.exec(back.headers.get('set-cookie') || '');
  return { start, callback, cookie, back, location: back.headers.get('location'), session: session && session[1] };
}

async function whoAmI(session) {
  const r = await fetch(`${server.url}/api/v1/session`, { headers: { Cookie: `psea_session=${session}` } });
  return r.status === 200 ? (await r.json()).user : null;
}

const userCount = () => Number(sql(server.db, 'SELECT count(*) FROM users')[0]);

test('the sign-in page lists the active providers; an unknown one is 404', async () => {
  const c = server.client();
  const r = await c.get('/api/v1/auth/oidc/providers');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items, [{ name: 'fake', display_name: 'UNICEF Entra', start: '/api/v1/auth/oidc/fake/start' }]);
  assert.equal((await c.get('/api/v1/auth/oidc/nobody/start')).status, 404);
});

test('the first sign-in sends PKCE, state and nonce, and creates an agency reader in the agency of the e-mail domain', async () => {
  issuer.mode = 'good';
  issuer.person = { sub: 'new-1', email: 'Nadia.New@wfp.org', email_verified: true, name: 'Nadia New' };
  const before = userCount();
  const r = await ssoSignIn();
  assert.equal(r.start.status, 303);
  const auth = issuer.lastAuthorization;
  assert.equal(auth.response_type, 'code');
  assert.equal(auth.client_id, issuer.clientId);
  assert.equal(auth.scope, 'openid email profile');
  assert.equal(auth.code_challenge_method, 'S256');
  assert.match(auth.code_challenge, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(auth.state.length >= 40 && auth.nonce.length >= 40);
  assert.equal(auth.redirect_uri, `${server.url}/api/v1/auth/oidc/callback`);
  assert.equal(r.back.status, 303, await r.back.text());
  assert.equal(r.location, '/');
  assert.ok(r.session, 'a session cookie is set');
  // the token request proved the PKCE verifier and named the same redirect URI
  const token = issuer.tokenRequests.at(-1);
  assert.equal(token.grant_type, 'authorization_code');
  assert.ok(token.code_verifier.length >= 43);
  const me = await whoAmI(r.session);
  assert.equal(me.email, 'nadia.new@wfp.org');
  assert.equal(me.name, 'Nadia New');
  assert.equal(me.role, 'agency_reader');
  assert.equal(me.organization.code, 'WFP');
  assert.equal(userCount(), before + 1);
  // signing in again finds the same account by the provider's subject
  const again = await ssoSignIn();
  assert.equal((await whoAmI(again.session)).id, me.id);
  assert.equal(userCount(), before + 1);
  const audit = await admin.get(`/api/v1/audit?object_type=session&user_id=${me.id}`);
  assert.ok(audit.json.items.every((e) => e.action === 'sign_in_sso') && audit.json.items.length === 2);
});

test('a verified e-mail links the existing account of that address', async () => {
  const account = server.addUser('agency_editor', 'UNICEF', { email: 'linda.link@unicef.org' });
  issuer.person = { sub: 'link-1', email: account.email, email_verified: true, name: 'Linda' };
  const before = userCount();
  const r = await ssoSignIn();
  const me = await whoAmI(r.session);
  assert.equal(me.email, account.email);
  assert.equal(me.role, 'agency_editor', 'the account keeps its role');
  assert.equal(userCount(), before);
  const audit = await admin.get(`/api/v1/audit?object_type=user&object_id=${me.id}`);
  assert.ok(audit.json.items.some((e) => e.action === 'link_sso'));
});

test('refused: an address outside the served agencies\' domains, an unverified address, an account of another agency', async () => {
  const before = userCount();
  issuer.person = { sub: 'out-1', email: 'someone@gmail.com', email_verified: true, name: 'Out' };
  let r = await ssoSignIn();
  assert.equal(r.location, '/signin?sso_error=domain_not_allowed');
  assert.equal(r.session, null);
  issuer.person = { sub: 'unverified-1', email: 'uma@unicef.org', email_verified: false, name: 'Uma' };
  r = await ssoSignIn();
  assert.equal(r.location, '/signin?sso_error=email_unverified');
  // a WHO account: the provider serves UNICEF and WFP only
  const who = server.addUser('agency_reader', 'WHO', { email: 'walter@who.int' });
  issuer.person = { sub: 'who-1', email: who.email, email_verified: true, name: 'Walter' };
  r = await ssoSignIn();
  assert.equal(r.location, '/signin?sso_error=account_elsewhere');
  assert.equal(userCount(), before + 1, 'only the WHO account made by the test');
});

test('a provider whose addresses are trusted (Entra ID sends no email_verified) may create accounts without the claim', async () => {
  const secretFile = join(server.dir, 'trusting.secret');
  writeFileSync(secretFile, issuer.secret);
  psea(['oidc', 'add', '--db', server.db, '--name', 'trusting', '--issuer', issuer.url, '--client-id', issuer.clientId,
    '--secret-file', secretFile, '--agency', 'UNICEF', '--trust-email']);
  issuer.mode = 'good';
  issuer.person = { sub: 'trusted-1', email: 'tomas@unicef.org', name: 'Tomas' };
  assert.equal((await ssoSignIn('fake')).location, '/signin?sso_error=email_unverified', 'not without the claim elsewhere');
  const r = await ssoSignIn('trusting');
  assert.equal((await whoAmI(r.session)).email, 'tomas@unicef.org');
  const listed = await admin.get('/api/v1/oidc-providers');
  assert.equal(listed.json.items.find((p) => p.name === 'trusting').email_trusted, true);
  assert.equal(listed.json.items.find((p) => p.name === 'fake').email_trusted, false);
});

test('refused: a bad signature, another audience, an expired token, a wrong nonce or issuer, unsigned or HMAC tokens', async () => {
  issuer.person = { sub: 'bad-1', email: 'bad@unicef.org', email_verified: true, name: 'Bad' };
  for (const mode of ['bad_signature', 'wrong_audience', 'expired', 'wrong_nonce', 'wrong_issuer', 'none', 'hs256']) {
    issuer.mode = mode;
    const r = await ssoSignIn();
    assert.equal(r.location, '/signin?sso_error=token_invalid', mode);
    assert.equal(r.session, null, mode);
  }
  issuer.mode = 'good';
  assert.equal(Number(sql(server.db, "SELECT count(*) FROM users WHERE email = 'bad@unicef.org'")[0]), 0);
  assert.match(server.log, /the ID token is the signature does not verify/);
  assert.match(server.log, /the ID token is signed with an algorithm other than RS256/);
  assert.match(server.log, /issued for another client/);
  assert.match(server.log, /expired/);
});

test('a state works once: the replayed return, and a return to another browser, are refused', async () => {
  issuer.mode = 'good';
  issuer.person = { sub: 'replay-1', email: 'rita@unicef.org', email_verified: true, name: 'Rita' };
  const r = await ssoSignIn();
  assert.ok(r.session);
  const replay = await fetch(r.callback, { redirect: 'manual', headers: { Cookie: r.cookie } });
  assert.equal(replay.headers.get('location'), '/signin?sso_error=state_unknown');
  assert.equal(/psea_session=[^;]+/.test(replay.headers.get('set-cookie') || '') && !/psea_session=;/.test(replay.headers.get('set-cookie')), false);
  const elsewhere = await ssoSignIn('fake', { keepBrowserCookie: false });
  assert.equal(elsewhere.location, '/signin?sso_error=state_unknown');
  assert.equal(elsewhere.session, null);
  const forged = await fetch(`${server.url}/api/v1/auth/oidc/callback?code=x&state=made-up`, { redirect: 'manual' });
  assert.equal(forged.headers.get('location'), '/signin?sso_error=state_unknown');
});

test('the provider rotates its keys: the new key is fetched on its first use', async () => {
  issuer.mode = 'good';
  issuer.person = { sub: 'rotate-1', email: 'roberto@unicef.org', email_verified: true, name: 'Roberto' };
  assert.ok((await ssoSignIn()).session, 'keys cached');
  issuer.rotate();
  const r = await ssoSignIn();
  assert.ok(r.session, r.location);
  assert.equal((await whoAmI(r.session)).email, 'roberto@unicef.org');
});

test('a provider that is down: the sign-in page says so, at the start and at the return', async () => {
  const down = await FakeIssuer.start();
  const url = down.url;
  psea(['oidc', 'add', '--db', server.db, '--name', 'down', '--issuer', url, '--client-id', down.clientId,
    '--secret-env', 'PSEA_TEST_UNSET_SECRET', '--agency', 'UNICEF']);
  await down.stop();
  const start0 = await fetch(`${server.url}/api/v1/auth/oidc/down/start`, { redirect: 'manual' });
  assert.equal(start0.status, 303);
  assert.equal(start0.headers.get('location'), '/signin?sso_error=provider_unavailable');
  // the provider goes down between the redirect and the return (its discovery cached, its token endpoint gone)
  const flaky = await FakeIssuer.start({ secret: 'flaky-secret' });
  const secretFile = join(server.dir, 'flaky.secret');
  writeFileSync(secretFile, 'flaky-secret');
  psea(['oidc', 'add', '--db', server.db, '--name', 'flaky', '--issuer', flaky.url, '--client-id', flaky.clientId,
    '--secret-file', secretFile, '--agency', 'UNICEF']);
  const start = await fetch(`${server.url}/api/v1/auth/oidc/flaky/start`, { redirect: 'manual' });
  const browser = /psea_oidc=([^;]+)/.exec(start.headers.get('set-cookie'))[1];
  const callback = (await fetch(start.headers.get('location'), { redirect: 'manual' })).headers.get('location');
  await flaky.stop();
  const back = await fetch(callback, { redirect: 'manual', headers: { Cookie: `psea_oidc=${browser}` } });
  assert.equal(back.headers.get('location'), '/signin?sso_error=provider_unavailable');
});

test('a wrong client secret is refused by the provider: token_refused', async () => {
  const other = await FakeIssuer.start({ secret: 'the-real-secret' });
  const secretFile = join(server.dir, 'wrong.secret');
  writeFileSync(secretFile, 'not-the-secret\n');
  psea(['oidc', 'add', '--db', server.db, '--name', 'wrongsecret', '--issuer', other.url, '--client-id', other.clientId,
    '--secret-file', secretFile, '--agency', 'UNICEF']);
  const r = await ssoSignIn('wrongsecret');
  assert.equal(r.location, '/signin?sso_error=token_refused');
  await other.stop();
});

test('administrators register providers through the API; every field is checked', async () => {
  const bad = await admin.post('/api/v1/oidc-providers', { name: 'Bad Name', issuer: 'http://idp.example.org', client_id: 'x',
    agencies: ['NOPE'], role: 'admin' });
  assert.equal(bad.status, 422);
  const fields = bad.json.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['agencies', 'client_secret_file', 'issuer', 'name', 'role']);
  const ok = await admin.post('/api/v1/oidc-providers', { name: 'okta', display_name: 'Okta', issuer: 'https://unicef.okta.com',
    client_id: 'abc', client_secret_env: 'PSEA_OKTA_SECRET', agencies: ['UNICEF'] });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.role, 'agency_reader');
  assert.deepEqual(ok.json.agencies, ['UNICEF']);
  assert.equal(ok.json.redirect_path, '/api/v1/auth/oidc/callback');
  assert.equal((await admin.post('/api/v1/oidc-providers', { name: 'okta', issuer: 'https://x.okta.com', client_id: 'a',
    client_secret_env: 'S', agencies: ['UNICEF'] })).status, 409);
  const off = await admin.patch(`/api/v1/oidc-providers/${ok.json.id}`, { active: false });
  assert.equal(off.status, 200);
  const shown = await server.client().get('/api/v1/auth/oidc/providers');
  assert.ok(!shown.json.items.some((p) => p.name === 'okta'), 'an inactive provider is not offered');
  assert.equal((await server.client().get('/api/v1/auth/oidc/okta/start')).status, 404);
  const listed = await admin.get('/api/v1/oidc-providers');
  assert.ok(listed.json.items.some((p) => p.name === 'okta' && p.active === false && p.client_secret_env === 'PSEA_OKTA_SECRET'));
  const reader = await server.signIn('agency_reader');
  assert.equal((await reader.get('/api/v1/oidc-providers')).status, 403);
  assert.equal((await reader.post('/api/v1/oidc-providers', {})).status, 403);
});

test('psea oidc add refuses what the API refuses, with a sentence', async () => {
  const r = psea(['oidc', 'add', '--db', server.db, '--name', 'plain', '--issuer', 'http://idp.example.org', '--client-id', 'x',
    '--secret-env', 'S', '--agency', 'UNICEF'], { allowFail: true });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /https:\/\//);
  const list = psea(['oidc', 'list', '--db', server.db]);
  assert.match(list.stdout, /^fake\tactive\t/m);
});
