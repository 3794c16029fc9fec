// Invitations: an administrator invites anyone, an agency advanced editor a partner's people into
// a partner its agency works with; the person follows the e-mailed one-time link (valid for the
// setting invitation.days), chooses name, password and language, and gets the invited role and
// organisation. The list shows pending, accepted, withdrawn and expired invitations; a pending
// one can be withdrawn. A used, withdrawn or expired link, or a weak password, is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, ROOT, sql } from './lib.mjs';
import { Mailbox } from './mailbox.mjs';
import { tokenClient, createPartner, agencyId } from './psea.mjs';

const NOW = '2026-06-01T09:00:00Z';
const BASE = 'https://psea.test';
let server, dir, mailbox, admin, advanced, partner, stranger, unicef;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'psea-invite-'));
  mailbox = new Mailbox(dir, 'refused');
  server = await Server.start({ clock: NOW, args: mailbox.serveArgs(BASE) });
  admin = await tokenClient(server, 'admin', 'UNICEF');
  advanced = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  unicef = await agencyId(admin, 'UNICEF');
  partner = await createPartner(advanced, { name: 'Clinique Espoir' });
  const r = await advanced.post('/api/v1/partnerships', { partner_id: partner.id, start: '2026-01-01' });
  assert.equal(r.status, 201, r.text);
  stranger = await createPartner(advanced, { name: 'Not Ours' });   // no partnership with UNICEF
});
after(async () => {
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  rmSync(dir, { recursive: true, force: true });
});

const secretOf = (m) => new URL(m.link).pathname.replace('/invitation/', '');
const link = (secret) => `/api/v1/invitation-links/${secret}`;
const invite = (client, body) => client.post('/api/v1/invitations', body);

