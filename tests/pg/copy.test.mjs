// psea copy: an SQLite deployment moves to PostgreSQL with its ids, accounts, sessions, tokens,
// audit log and documents, verified table by table. scripts/test-pg runs this file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, psea, freshDatabase, PASSWORD } from '../api/lib.mjs';
import { tokenClient, createPartner, openAssessment, upload } from '../api/psea.mjs';
import * as files from '../api/files.mjs';

if (!process.env.PSEA_TEST_PG)
  throw new Error('this file needs PostgreSQL: run it through scripts/test-pg');

let dir, source, sourceData, admin, token, before_, documents, advancedToken;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'psea-copy-'));
  source = join(dir, 'source.db');
  sourceData = join(dir, 'source-data');
  // A deployment on SQLite with a little of everything: accounts, edits, tokens, failures.
  const s = await Server.start({ db: source, data: sourceData });
  admin = await s.signIn('admin');
  for (let i = 0; i < 5; i++) await s.signIn('agency_editor', i % 2 ? 'WFP' : 'UNHCR');
  const listed = (await admin.get('/api/v1/users?limit=200')).json.items;
  await admin.patch(`/api/v1/users/${listed[2].id}`, { name: 'Renamed, with "quotes"\tand a tab\nand a line' });
  token = (await admin.post('/api/v1/tokens', { name: 'integration' })).json.token;
  await s.client().post('/api/v1/session', { email: listed[3].email, password: 'wrong-password' });
  // an assessment with two documents uploaded as evidence
  const advanced = await tokenClient(s, 'agency_advanced_editor', 'UNICEF');
  advancedToken = advanced.token;
  const assessment = await openAssessment(advanced, (await createPartner(advanced)).id);
  documents = [];
  for (const [bytes, name] of [[files.pdf(), 'evidence.pdf'], [files.png(), 'photo.png']]) {
    const up = await upload(advanced, assessment.id, { file: bytes, name, standard: '' });
    assert.equal(up.status, 201, up.text);
    documents.push({ id: up.json.id, bytes, sha256: up.json.sha256 });
  }
  before_ = {
    users: (await admin.get('/api/v1/users?limit=200')).json.items,
    audit: (await admin.get('/api/v1/audit?limit=200')).json.items,
  };
  await s.stop();
  // an unfinished upload, which must stay behind
  writeFileSync(join(sourceData, 'tmp', 'upload-in-progress'), 'partial');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('everything arrives, verified, and the PostgreSQL server carries on from there', async () => {
  const target = freshDatabase(dir);
  const targetData = join(dir, 'target-data');
  const r = psea(['copy', '--from', `sqlite:${source}`, '--to', target, '--data-from', sourceData, '--data-to', targetData]);
  for (const table of ['organizations', 'users', 'sessions', 'api_tokens', 'audit_log', 'login_failures', 'settings',
    'partners', 'assessments', 'documents'])
    assert.match(r.stdout, new RegExp(`^${table} +\\d+ rows +checksum [0-9a-f]{16} +verified$`, 'm'), table);
  assert.doesNotMatch(r.stdout, /DIFFERS/);
  const users = Number(/^users +(\d+) rows/m.exec(r.stdout)[1]);
  assert.equal(users, before_.users.length);
  assert.match(r.stdout, /^login_failures +2 rows/m, 'the failed sign-in (per account and per address) came along');
  assert.match(r.stdout, /^documents +2 rows/m);
  assert.match(r.stdout, /counts and checksums match/);
  assert.match(r.stdout, /copied 2 documents/);
  assert.ok(!existsSync(join(targetData, 'tmp', 'upload-in-progress')));
  for (const d of documents)
    assert.deepEqual(readFileSync(join(targetData, 'blobs', d.sha256.slice(0, 2), d.sha256.slice(2))), d.bytes);

  const s = await Server.start({ db: target, data: targetData });
  try {
    assert.match(s.log, /database: postgresql/);
    // the session cookie and the API token made on SQLite still work
    const again = s.client();
    again.cookie = admin.cookie;
    again.csrf = admin.csrf;
    assert.equal((await again.get('/api/v1/session')).json.user.id, admin.user.id);
    const bearer = s.client();
    bearer.token = token;
    assert.equal((await bearer.get('/api/v1/agencies')).status, 200);
    // same rows, same ids, same versions, same text (quotes, tab and newline included)
    assert.deepEqual((await again.get('/api/v1/users?limit=200')).json.items, before_.users);
    const audit = (await again.get('/api/v1/audit?limit=200')).json.items;
    assert.deepEqual(audit.slice(-before_.audit.length), before_.audit);
    // new rows get ids after the copied ones (the sequences were moved on)
    const wfp = (await again.get('/api/v1/agencies')).json.items.find((a) => a.code === 'WFP');
    const made = await again.post('/api/v1/users', { email: 'after.copy@wfp.org', name: 'After', role: 'agency_reader', organization_id: wfp.id, password: PASSWORD });
    assert.equal(made.status, 201, made.text);
    const maxId = Math.max(...before_.users.map((u) => Number(u.id)));
    assert.equal(Number(made.json.id), maxId + 1);
    // a signed-in account with its copied password
    const login = await s.client().post('/api/v1/session', { email: before_.users[1].email, password: PASSWORD });
    assert.equal(login.status, 200);
    // the documents download from the PostgreSQL server, byte for byte
    const advanced = s.client();
    advanced.token = advancedToken;
    for (const d of documents) {
      const r = await advanced.get(`/api/v1/documents/${d.id}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body, d.bytes);
    }
  } finally {
    await s.stop();
  }

  // A second copy into the same database is refused and changes nothing.
  const twice = psea(['copy', '--from', `sqlite:${source}`, '--to', target], { allowFail: true });
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /the target database is not empty \(table \w+ has \d+ rows\)/);
  const s2 = await Server.start({ db: target, data: targetData });
  try {
    const c = s2.client();
    c.token = token;
    assert.equal((await c.get('/api/v1/users?limit=200')).json.items.length, before_.users.length + 1);
  } finally {
    await s2.stop();
  }
});

test('a database that was only initialised is an acceptable target', () => {
  const target = freshDatabase(dir);
  psea(['init', '--db', target]);
  const r = psea(['copy', '--from', source, '--to', target]);
  assert.match(r.stdout, /counts and checksums match/);
  assert.doesNotMatch(r.stdout, /copied \d+ documents/, 'without --data-from the documents stay where they are');
});

test('a damaged document stops the copy with its name', () => {
  const broken = join(dir, 'broken-data');
  const sha = createHash('sha256').update('the real content').digest('hex');
  mkdirSync(join(broken, 'blobs', sha.slice(0, 2)), { recursive: true });
  writeFileSync(join(broken, 'blobs', sha.slice(0, 2), sha.slice(2)), 'something else');
  const r = psea(['copy', '--from', source, '--to', freshDatabase(dir), '--data-from', broken, '--data-to', join(dir, 'out')], { allowFail: true });
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`${sha.slice(2)} is damaged`));
});

test('bad arguments: usage and exit 2; a missing source: exit 1, nothing created', () => {
  const pg = freshDatabase(dir);
  for (const args of [['copy'], ['copy', '--from', source], ['copy', '--from', source, '--to', join(dir, 'x.db')],
    ['copy', '--from', pg, '--to', pg], ['copy', '--from', source, '--to', pg, '--data-from', sourceData]]) {
    const r = psea(args, { allowFail: true });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /usage:|copy goes from/);
  }
  const missing = psea(['copy', '--from', join(dir, 'nothing.db'), '--to', pg], { allowFail: true });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read/);
  assert.ok(!existsSync(join(dir, 'nothing.db')));
  assert.match(psea(['copy', '--help']).stdout, /usage: psea copy/);
});
