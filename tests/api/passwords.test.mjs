// The password rules (NIST SP 800-63B): at least 12 characters, no rule of composition, and not
// one of the common passwords shipped with the program, wherever a password is set: an account
// made by an administrator, a changed password, `psea user add`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea, sql } from './lib.mjs';

let server, admin, unicef;

before(async () => {
  server = await Server.start();
  admin = await server.signIn('admin', 'UNICEF');
  unicef = (await admin.get('/api/v1/agencies')).json.items.find((a) => a.code === 'UNICEF').id;
});
after(async () => { await server.stop(); });

const account = (n, password) => ({ email: `person.${n}@unicef.org`, name: `Person ${n}`, role: 'agency_reader', organization_id: unicef, password });

test('an account made by an administrator: 11 characters and common passwords are refused, naming the rule', async () => {
  for (const [password, code] of [['elevenchars', 'too_short'], ['Password1234', 'common'], ['qwertyuiop123', 'common'], ['demo-password', 'common']]) {
    const r = await admin.post('/api/v1/users', account(1, password));
    assert.equal(r.status, 422, password);
    assert.deepEqual(r.json.errors.map((e) => [e.field, e.code]), [['password', code]], password);
    assert.match(r.json.errors[0].message, code === 'too_short' ? /at least 12 characters/ : /common passwords/);
  }
  // twelve lower-case letters, no digit nor capital: long and uncommon is enough
  const made = await admin.post('/api/v1/users', account(1, 'plumkettlery'));
  assert.equal(made.status, 201, made.text);
  assert.equal((await server.client().post('/api/v1/session', { email: 'person.1@unicef.org', password: 'plumkettlery' })).status, 200);
});

test('a changed password follows the same rules', async () => {
  const made = await admin.post('/api/v1/users', account(2, 'river stone lantern'));
  assert.equal(made.status, 201, made.text);
  for (const [password, code] of [['short-one', 'too_short'], ['ILOVEYOU1234', 'common']]) {
    const r = await admin.patch(`/api/v1/users/${made.json.id}`, { password });
    assert.equal(r.status, 422, password);
    assert.equal(r.json.errors[0].code, code);
  }
  assert.equal((await server.client().post('/api/v1/session', { email: 'person.2@unicef.org', password: 'river stone lantern' })).status, 200,
    'a refused change leaves the password as it was');
});

test('psea user add refuses a short or common password with the rule in its message', () => {
  const add = (email, password) => psea(['user', 'add', '--db', server.db, '--email', email, '--name', 'X', '--role', 'agency_reader',
    '--org', 'UNICEF', '--password-stdin'], { input: password + '\n', allowFail: true });
  let r = add('cli.1@unicef.org', 'elevenchars');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /at least 12 characters/);
  r = add('cli.2@unicef.org', 'letmein12345');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /common passwords/);
  assert.equal(add('cli.3@unicef.org', 'twelve chars').status, 0);
});

// Argon2id's parameters as the stored hash spells them: memory in KiB, passes, lanes.
const REAL_COST = '$argon2id$v=19$m=65536,t=2,p=1$';
const TEST_COST = '$argon2id$v=19$m=8,t=1,p=1$';
const storedHash = (db, email) => sql(db, `SELECT password_hash FROM users WHERE email = '${email}'`)[0];

test('without PSEA_PASSWORD_HASH, passwords are hashed at the real cost: 64 MiB, two passes', async () => {
  const real = await Server.start({ env: { PSEA_PASSWORD_HASH: '' } });
  try {
    const a = real.client();
    psea(['user', 'add', '--db', real.db, '--email', 'root@unicef.org', '--name', 'Root', '--role', 'admin', '--org', 'UNICEF',
      '--password-stdin'], { input: 'quiet orchard lamp\n', env: { PSEA_PASSWORD_HASH: '' } });
    assert.ok(storedHash(real.db, 'root@unicef.org').startsWith(REAL_COST), 'psea user add');
    const r = await a.post('/api/v1/session', { email: 'root@unicef.org', password: 'quiet orchard lamp' });
    assert.equal(r.status, 200, r.text);
    a.csrf = r.json.csrf_token;
    const made = await a.post('/api/v1/users', { ...account(9, 'amber window field'), organization_id: unicef });
    assert.equal(made.status, 201, made.text);
    assert.ok(storedHash(real.db, 'person.9@unicef.org').startsWith(REAL_COST), 'an account made through the API');
  } finally {
    await real.stop();
  }
  // what the test servers use instead, and a password hashed so still opens the account
  assert.ok(storedHash(server.db, 'cli.3@unicef.org').startsWith(TEST_COST));
});

test('PSEA_PASSWORD_HASH takes only the names it knows', () => {
  const r = psea(['user', 'add', '--db', server.db, '--email', 'cli.4@unicef.org', '--name', 'X', '--role', 'agency_reader',
    '--org', 'UNICEF', '--password-stdin'], { input: 'twelve chars\n', allowFail: true, env: { PSEA_PASSWORD_HASH: 'fast' } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /PSEA_PASSWORD_HASH must be "interactive" \(the default\) or "minimum"/);
  assert.equal(sql(server.db, "SELECT count(*) FROM users WHERE email = 'cli.4@unicef.org'")[0], '0');
});