test('an advanced editor invites a partner\'s person; the link makes the account with the invited role', async () => {
  const r = await invite(advanced, { email: 'Amina@Espoir.test', role: 'partner_editor', organization_id: partner.id, language: 'fr' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.email, 'amina@espoir.test');
  assert.equal(r.json.status, 'pending');
  assert.equal(r.json.expires_at, '2026-06-08T09:00:00Z');
  assert.equal(r.json.invited_by.id, advanced.user.id);
  assert.equal(r.json.token, undefined, 'the secret only travels by e-mail');
  const m = mailbox.last('amina@espoir.test');
  assert.equal(m.headers.subject, 'Votre invitation au Portail PSEA');
  const fr = JSON.parse(readFileSync(join(ROOT, 'web/i18n/fr.json'), 'utf8'));
  assert.ok(m.body.includes('Clinique Espoir'));
  assert.ok(m.body.includes(fr['role.partner_editor']), 'the role in the words of the interface');
  assert.ok(m.body.includes(advanced.user.name), 'who invites');
  assert.match(m.body, /dans les 7 jours/);
  assert.match(m.link, /^https:\/\/psea\.test\/invitation\/[0-9a-f]{64}$/);
  const secret = secretOf(m);
  assert.ok(!sql(server.db, 'SELECT token_hash FROM invitations').includes(secret), 'only the hash is stored');

  const shown = await server.client().get(link(secret));
  assert.equal(shown.status, 200, shown.text);
  assert.deepEqual([shown.json.email, shown.json.role, shown.json.organization.name, shown.json.language],
    ['amina@espoir.test', 'partner_editor', 'Clinique Espoir', 'fr']);

  const weak = await server.client().post(link(secret), { name: 'Amina K.', password: 'password1234', language: 'fr' });
  assert.equal(weak.status, 422);
  assert.deepEqual(weak.json.errors.map((e) => [e.field, e.code]), [['password', 'common']]);
  const short = await server.client().post(link(secret), { name: '', password: 'short' });
  assert.deepEqual(short.json.errors.map((e) => e.field).sort(), ['name', 'password']);

  const done = await server.client().post(link(secret), { name: 'Amina K.', password: 'jasmine under the bridge', language: 'es' });
  assert.equal(done.status, 201, done.text);
  assert.deepEqual([done.json.user.email, done.json.user.role, done.json.user.organization.id, done.json.user.language],
    ['amina@espoir.test', 'partner_editor', partner.id, 'es']);
  const s = await server.client().post('/api/v1/session', { email: 'amina@espoir.test', password: 'jasmine under the bridge' });
  assert.equal(s.status, 200);

  const again = await server.client().post(link(secret), { name: 'Someone', password: 'another fine password' });
  assert.equal(again.status, 409);
  assert.equal(again.json.code, 'invitation_accepted');
  assert.equal((await server.client().get(link(secret))).status, 409);

  const list = await advanced.get('/api/v1/invitations');
  const item = list.json.items.find((i) => i.email === 'amina@espoir.test');
  assert.equal(item.status, 'accepted');
  assert.equal(item.user_id, done.json.user.id);
  const audit = sql(server.db, `SELECT action FROM audit_log WHERE object_type = 'invitation' AND object_id = ${Number(r.json.id)} ORDER BY id`);
  assert.deepEqual(audit, ['create', 'accept']);
});

test('who may invite whom', async () => {
  const editor = await tokenClient(server, 'agency_editor', 'UNICEF');
  const focal = await tokenClient(server, 'agency_focal_point', 'UNICEF');
  for (const c of [editor, focal]) {
    assert.equal((await invite(c, { email: 'x1@test.psea', role: 'partner_reader', organization_id: partner.id })).status, 403);
    assert.equal((await c.get('/api/v1/invitations')).status, 403);
  }
  // an advanced editor: not agency staff, not a partner its agency does not work with
  let r = await invite(advanced, { email: 'x2@unicef.org', role: 'agency_reader', organization_id: unicef });
  assert.equal(r.status, 403);
  r = await invite(advanced, { email: 'x3@test.psea', role: 'partner_reader', organization_id: stranger.id });
  assert.equal(r.status, 403);
  assert.match(r.json.detail, /works with/);
  // a role that does not fit the organisation, an unknown organisation, a bad address: 422
  r = await invite(admin, { email: 'bad', role: 'agency_reader', organization_id: partner.id });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['email', 'role']);
  r = await invite(admin, { email: 'x4@test.psea', role: 'agency_reader', organization_id: '999999' });
  assert.equal(r.status, 422);
  // an administrator invites agency staff, and anyone
  r = await invite(admin, { email: 'staff@unicef.org', role: 'agency_focal_point', organization_id: unicef });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.language, 'en');
  r = await invite(admin, { email: 'x5@test.psea', role: 'partner_reader', organization_id: stranger.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(mailbox.to('x2@test.psea').length + mailbox.to('x3@test.psea').length, 0, 'no message for a refused invitation');
  // an address with an account, or with a pending invitation: 409
  r = await invite(admin, { email: advanced.user.email, role: 'agency_reader', organization_id: unicef });
  assert.equal(r.status, 409);
  assert.equal(r.json.code, 'email_taken');
  r = await invite(admin, { email: 'STAFF@unicef.org', role: 'agency_reader', organization_id: unicef });
  assert.equal(r.status, 409);
  assert.equal(r.json.code, 'invitation_pending');
  // an advanced editor lists the invitations sent from its agency; the administrator every one
  const wfpAdmin = await tokenClient(server, 'admin', 'WFP');
  assert.equal((await invite(wfpAdmin, { email: 'wfp.staff@wfp.org', role: 'agency_reader', organization_id: await agencyId(admin, 'WFP') })).status, 201);
  const wfpAdvanced = await tokenClient(server, 'agency_advanced_editor', 'WFP');
  const emails = async (c) => (await c.get('/api/v1/invitations?limit=200')).json.items.map((i) => i.email).sort();
  assert.deepEqual(await emails(wfpAdvanced), ['wfp.staff@wfp.org']);
  assert.deepEqual(await emails(advanced), ['amina@espoir.test', 'staff@unicef.org', 'x5@test.psea']);
  assert.deepEqual(await emails(admin), ['amina@espoir.test', 'staff@unicef.org', 'wfp.staff@wfp.org', 'x5@test.psea']);
  const page = await admin.get('/api/v1/invitations?limit=2');
  assert.equal(page.json.items.length, 2);
  const rest = await admin.get(`/api/v1/invitations?limit=2&cursor=${page.json.next_cursor}`);
  assert.deepEqual([...page.json.items, ...rest.json.items].map((i) => i.email).sort(), await emails(admin), 'pages go on');
});

test('a withdrawn invitation: its link answers 410, it stays listed as withdrawn', async () => {
  const r = await invite(advanced, { email: 'later@espoir.test', role: 'partner_reader', organization_id: partner.id });
  assert.equal(r.status, 201, r.text);
  const secret = secretOf(mailbox.last('later@espoir.test'));
  const other = await tokenClient(server, 'agency_advanced_editor', 'WFP');
  assert.equal((await other.delete(`/api/v1/invitations/${r.json.id}`)).status, 404, 'another agency does not know it');
  assert.equal((await advanced.delete(`/api/v1/invitations/${r.json.id}`)).status, 204);
  const twice = await advanced.delete(`/api/v1/invitations/${r.json.id}`);
  assert.equal(twice.status, 409);
  const used = await server.client().post(link(secret), { name: 'Late', password: 'a good long password' });
  assert.equal(used.status, 410);
  assert.equal(used.json.code, 'invitation_withdrawn');
  const item = (await advanced.get('/api/v1/invitations')).json.items.find((i) => i.id === r.json.id);
  assert.equal(item.status, 'withdrawn');
  assert.ok(item.withdrawn_at);
  // a new invitation to the same address may follow
  assert.equal((await invite(advanced, { email: 'later@espoir.test', role: 'partner_reader', organization_id: partner.id })).status, 201);
});

test('an invitation expires after invitation.days; an accepted one cannot be withdrawn', async () => {
  assert.equal((await admin.patch('/api/v1/settings', { 'invitation.days': 2 })).status, 200);
  const r = await invite(advanced, { email: 'slow@espoir.test', role: 'partner_reader', organization_id: partner.id });
  assert.equal(r.json.expires_at, '2026-06-03T09:00:00Z');
  const secret = secretOf(mailbox.last('slow@espoir.test'));
  assert.match(mailbox.last('slow@espoir.test').body, /within 2 days/);
  server.setClock('2026-06-03T09:00:00Z');
  const late = await server.client().post(link(secret), { name: 'Slow', password: 'a good long password' });
  assert.equal(late.status, 410);
  assert.equal(late.json.code, 'link_expired');
  assert.equal((await advanced.get('/api/v1/invitations')).json.items.find((i) => i.id === r.json.id).status, 'expired');
  assert.equal((await server.client().post('/api/v1/session', { email: 'slow@espoir.test', password: 'a good long password' })).status, 401);
  // expired: a new invitation to the same address is allowed
  assert.equal((await invite(advanced, { email: 'slow@espoir.test', role: 'partner_reader', organization_id: partner.id })).status, 201);
  server.setClock(NOW);
  assert.equal((await admin.patch('/api/v1/settings', { 'invitation.days': 7 })).status, 200);
  const accepted = (await admin.get('/api/v1/invitations?limit=200')).json.items.find((i) => i.status === 'accepted');
  const refused = await admin.delete(`/api/v1/invitations/${accepted.id}`);
  assert.equal(refused.status, 409);
  assert.equal((await server.client().get(link('f'.repeat(64)))).status, 404);
});

test('a message the sendmail command refuses leaves no invitation', async () => {
  const r = await invite(admin, { email: 'refused@unicef.org', role: 'agency_reader', organization_id: unicef });
  assert.equal(r.status, 503);
  assert.equal(r.json.code, 'mail_failed');
  const all = (await admin.get('/api/v1/invitations?limit=200')).json.items;
  assert.ok(!all.some((i) => i.email === 'refused@unicef.org'));
});

test('the routes are published in the OpenAPI document', async () => {
  const doc = (await server.client().get('/api/v1/openapi.json')).json;
  for (const [path, method] of [['/invitations', 'get'], ['/invitations', 'post'], ['/invitations/{id}', 'delete'],
    ['/invitation-links/{id}', 'get'], ['/invitation-links/{id}', 'post'], ['/password-resets', 'post'],
    ['/password-resets/{id}', 'get'], ['/password-resets/{id}', 'post']])
    assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
  assert.equal(doc.paths['/password-resets'].post.security, undefined, 'asking for a reset needs no sign-in');
  assert.ok(doc.paths['/invitations'].post.security, 'inviting does');
});

test('agency staff are invited at an address of their agency\'s domains', async () => {
  const r = await invite(admin, { email: 'someone@elsewhere.example', role: 'agency_reader', organization_id: unicef });
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.errors.some((e) => e.field === 'email' && e.code === 'domain_not_allowed'), r.text);
  const all = (await admin.get('/api/v1/invitations?limit=200')).json.items;
  assert.ok(!all.some((i) => i.email === 'someone@elsewhere.example'));
  // partner people may have any address
  const p = await invite(admin, { email: 'someone@elsewhere.example', role: 'partner_reader', organization_id: partner.id });
  assert.equal(p.status, 201, p.text);
});
