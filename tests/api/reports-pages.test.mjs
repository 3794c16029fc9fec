// The reports and the observation export go through the partners a page of 200 at a time, each
// page's standings and raters read together: partners past the first page are counted, and each
// row names the agency that rated it, whichever page it is on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, agencyId, createPartner } from './psea.mjs';

const PARTNERS = 205; // one page of 200 and a second one
let server, advanced, admin, reader, unicef, who;
const ids = [];

before(async () => {
  server = await Server.start({ clock: '2026-01-15T09:00:00Z' });
  advanced = await tokenClient(server, 'agency_advanced_editor');
  admin = await tokenClient(server, 'admin');
  reader = await tokenClient(server, 'agency_reader');
  unicef = await agencyId(advanced, 'UNICEF');
  who = await agencyId(advanced, 'WHO');
  for (let i = 0; i < PARTNERS; i++) ids.push((await createPartner(advanced, { name: `Paged Partner ${i}` })).id);
  // rated by different agencies on the first and on the second page
  const rated = [[0, unicef, 'full'], [199, who, 'medium'], [200, who, 'low'], [204, unicef, 'full']];
  for (const [i, agency, rating] of rated) {
    const r = await admin.post('/api/v1/past-assessments', { partner_id: ids[i], agency_id: agency, date: '2024-03-01', rating });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { await server.stop(); });

test('the ratings report counts the partners of every page', async () => {
  const r = await reader.get('/api/v1/reports/ratings');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.partners, PARTNERS);
  assert.deepEqual(r.json.by_capacity, { low: 1, medium: 1, full: 2 });
  assert.equal(r.json.standings.valid, 4);
  assert.equal(r.json.standings.not_assessed, PARTNERS - 4);
});

test('the CSV export has a row per partner with its rater, on either page', async () => {
  const r = await reader.get('/api/v1/exports/observation.csv');
  assert.equal(r.status, 200, r.text);
  const rows = r.text.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
  const head = rows[0];
  assert.equal(rows.length, PARTNERS + 1);
  assert.deepEqual(rows.slice(1).map((f) => f[0]), ids, 'every partner once, by id');
  const col = (i, name) => rows.find((f) => f[0] === ids[i])[head.indexOf(name)];
  assert.deepEqual([0, 199, 200, 204].map((i) => [col(i, 'assessed_by'), col(i, 'rating')]),
    [['UNICEF', 'full'], ['WHO', 'medium'], ['WHO', 'low'], ['UNICEF', 'full']]);
  assert.equal(col(201, 'assessed_by'), '');
  assert.equal(col(201, 'standing'), 'not_assessed');
});
