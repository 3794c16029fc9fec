// The yearly figures of a register as agencies publish them, on FAO's register worked out by hand:
//   A exploitation, partner's personnel, names the partner; received 2025-01-10 00:00, onward +10 h;
//     substantiated, concluded 2025-02-09 (30 days) though recorded in September;
//     actions separation (a dismissal) and letter on file (other)
//   B sexual assault, agency staff; received 2025-02-01, onward +48 h (late); not substantiated,
//     concluded 2025-04-03 (61 days), then closed: the finding still counts
//   C harassment, agency staff; received 2025-03-01, never reported onward (late); under investigation
//   D abuse, disclosed by the partner on 2025-04-01 06:00; onward +12 h; substantiated, concluded
//     2025-04-11 (10 days); contract ended, referred to national authorities
//   E other, agency-related personnel, said not to pertain to a partner; received 2025-06-01,
//     onward +1 h; closed without a finding; disciplinary measure (other)
//   F received 2024-12-31 23:00: another year
// 2025: total 5; by type 1 each; personnel agency_staff 2, agency_related_personnel 1,
// implementing_partner 2; pertaining to partners 2 (A, D); self-disclosed 1 (D); substantiated 2,
// not substantiated 1, under investigation 1, closed without finding 1; dismissal 1, contract ended 1,
// referral 1, other 2; onward within 36 h: A, D, E = 3 of 5 = 60.0 %; investigation days 30, 61, 10:
// average 33.7, median 30, longest 61.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let server, fao, admin, reader, agencies;

// A client with an API token, so that it stays signed in while the clock moves by months.
async function tokenClient(role, org) {
  const c = await server.signIn(role, org);
  const r = await c.post('/api/v1/tokens', { name: 'tests', expires_in_days: 3650 });
  assert.equal(r.status, 201, r.text);
  Object.assign(c, { token: r.json.token, cookie: null, csrf: null });
  return c;
}

