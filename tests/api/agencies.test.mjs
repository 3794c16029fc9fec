// Participating agencies: an administrator adds one (UNOPS) with its e-mail domains and changes
// its name and domains; everyone signed in sees it; its code names it for accounts at once.
// Bad codes and names answer 422, a repeated code or a domain of another agency 409, with
// nothing written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, assertProblem } from './psea.mjs';

let server, admin, advanced, partnerUser;

before(async () => {
  server = await Server.start();
  admin = await tokenClient(server, 'admin');
  advanced = await tokenClient(server, 'agency_advanced_editor');
});
// A clean exit: under the sanitizers, a leak in these routes would make it fail.
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

const agencies = async (c = admin) => (await c.get('/api/v1/agencies')).json.items;

test('an administrator adds UNOPS with its domains; everyone signed in sees it; accounts can belong to it', async () => {
  const before = await agencies();
  assert.equal(before.length, 10);
  const r = await admin.post('/api/v1/agencies', { code: 'UNOPS', name: 'UN Office for Project Services', domains: ['UNOPS.org', '@unops.org', 'un-ops.example.org'] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.code, 'UNOPS');
  assert.equal(r.json.kind, 'agency');
  assert.equal(r.json.name, 'UN Office for Project Services');
  assert.deepEqual(r.json.domains, ['un-ops.example.org', 'unops.org']);
  assert.equal(typeof r.json.id, 'string');
  const listed = (await agencies(advanced)).find((a) => a.code === 'UNOPS');
  assert.deepEqual(listed, r.json);
  assert.ok((await agencies(advanced)).find((a) => a.code === 'UNICEF').domains.includes('unicef.org'));
  // the code names the agency for accounts, as the ten seeded ones
  const staff = await tokenClient(server, 'agency_editor', 'UNOPS');
  assert.equal(staff.user.organization.id, r.json.id);
  const audit = await admin.get(`/api/v1/audit?object_type=agency&object_id=${r.json.id}`);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some((e) => e.action === 'create'), audit.text);
});

test('only an administrator adds or changes an agency', async () => {
  const unops = (await agencies()).find((a) => a.code === 'UNOPS');
  partnerUser = await tokenClient(server, 'partner_editor', `partner:${(await advanced.post('/api/v1/partners', { name: 'Amani', type: 'national_ngo', country: 'KE' })).json.id}`);
  for (const c of [advanced, partnerUser]) {
    assertProblem(await c.post('/api/v1/agencies', { code: 'UNEP', name: 'UNEP' }), 403);
    assertProblem(await c.patch(`/api/v1/agencies/${unops.id}`, { name: 'Other' }), 403);
  }
  assert.equal((await agencies()).length, 11);
  assertProblem(await server.client().post('/api/v1/agencies', { code: 'UNEP', name: 'UNEP' }), 401);
});

