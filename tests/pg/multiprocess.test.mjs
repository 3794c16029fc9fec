// Several `psea serve` processes on one PostgreSQL database behave as one server: sessions,
// tokens, login throttling and optimistic concurrency hold whichever process a request reaches.
// scripts/test-pg runs this file against its private cluster.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Server } from '../api/lib.mjs';

if (!process.env.PSEA_TEST_PG)
  throw new Error('this file needs PostgreSQL: run it through scripts/test-pg');

let a, b;
before(async () => {
  a = await Server.start();
  b = await Server.start({ db: a.db, data: a.data });
});
after(async () => { await Promise.all([a?.stop(), b?.stop()]); });

// Signs in through one server with an account made on the shared database.
async function signInVia(server, role, org = 'UNICEF') {
  const account = a.addUser(role, org);
  const c = server.client();
  const r = await c.post('/api/v1/session', { email: account.email, password: account.password });
  assert.equal(r.status, 200, r.text);
  c.csrf = r.json.csrf_token;
  c.user = r.json.user;
  return c;
}

// The same signed-in caller (cookie and CSRF token) talking to the other server.
function through(server, client) {
  const c = server.client();
  c.cookie = client.cookie;
  c.csrf = client.csrf;
  c.token = client.token;
  c.user = client.user;
  return c;
}

test('the two servers are two processes on one database', async () => {
  assert.notEqual(a.url, b.url);
  assert.notEqual(a.proc.pid, b.proc.pid);
  assert.equal(a.db, b.db);
  assert.match(a.log, /database: postgresql/);
  assert.match(b.log, /database: postgresql/);
});

test('a session opened on one server is valid on the other, and closed on both', async () => {
  const onA = await signInVia(a, 'agency_editor');
  const onB = through(b, onA);
  const me = await onB.get('/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.id, onA.user.id);
  assert.equal(me.json.csrf_token, onA.csrf);
  const token = await onB.post('/api/v1/tokens', { name: 'made on b' });
  assert.equal(token.status, 201, 'the CSRF token of a session from server a is accepted by b');
  assert.equal((await onB.delete('/api/v1/session')).status, 204);
  assert.equal((await onA.get('/api/v1/session')).status, 401, 'signed out on b means signed out on a');
});

test('an API token made on one server works on the other until revoked there', async () => {
  const owner = await signInVia(a, 'agency_reader');
  const made = await owner.post('/api/v1/tokens', { name: 'integration' });
  assert.equal(made.status, 201);
  const bearerB = b.client();
  bearerB.token = made.json.token;
  assert.equal((await bearerB.get('/api/v1/agencies')).status, 200);
  assert.equal((await through(b, owner).delete(`/api/v1/tokens/${made.json.id}`)).status, 204);
  const bearerA = a.client();
  bearerA.token = made.json.token;
  assert.equal((await bearerA.get('/api/v1/agencies')).status, 401);
  assert.equal((await bearerB.get('/api/v1/agencies')).status, 401);
});

test('failed sign-ins are counted across both servers', async () => {
  const account = a.addUser('agency_reader');
  // five failures in all (the limit per account), alternating between the servers
  for (let i = 0; i < 5; i++) {
    const server = i % 2 ? b : a;
    const r = await server.client().post('/api/v1/session', { email: account.email, password: 'wrong-' + i });
    assert.equal(r.status, 401);
  }
  for (const server of [a, b]) {
    const r = await server.client().post('/api/v1/session', { email: account.email, password: account.password });
    assert.equal(r.status, 429, 'neither server lets the right password in now');
    assert.equal(r.json.code, 'too_many_attempts');
  }
});

test('If-Match versions hold across the servers', async () => {
  const adminA = await signInVia(a, 'admin');
  const adminB = through(b, adminA);
  const target = a.addUser('agency_reader');
  const list = await adminA.get('/api/v1/users?limit=200');
  const user = list.json.items.find((u) => u.email === target.email);
  assert.equal(user.version, 1);
  const first = await adminB.patch(`/api/v1/users/${user.id}`, { name: 'Changed on b' }, { headers: { 'If-Match': '"1"' } });
  assert.equal(first.status, 200);
  assert.equal(first.json.version, 2);
  const stale = await adminA.patch(`/api/v1/users/${user.id}`, { name: 'Changed on a' }, { headers: { 'If-Match': '"1"' } });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.code, 'version_conflict');
  const fresh = await adminA.patch(`/api/v1/users/${user.id}`, { name: 'Changed on a' }, { headers: { 'If-Match': '"2"' } });
  assert.equal(fresh.status, 200);
  assert.equal(fresh.json.version, 3);
});

