// Coverage at the edges of validity: a rating counts up to the last second before its validity
// ends and not from that second on, including a rating given on 29 February (its validity ends on
// 28 February, the month having no 29th). Worked out by hand with the default five years.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient } from './psea.mjs';

let server, admin, adv, reader, unicef;

before(async () => {
  server = await Server.start({ clock: '2024-03-01T12:00:00Z' });
  admin = await tokenClient(server, 'admin', 'UNICEF');
  adv = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  reader = await tokenClient(server, 'agency_reader', 'UNICEF');
  unicef = (await admin.get('/api/v1/agencies')).json.items.find((a) => a.code === 'UNICEF').id;
});
after(async () => { await server.stop(); });

async function migratedPartner(name, date) {
  const p = await admin.post('/api/v1/partners', { name, type: 'national_ngo', country: 'CO' });
  assert.equal(p.status, 201, p.text);
  const s = await adv.post('/api/v1/partnerships', { partner_id: p.json.id, start: '2020-01-01' });
  assert.equal(s.status, 201, s.text);
  const r = await admin.post('/api/v1/past-assessments', { partner_id: p.json.id, agency_id: unicef, date, rating: 'medium' });
  assert.equal(r.status, 201, r.text);
}

async function unicefCoverage(at) {
  server.setClock(at);
  const r = await reader.get('/api/v1/reports/coverage');
  assert.equal(r.status, 200, r.text);
  const u = r.json.items.find((i) => i.agency.code === 'UNICEF');
  return [u.active_partners, u.assessed];
}

test('a rating counts until the second its validity ends', async () => {
  await migratedPartner('Leap Day Trust', '2020-02-29');   // valid until 2025-02-28
  await migratedPartner('Midsummer Aid', '2021-06-15');    // valid until 2026-06-15
  assert.deepEqual(await unicefCoverage('2025-02-27T23:59:59Z'), [2, 2]);
  assert.deepEqual(await unicefCoverage('2025-02-28T00:00:00Z'), [2, 1]);
  assert.deepEqual(await unicefCoverage('2026-06-14T23:59:59Z'), [2, 1]);
  assert.deepEqual(await unicefCoverage('2026-06-15T00:00:00Z'), [2, 0]);
});
