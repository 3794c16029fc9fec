// psea demo --partners N --seed S: the generated data set of the benchmarks. It must hold every
// status and standing in believable proportions, be served like any other data, and be the same
// for the same seed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, psea, freshDatabase } from './lib.mjs';

const PARTNERS = 300;
let server, out;
before(async () => {
  server = await Server.start();
  out = psea(['demo', '--db', server.db, '--data', server.data, '--partners', String(PARTNERS), '--seed', '7'],
    { env: server.env }).stdout;
});
after(async () => { await server.stop(); });

async function signIn(email) {
  const c = server.client();
  const r = await c.post('/api/v1/session', { email, password: 'demo-password' });
  assert.equal(r.status, 200, r.text);
  c.csrf = r.json.csrf_token;
  return c;
}

async function observation(client) {
  const items = [];
  let cursor = null;
  do {
    const r = await client.get(`/api/v1/observation?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    cursor = r.json.next_cursor;
  } while (cursor);
  return items;
}

function countBy(values) {
  const counts = {};
  for (const v of values) counts[v] = (counts[v] || 0) + 1;
  return counts;
}

test('the generator says what it wrote', () => {
  assert.match(out, new RegExp(`generated: ${PARTNERS} partners, \\d+ partnerships, \\d+ assessments \\(\\d+ rated\\), \\d+ documents, \\d+ plans`));
});

test('every status and standing, in believable proportions', async () => {
  const reader = await signIn('reader@unicef.demo.psea');
  const items = (await observation(reader)).filter((i) => / \d+$/.test(i.partner.name));
  assert.equal(items.length, PARTNERS);
  const standing = countBy(items.map((i) => i.psea.status));
  for (const s of ['not_assessed', 'valid', 'expired']) assert.ok(standing[s] > 0, `no partner ${s}: ${JSON.stringify(standing)}`);
  // about three in ten never assessed and one in five under way; about four in ten rated in force
  assert.ok(standing.not_assessed > PARTNERS * 0.35 && standing.not_assessed < PARTNERS * 0.65, JSON.stringify(standing));
  assert.ok(standing.valid + (standing.expiring || 0) > PARTNERS * 0.25, JSON.stringify(standing));
  const open = countBy(items.filter((i) => i.open_assessment).map((i) => i.open_assessment.status));
  for (const s of ['intro', 'self_assessment', 'submitted', 'verification']) assert.ok(open[s] > 0, `no open assessment ${s}: ${JSON.stringify(open)}`);
  const ratings = countBy(items.filter((i) => i.psea.rating).map((i) => i.psea.rating));
  for (const r of ['full', 'medium', 'low']) assert.ok(ratings[r] > 0, `no rating ${r}: ${JSON.stringify(ratings)}`);
  const types = countBy(items.map((i) => i.partner.type));
  assert.ok(types.national_ngo > PARTNERS * 0.4, JSON.stringify(types));
  assert.ok(items.some((i) => i.psea.csip), 'no plan anywhere');
});

test('a generated assessment is whole: answers, documents, history', async () => {
  const editor = await signIn('advanced@unicef.demo.psea');
  const me = (await editor.get('/api/v1/session')).json.user.organization.id;
  const items = await observation(editor);
  const mine = items.find((i) => i.open_assessment?.status === 'verification' && i.open_assessment.agencies.includes(me));
  assert.ok(mine, 'no assessment under verification led by UNICEF');
  const r = await editor.get(`/api/v1/assessments/${mine.open_assessment.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.standards.length, 8);
  assert.ok(r.json.standards.every((s) => s.self.answer), 'a submitted self-assessment has all eight answers');
  assert.ok(r.json.standards.some((s) => s.verified.answer), 'verification has begun');
  const yes = r.json.standards.filter((s) => s.self.answer === 'yes');
  assert.ok(yes.every((s) => s.self.documents.length >= 1), 'each yes has its document');
  assert.ok(r.json.history.length >= 3);
  const save = await editor.put(`/api/v1/assessments/${mine.open_assessment.id}/verification`,
    { answers: [{ standard: 1, answer: 'yes', comment: 'Seen on site.' }] });
  assert.equal(save.status, 200, save.text);
});

test('the same seed gives the same data set, another seed another', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psea-gen-'));
  try {
    const lines = [7, 7, 8].map((seed) => {
      const db = freshDatabase(mkdtempSync(join(dir, 'run-')));
      psea(['init', '--db', db]);
      const o = psea(['demo', '--db', db, '--data', join(dir, 'data'), '--partners', '120', '--seed', String(seed)]).stdout;
      return o.split('\n').find((l) => l.startsWith('generated:'));
    });
    assert.equal(lines[0], lines[1]);
    assert.notEqual(lines[0], lines[2]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad numbers are refused with the usage exit code', () => {
  for (const args of [['--partners', 'many'], ['--partners', '-3'], ['--partners', '10', '--seed', 'x']]) {
    const r = psea(['demo', '--db', join(tmpdir(), 'never-created.db'), ...args], { allowFail: true });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /--partners must be/);
  }
});
