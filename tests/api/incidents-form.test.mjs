// What the allegation form needs of the register: each allegation names its partner by name as
// well as by id (`partner`: {"id", "name"} or null), in the list and in each record, so the
// interface never shows a bare number; a refusal names each field in error once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let server, fp, partnerId;
const base = {
  personnel_category: 'implementing_partner', type: 'sexual_abuse', source: 'complaint',
  received_at: '2026-06-10T08:00:00Z', victims: [{ sex: 'female', age_group: 'adult', count: 1 }],
};

before(async () => {
  server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
  fp = await server.signIn('agency_focal_point', 'UNICEF');
  const admin = await server.signIn('admin', 'UNICEF');
  const made = await admin.post('/api/v1/partners', { name: 'Maji Safi Group', type: 'cbo', country: 'TZ' });
  assert.equal(made.status, 201, made.text);
  partnerId = made.json.id;
});
after(async () => { await server.stop(); });

test('the record, the list and a change name the partner', async () => {
  const r = await fp.post('/api/v1/incidents', { ...base, partner_id: partnerId });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.partner, { id: partnerId, name: 'Maji Safi Group' });
  assert.equal(r.json.partner_id, partnerId);
  assert.deepEqual((await fp.get(`/api/v1/incidents/${r.json.id}`)).json.partner, { id: partnerId, name: 'Maji Safi Group' });
  const listed = (await fp.get('/api/v1/incidents')).json.items.find((i) => i.id === r.json.id);
  assert.deepEqual(listed.partner, { id: partnerId, name: 'Maji Safi Group' });
  // cleared: no partner, both fields null
  const cleared = await fp.patch(`/api/v1/incidents/${r.json.id}`, { partner_id: null, personnel_category: 'agency_staff', pertains_to_partner: false });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.json.partner, null);
  assert.equal(cleared.json.partner_id, null);
});

test('an allegation without a partner has partner null', async () => {
  const r = await fp.post('/api/v1/incidents', { ...base, personnel_category: 'agency_staff' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.partner, null);
});

test('a refusal names each field in error once', async () => {
  const empty = { type: null, personnel_category: null, source: null, partner_id: null, received_at: null, incident_date: null,
    reported_onward_at: null, victims: [{ sex: 'female', age_group: 'child', count: -1 }], status: 'received', actions: [], assistance: [] };
  const r = await fp.post('/api/v1/incidents', empty);
  assert.equal(r.status, 422, r.text);
  const fields = r.json.errors.map((e) => e.field);
  assert.deepEqual(fields, [...new Set(fields)], fields.join());
  for (const f of ['type', 'personnel_category', 'source', 'received_at', 'victims[0].count']) assert.ok(fields.includes(f), f);
  assert.equal(r.json.errors.find((e) => e.field === 'received_at').code, 'required');
  // a change too
  const made = await fp.post('/api/v1/incidents', { ...base, personnel_category: 'agency_staff' });
  const changed = await fp.patch(`/api/v1/incidents/${made.json.id}`, { type: null, received_at: null });
  assert.equal(changed.status, 422, changed.text);
  assert.deepEqual(changed.json.errors.map((e) => e.field).sort(), ['received_at', 'type']);
  // and a partner's disclosure
  const pe = await server.signIn('partner_editor', `partner:${partnerId}`);
  const d = await pe.post('/api/v1/disclosures', { agency_id: null, type: null, victims: [] });
  assert.equal(d.status, 422, d.text);
  const dfields = d.json.errors.map((e) => e.field);
  assert.deepEqual(dfields, [...new Set(dfields)], dfields.join());
});