// Two editors load the same version and save at the same moment through different servers:
// exactly one save wins each round, the other is told to reload; nothing is lost or doubled.
test('two editors racing on the same record through different servers', async () => {
  const editorA = await signInVia(a, 'admin');
  const editorB = await signInVia(b, 'admin');
  const target = a.addUser('agency_reader');
  const user = (await editorA.get('/api/v1/users?limit=200')).json.items.find((u) => u.email === target.email);
  let version = user.version;
  const rounds = 12;
  for (let round = 0; round < rounds; round++) {
    const ifMatch = { headers: { 'If-Match': `"${version}"` } };
    const [ra, rb] = await Promise.all([
      editorA.patch(`/api/v1/users/${user.id}`, { name: `a${round}` }, ifMatch),
      editorB.patch(`/api/v1/users/${user.id}`, { name: `b${round}` }, ifMatch),
    ]);
    const statuses = [ra.status, rb.status].sort();
    assert.deepEqual(statuses, [200, 409], `round ${round}: one save wins, the other conflicts`);
    const winner = ra.status === 200 ? ra : rb;
    const loser = ra.status === 200 ? rb : ra;
    assert.equal(loser.json.code, 'version_conflict');
    assert.equal(winner.json.version, version + 1);
    version = winner.json.version;
    const seen = await (round % 2 ? editorA : editorB).get(`/api/v1/users?limit=200`);
    assert.equal(seen.json.items.find((u) => u.id === user.id).name, winner.json.name,
      'both servers show the winning save');
  }
  const audit = await editorA.get(`/api/v1/audit?object_type=user&object_id=${user.id}&limit=200`);
  assert.equal(audit.json.items.filter((e) => e.action === 'update').length, rounds,
    'one audit entry per save that won, none for the conflicts');
});

// Saves without If-Match all land, however they collide: a transaction that loses a race is
// run again by the server instead of failing the request.
test('a burst of concurrent saves on one record through both servers: every one lands', async () => {
  const admin = await signInVia(a, 'admin');
  const adminB = through(b, admin);
  const target = a.addUser('agency_reader');
  const user = (await admin.get('/api/v1/users?limit=200')).json.items.find((u) => u.email === target.email);
  const saves = 24;
  const results = await Promise.all(Array.from({ length: saves }, (_, i) =>
    (i % 2 ? adminB : admin).patch(`/api/v1/users/${user.id}`, { name: `burst ${i}` })));
  assert.deepEqual(results.map((r) => r.status), Array(saves).fill(200));
  const after = (await adminB.get('/api/v1/users?limit=200')).json.items.find((u) => u.id === user.id);
  assert.equal(after.version, user.version + saves, 'every save counted once: none lost, none doubled');
  const audit = await admin.get(`/api/v1/audit?object_type=user&object_id=${user.id}&limit=200`);
  assert.equal(audit.json.items.filter((e) => e.action === 'update').length, saves);
  const retried = (a.log + b.log).match(/ attempts=\d+/g) || [];
  console.log(`# ${retried.length} of ${saves} saves ran more than once after a serialization failure`);
});

// The database drops every connection (a restart, a failover, an administrator): each server
// reconnects and answers the requests that met a dead connection instead of failing them.
test('both servers carry on when the database cuts their connections', async () => {
  const reader = await signInVia(a, 'agency_reader');
  const made = await reader.post('/api/v1/tokens', { name: 'survivor' });
  const clients = [a, b].map((server) => { const c = server.client(); c.token = made.json.token; return c; });
  for (const c of clients) assert.equal((await c.get('/api/v1/agencies')).status, 200);
  const name = new URL(a.db).pathname.slice(1);
  const cut = execFileSync('psql', [process.env.PSEA_TEST_PG, '-qAtc',
    `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`]).toString();
  assert.ok(Number(cut) >= 2, `connections cut: ${cut}`);
  for (let round = 0; round < 3; round++)
    for (const c of clients) {
      const r = await c.get('/api/v1/agencies');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.items.length, 10);
    }
  const write = await through(b, reader).post('/api/v1/tokens', { name: 'after the cut' });
  assert.equal(write.status, 201);
  for (const server of [a, b])
    assert.match(server.log, /GET \/api\/v1\/agencies 200 .* attempts=2/, 'a request met a dead connection and ran again');
});
