// The response cache: a repeated read is answered from memory only while the data and the second
// are unchanged. Writes through the API or by another process, a moving clock, and another caller
// all get a freshly computed answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, psea } from './lib.mjs';
import { tokenClient as tokenClientOf } from './psea.mjs';

const tokenClient = (role, org) => tokenClientOf(server, role, org);

let server, admin, unicef, wfp, agencies;

const hit = (r) => r.headers.get('x-cache') === 'hit';

async function newPartner(name) {
  const r = await admin.post('/api/v1/partners', { name, type: 'national_ngo', country: 'KE' });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  server = await Server.start({ clock: '2026-03-10T09:00:00Z' });
  admin = await tokenClient('admin', 'UNICEF');
  unicef = await tokenClient('agency_advanced_editor', 'UNICEF');
  wfp = await tokenClient('agency_reader', 'WFP');
  agencies = Object.fromEntries((await admin.get('/api/v1/agencies')).json.items.map((a) => [a.code, a.id]));
});
after(async () => { await server.stop(); });

test('a repeated read is answered from the cache, byte for byte', async () => {
  const p = await newPartner('Cache Repeat Trust');
  const first = await unicef.get(`/api/v1/partners/${p.id}`);
  assert.equal(first.status, 200);
  assert.ok(!hit(first));
  const again = await unicef.get(`/api/v1/partners/${p.id}`);
  assert.ok(hit(again), 'the second identical read should come from the cache');
  assert.equal(again.text, first.text);
  assert.match(again.headers.get('content-type'), /^application\/json/);
  assert.ok(again.headers.get('x-request-id'));
  // another query string is another answer
  const filtered = await unicef.get('/api/v1/observation?limit=5&country=KE');
  assert.ok(!hit(filtered));
  assert.ok(hit(await unicef.get('/api/v1/observation?limit=5&country=KE')));
  assert.ok(!hit(await unicef.get('/api/v1/observation?country=KE&limit=4')));
});

test('a write through the API is seen by the next read', async () => {
  const p = await newPartner('Cache Write Trust');
  await unicef.get(`/api/v1/partners/${p.id}`);
  assert.ok(hit(await unicef.get(`/api/v1/partners/${p.id}`)));
  const past = await admin.post('/api/v1/past-assessments', { partner_id: p.id, agency_id: agencies.UNICEF, date: '2025-02-01', rating: 'medium' });
  assert.equal(past.status, 201, past.text);
  const after = await unicef.get(`/api/v1/partners/${p.id}`);
  assert.ok(!hit(after));
  assert.equal(after.json.psea.rating, 'medium');
});

test('a write by another process on the same database is seen by the next read', async () => {
  const p = await newPartner('Cache Import Trust');
  const before = await unicef.get(`/api/v1/partners/${p.id}`);
  assert.equal(before.json.psea.rating, null);
  assert.ok(hit(await unicef.get(`/api/v1/partners/${p.id}`)));
  const dir = mkdtempSync(join(tmpdir(), 'psea-cache-'));
  const file = join(dir, 'past.csv');
  writeFileSync(file, `partner_id,agency,date,rating,legacy_sea_risk\n${p.id},UNICEF,2025-05-01,full,\n`);
  psea(['import', 'past-assessments', '--db', server.db, file]);
  const after = await unicef.get(`/api/v1/partners/${p.id}`);
  assert.ok(!hit(after));
  assert.equal(after.json.psea.rating, 'full');
});

test('when the clock moves, the answer is computed again', async () => {
  const p = await newPartner('Cache Clock Trust');
  const r = await admin.post('/api/v1/past-assessments', { partner_id: p.id, agency_id: agencies.UNICEF, date: '2021-03-12', rating: 'full' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await unicef.get(`/api/v1/partners/${p.id}`)).json.psea.status, 'expiring');
  assert.ok(hit(await unicef.get(`/api/v1/partners/${p.id}`)));
  server.setClock('2026-03-12T00:00:01Z'); // five years after the rating: no longer valid
  const later = await unicef.get(`/api/v1/partners/${p.id}`);
  assert.ok(!hit(later));
  assert.equal(later.json.psea.status, 'expired');
  server.setClock('2026-03-10T09:00:00Z');
});

test('an answer cached for one caller is never given to another', async () => {
  const p = await newPartner('Cache Caller Trust');
  const partnership = await unicef.post('/api/v1/partnerships', { partner_id: p.id, start: '2026-01-01' });
  assert.equal(partnership.status, 201, partnership.text);
  const created = await unicef.post('/api/v1/assessments', { partner_id: p.id });
  assert.equal(created.status, 201, created.text);
  const path = `/api/v1/assessments/${created.json.id}`;
  assert.equal((await unicef.get(path)).status, 200);
  assert.ok(hit(await unicef.get(path)));
  // WFP takes no part in this assessment; a partner user of another partner does not own it
  const stranger = await wfp.get(path);
  assert.equal(stranger.status, 404);
  assert.ok(!hit(stranger));
  const other = await newPartner('Cache Other Trust');
  const outsider = await tokenClient('partner_reader', `partner:${other.id}`);
  assert.equal((await outsider.get(path)).status, 404);
  // the partner's own reader sees it, computed for them
  const owner = await tokenClient('partner_reader', `partner:${p.id}`);
  const own = await owner.get(path);
  assert.equal(own.status, 200);
  assert.ok(!hit(own));
});

test('errors are not kept, and --cache-mb 0 computes every answer', async () => {
  const missing = await unicef.get('/api/v1/partners/999999');
  assert.equal(missing.status, 404);
  assert.ok(!hit(await unicef.get('/api/v1/partners/999999')));
  const plain = await Server.start({ args: ['--cache-mb', '0'] });
  try {
    const c = await plain.signIn('agency_reader', 'UNICEF');
    assert.equal((await c.get('/api/v1/agencies')).status, 200);
    const again = await c.get('/api/v1/agencies');
    assert.equal(again.status, 200);
    assert.ok(!hit(again));
  } finally {
    await plain.stop();
  }
  const bad = psea(['serve', '--db', server.db, '--listen', '127.0.0.1:0', '--data', server.data, '--cache-mb', 'lots'], { allowFail: true });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--cache-mb must be from 0 to 4096/);
});