before(async () => {
  server = await Server.start({ clock: '2025-01-01T00:00:00Z' });
  fao = await tokenClient('agency_focal_point', 'FAO');
  admin = await tokenClient('admin', 'UNICEF');
  reader = await tokenClient('agency_reader', 'FAO');
  agencies = Object.fromEntries((await fao.get('/api/v1/agencies')).json.items.map((a) => [a.code, a.id]));
  const partner = await admin.post('/api/v1/partners', { name: 'Hillside Relief', type: 'national_ngo', country: 'UG' });
  assert.equal(partner.status, 201, partner.text);
  const partnerEditor = await tokenClient('partner_editor', `partner:${partner.json.id}`);
  const record = async (clock, body) => {
    server.setClock(clock);
    const r = await fao.post('/api/v1/incidents', { source: 'complaint', ...body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const change = async (clock, id, body) => {
    server.setClock(clock);
    const r = await fao.patch(`/api/v1/incidents/${id}`, body);
    assert.equal(r.status, 200, r.text);
  };
  await record('2025-01-01T00:00:00Z', { type: 'other', personnel_category: 'agency_staff', received_at: '2024-12-31T23:00:00Z' });
  const a = await record('2025-01-10T11:00:00Z', { type: 'sexual_exploitation', personnel_category: 'implementing_partner',
    partner_id: partner.json.id, received_at: '2025-01-10T00:00:00Z', reported_onward_at: '2025-01-10T10:00:00Z',
    actions: ['separation', 'letter_on_file'] });
  const b = await record('2025-02-03T01:00:00Z', { type: 'sexual_assault', personnel_category: 'agency_staff',
    received_at: '2025-02-01T00:00:00Z', reported_onward_at: '2025-02-03T00:00:00Z' });
  await record('2025-03-01T01:00:00Z', { type: 'sexual_harassment', personnel_category: 'agency_staff',
    received_at: '2025-03-01T00:00:00Z', status: 'under_investigation' });
  server.setClock('2025-04-01T06:00:00Z');
  const disclosed = await partnerEditor.post('/api/v1/disclosures', { agency_id: agencies.FAO, type: 'sexual_abuse' });
  assert.equal(disclosed.status, 201, disclosed.text);
  await change('2025-04-01T19:00:00Z', disclosed.json.id, { reported_onward_at: '2025-04-01T18:00:00Z' });
  await change('2025-04-20T00:00:00Z', disclosed.json.id, { status: 'substantiated', concluded_on: '2025-04-11',
    actions: ['contract_ended', 'referral_to_national_authorities'] });
  await change('2025-04-20T00:00:00Z', b, { status: 'not_substantiated', concluded_on: '2025-04-03' });
  await change('2025-05-01T00:00:00Z', b, { status: 'closed' });
  await record('2025-06-01T02:00:00Z', { type: 'other', personnel_category: 'agency_related_personnel',
    pertains_to_partner: false, received_at: '2025-06-01T00:00:00Z', reported_onward_at: '2025-06-01T01:00:00Z',
    status: 'closed', actions: ['disciplinary_measure'] });
  await change('2025-09-15T00:00:00Z', a, { status: 'substantiated', investigation_started_on: '2025-01-12',
    concluded_on: '2025-02-09' });
  server.setClock('2026-02-01T00:00:00Z');
});
after(async () => { await server.stop(); });

test('the figures of a year, by category, partner, outcome and action', async () => {
  const r = await fao.get('/api/v1/reports/incidents?year=2025');
  assert.equal(r.status, 200, r.text);
  const f = r.json;
  assert.equal(f.total, 5);
  assert.deepEqual(f.by_type, { sexual_exploitation: 1, sexual_abuse: 1, sexual_harassment: 1, sexual_assault: 1, other: 1 });
  assert.deepEqual(f.by_personnel_category, { agency_staff: 2, agency_related_personnel: 1, implementing_partner: 2, other: 0 });
  assert.equal(f.pertaining_to_partners, 2);
  assert.equal(f.self_disclosed, 1);
  assert.deepEqual(f.outcomes, { substantiated: 2, not_substantiated: 1, under_investigation: 1, closed_without_finding: 1 });
  assert.deepEqual(f.actions, { dismissal: 1, contract_ended: 1, referral_to_national_authorities: 1, other: 2 });
  assert.deepEqual(f.reported_within_36h, { count: 3, of: 5, percent: 60 });
  assert.equal(f.target_hours, 36);
  assert.deepEqual(f.investigation_days, { average: 33.7, median: 30, longest: 61, concluded: 3 });
  const y2024 = await fao.get('/api/v1/reports/incidents?year=2024');
  assert.equal(y2024.json.total, 1);
  assert.deepEqual(y2024.json.investigation_days, { average: null, median: null, longest: null, concluded: 0 });
});

test('the same figures as CSV, one figure a row', async () => {
  const r = await fao.get('/api/v1/exports/incidents-figures.csv?year=2025');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="incident-figures-2025\.csv"/);
  const rows = r.text.trim().split('\r\n').map((line) => line.split(','));
  assert.deepEqual(rows[0], ['agency', 'year', 'figure', 'item', 'value']);
  const value = (figure, item) => rows.find((row) => row[2] === figure && row[3] === item)?.[4];
  assert.ok(rows.slice(1).every((row) => row[0] === 'FAO' && row[1] === '2025' && row.length === 5));
  assert.equal(value('total', ''), '5');
  assert.equal(value('by_type', 'sexual_assault'), '1');
  assert.equal(value('pertaining_to_partners', ''), '2');
  assert.equal(value('self_disclosed', ''), '1');
  assert.equal(value('outcomes', 'substantiated'), '2');
  assert.equal(value('actions', 'other'), '2');
  assert.equal(value('reported_within_target', 'percent'), '60.0');
  assert.equal(value('investigation_days', 'average'), '33.7');
  assert.equal(value('investigation_days', 'median'), '30.0');
  assert.equal(value('investigation_days', 'longest'), '61');
  const empty = await fao.get('/api/v1/exports/incidents-figures.csv?year=2023');
  assert.equal(empty.status, 200);
  assert.ok(empty.text.includes('FAO,2023,investigation_days,median,\r\n'));
});

test('the figures are the focal points\' and administrators\' alone', async () => {
  assert.equal((await reader.get('/api/v1/exports/incidents-figures.csv?year=2025')).status, 404);
  assert.equal((await reader.get('/api/v1/reports/incidents?year=2025')).status, 404);
  assert.equal((await fao.get('/api/v1/exports/incidents-figures.csv?year=20x5')).status, 400);
  const viaAdmin = await admin.get(`/api/v1/exports/incidents-figures.csv?year=2025&agency_id=${agencies.FAO}`);
  assert.equal(viaAdmin.status, 200);
  assert.ok(viaAdmin.text.includes('FAO,2025,total,,5'));
  const log = await admin.get(`/api/v1/audit?object_type=incident_report&object_id=${agencies.FAO}&limit=200`);
  assert.ok(log.json.items.some((e) => e.action === 'export_csv'));
});
