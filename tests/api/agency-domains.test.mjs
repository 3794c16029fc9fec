// Agency e-mail domains: an agency account's address must be in one of its agency's domains,
// whether an administrator makes it (API or psea user add) or single sign-on does
// (oidc.test.mjs). A new database starts with each agency's own domain; an agency without any
// domain accepts every address, as databases made before the domains existed do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea, PASSWORD } from './lib.mjs';

let server, admin, agencies;

before(async () => {
  server = await Server.start();
  admin = await server.signIn('admin');
  agencies = Object.fromEntries((await admin.get('/api/v1/agencies')).json.items.map((a) => [a.code, a]));
});
after(() => server.stop());

const body = (email, code, role = 'agency_reader') =>
  ({ email, name: 'Someone', role, organization_id: agencies[code].id, password: 'long-enough-password' });

test('a new database knows each agency\'s own domain', () => {
  assert.equal(psea(['domains', '--db', server.db, '--agency', 'UNICEF']).stdout, 'unicef.org\n');
  assert.equal(psea(['domains', '--db', server.db, '--agency', 'WHO']).stdout, 'who.int\n');
  assert.equal(psea(['domains', '--db', server.db, '--agency', 'UNSEC']).stdout, 'un.org\n');
});

test('an administrator cannot give an agency account an address outside its domains: 422 on email', async () => {
  const r = await admin.post('/api/v1/users', body('someone@gmail.com', 'UNICEF'));
  assert.equal(r.status, 422);
  const e = r.json.errors.find((x) => x.field === 'email');
  assert.equal(e.code, 'domain_not_allowed');
  assert.match(e.message, /UNICEF accounts need an e-mail address at unicef\.org/);
  // a look-alike domain and a sub-domain are not the domain
  for (const email of ['a@notunicef.org', 'a@field.unicef.org', 'a@unicef.org.evil.test'])
    assert.equal((await admin.post('/api/v1/users', body(email, 'UNICEF'))).status, 422, email);
  const ok = await admin.post('/api/v1/users', body('Someone@UNICEF.org', 'UNICEF'));
  assert.equal(ok.status, 201);
  assert.equal(ok.json.email, 'someone@unicef.org');
});

test('partner accounts may have any address', async () => {
  const partner = await admin.post('/api/v1/partners', { name: 'Domain Free Partner', type: 'national_ngo', country: 'KE' });
  assert.equal(partner.status, 201, partner.text);
  const r = await admin.post('/api/v1/users', { email: 'pat@partner-ngo.example', name: 'Pat', role: 'partner_editor',
    organization_id: partner.json.id, password: 'long-enough-password' });
  assert.equal(r.status, 201, r.text);
});

test('psea user add refuses the same address with the same sentence and writes nothing', () => {
  const r = psea(['user', 'add', '--db', server.db, '--email', 'x@wfp.org', '--name', 'X', '--role', 'agency_reader',
    '--org', 'WHO', '--password-stdin'], { input: PASSWORD + '\n', allowFail: true });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /WHO accounts need an e-mail address at who\.int/);
  assert.match(psea(['user', 'add', '--db', server.db, '--email', 'x@who.int', '--name', 'X', '--role', 'agency_reader',
    '--org', 'WHO', '--password-stdin'], { input: PASSWORD + '\n' }).stdout, /created user/);
});

test("an agency's domains can be changed; with none listed it accepts every address", async () => {
  assert.equal(psea(['domains', '--db', server.db, '--agency', 'FAO', 'fao.org', 'FAO-Field.org']).stdout, 'fao-field.org\nfao.org\n');
  assert.equal((await admin.post('/api/v1/users', body('a@fao-field.org', 'FAO'))).status, 201);
  const two = await admin.post('/api/v1/users', body('a@gmail.com', 'FAO'));
  assert.match(two.json.errors[0].message, /at fao-field\.org or fao\.org/);
  const bad = psea(['domains', '--db', server.db, '--agency', 'FAO', 'fao'], { allowFail: true });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /at least two parts/);
  assert.match(psea(['domains', '--db', server.db, '--agency', 'FAO', '--none']).stdout, /accepts every e-mail address/);
  assert.equal((await admin.post('/api/v1/users', body('anyone@gmail.com', 'FAO'))).status, 201);
});