test('bad codes, names and domains answer 422 and write nothing', async () => {
  const cases = [
    [{ name: 'UNEP' }, 'code'],
    [{ code: 'unep', name: 'UNEP' }, 'code'],
    [{ code: 'UN EP', name: 'UNEP' }, 'code'],
    [{ code: 'U', name: 'UNEP' }, 'code'],
    [{ code: 'ABCDEFGHIJKLMNOPQ', name: 'UNEP' }, 'code'],
    [{ code: 'UNEP' }, 'name'],
    [{ code: 'UNEP', name: '   ' }, 'name'],
    [{ code: 'UNEP', name: 'x'.repeat(201) }, 'name'],
    [{ code: 'UNEP', name: 'UNEP', domains: 'unep.org' }, 'domains'],
    [{ code: 'UNEP', name: 'UNEP', domains: ['unep'] }, 'domains[0]'],
    [{ code: 'UNEP', name: 'UNEP', domains: ['unep.org', 'staff@unep.org'] }, 'domains[1]'],
    [{ code: 'UNEP', name: 'UNEP', domains: [42] }, 'domains[0]'],
    [{ code: 'UNEP', name: 'UNEP', domains: Array.from({ length: 21 }, (_, i) => `d${i}.org`) }, 'domains'],
  ];
  for (const [body, field] of cases) {
    const r = await admin.post('/api/v1/agencies', body);
    assertProblem(r, 422, 'validation_failed');
    assert.ok(r.json.errors.some((e) => e.field === field && e.message.length > 10), `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal((await agencies()).length, 11);
});

test('a code already used, or a domain of another agency, answers 409 and writes nothing', async () => {
  let r = await admin.post('/api/v1/agencies', { code: 'UNICEF', name: 'Another UNICEF' });
  assertProblem(r, 409, 'code_taken');
  r = await admin.post('/api/v1/agencies', { code: 'UNOPS', name: 'UNOPS again' });
  assertProblem(r, 409, 'code_taken');
  r = await admin.post('/api/v1/agencies', { code: 'UNEP', name: 'UN Environment Programme', domains: ['unep.org', 'UNOPS.ORG'] });
  assertProblem(r, 409, 'domain_taken');
  assert.equal((await agencies()).length, 11);
  assert.equal((await agencies()).find((a) => a.code === 'UNEP'), undefined);
});

test('an administrator changes the name and replaces the domains; the code never changes', async () => {
  const unops = (await agencies()).find((a) => a.code === 'UNOPS');
  let r = await admin.patch(`/api/v1/agencies/${unops.id}`, { name: 'UNOPS', domains: ['unops.org'] }, { headers: { 'If-Match': `"${unops.version}"` } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, 'UNOPS');
  assert.deepEqual(r.json.domains, ['unops.org']);
  assert.equal(r.json.version, unops.version + 1);
  // a stale version is refused
  r = await admin.patch(`/api/v1/agencies/${unops.id}`, { name: 'Stale' }, { headers: { 'If-Match': `"${unops.version}"` } });
  assertProblem(r, 409, 'version_conflict');
  // the name alone keeps the domains; domains alone keep the name
  r = await admin.patch(`/api/v1/agencies/${unops.id}`, { name: 'United Nations Office for Project Services' });
  assert.deepEqual(r.json.domains, ['unops.org']);
  r = await admin.patch(`/api/v1/agencies/${unops.id}`, { domains: [] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, 'United Nations Office for Project Services');
  assert.deepEqual(r.json.domains, []);
  // a freed domain may go to another agency
  const unicef = (await agencies()).find((a) => a.code === 'UNICEF');
  r = await admin.patch(`/api/v1/agencies/${unicef.id}`, { domains: ['unicef.org', 'unops.org'] });
  assert.equal(r.status, 200, r.text);
  r = await admin.patch(`/api/v1/agencies/${unops.id}`, { domains: ['unops.org'] });
  assertProblem(r, 409, 'domain_taken');
  assert.deepEqual((await agencies()).find((a) => a.code === 'UNOPS').domains, []);
  r = await admin.patch(`/api/v1/agencies/${unops.id}`, { code: 'UNOPS2' });
  assertProblem(r, 422, 'validation_failed');
  assert.equal(r.json.errors[0].field, 'code');
  r = await admin.patch(`/api/v1/agencies/${unops.id}`, { code: 'UNOPS', name: '' });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(r.json.errors.map((e) => e.field), ['name']);
  // only agencies: a partner's id, or none, is 404
  assertProblem(await admin.patch(`/api/v1/agencies/${partnerUser.user.organization.id}`, { name: 'X' }), 404);
  assertProblem(await admin.patch('/api/v1/agencies/999999', { name: 'X' }), 404);
});

test('the routes are published in the OpenAPI document', async () => {
  const r = await server.client().get('/api/v1/openapi.json');
  assert.ok(r.json.paths['/agencies'].post, 'POST /agencies');
  assert.ok(r.json.paths['/agencies/{id}'].patch, 'PATCH /agencies/{id}');
});
