// The allegations register: who may see it, what it refuses, the audit trail, corrective-action
// reviews, partners' self-disclosures, and the yearly figures on a data set worked out by hand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';

let server, fp, fpOther, admin, reader, partnerEditor, partnerId, agencies;


const base = {
  personnel_category: 'implementing_partner', type: 'sexual_exploitation', source: 'complaint',
  received_at: '2026-06-10T08:00:00Z', incident_date: '2026-06-01',
  victims: [{ sex: 'female', age_group: 'child', count: 2 }, { sex: 'unknown', age_group: 'adult', count: 1 }],
  actions: ['letter_on_file'], assistance: ['medical', 'psychosocial'],
};

before(async () => {
  server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
  fp = await server.signIn('agency_focal_point', 'UNICEF');
  fpOther = await server.signIn('agency_focal_point', 'UNHCR');
  admin = await server.signIn('admin', 'UNICEF');
  const made = await admin.post('/api/v1/partners', { name: 'Clear Water Association', type: 'cbo', country: 'KE' });
  assert.equal(made.status, 201, made.text);
  partnerId = made.json.id;
  reader = await server.signIn('agency_reader', 'UNICEF');
  partnerEditor = await server.signIn('partner_editor', `partner:${partnerId}`);
  agencies = Object.fromEntries((await fp.get('/api/v1/agencies')).json.items.map((a) => [a.code, a.id]));
});
after(async () => { await server.stop(); });

test('a focal point records an allegation in its agency register', async () => {
  const r = await fp.post('/api/v1/incidents', { ...base, partner_id: partnerId, reported_onward_at: '2026-06-11T10:00:00Z' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.agency.code, 'UNICEF');
  assert.equal(r.json.partner_id, partnerId);
  assert.equal(r.json.status, 'received');
  assert.equal(r.json.status_changed_at, '2026-06-15T12:00:00Z');
  assert.equal(r.json.version, 1);
  assert.equal(r.json.review, null);
  assert.equal(r.json.reported_onward_within_target, true); // 26 hours after receipt
  assert.deepEqual(r.json.victims, [{ sex: 'female', age_group: 'child', count: 2 }, { sex: 'unknown', age_group: 'adult', count: 1 }]);
  assert.deepEqual(r.json.assistance.sort(), ['medical', 'psychosocial']);
  const again = await fp.get(`/api/v1/incidents/${r.json.id}`);
  assert.equal(again.status, 200);
  assert.deepEqual(again.json.actions, ['letter_on_file']);
  assert.equal(again.json.incident_date, '2026-06-01');
});

test('the register is hidden from everyone but its focal points and admins', async () => {
  const made = await fp.post('/api/v1/incidents', base);
  assert.equal(made.status, 201);
  const path = `/api/v1/incidents/${made.json.id}`;
  for (const c of [reader, fpOther, partnerEditor]) {
    assert.equal((await c.get(path)).status, 404);
    assert.equal((await c.patch(path, { status: 'closed' })).status, 404);
    assert.equal((await c.post(`${path}/corrective-action-review`, { adequate: false })).status, 404);
  }
  for (const c of [reader, partnerEditor]) {
    const list = await c.get('/api/v1/incidents');
    assert.equal(list.status, 404);
    assert.equal(list.json.code, 'not_found');
    assert.equal((await c.post('/api/v1/incidents', base)).status, 404);
    assert.equal((await c.get('/api/v1/reports/incidents?year=2026')).status, 404);
  }
  // another agency's focal point sees its own (empty) register, not UNICEF's
  const other = await fpOther.get('/api/v1/incidents');
  assert.equal(other.status, 200);
  assert.ok(!other.json.items.some((i) => i.id === made.json.id));
  assert.equal((await admin.get(path)).status, 200);
  const mine = await fp.get('/api/v1/incidents?limit=200');
  assert.ok(mine.json.items.some((i) => i.id === made.json.id));
});

test('a victim entry with a name is refused and nothing is written', async () => {
  const before_ = (await fp.get('/api/v1/incidents?limit=200')).json.items.length;
  const r = await fp.post('/api/v1/incidents', { ...base, victims: [{ sex: 'female', age_group: 'adult', count: 1, name: 'A. Person' }] });
  assert.equal(r.status, 422);
  assert.equal(r.json.code, 'validation_failed');
  assert.deepEqual(r.json.errors.map((e) => [e.field, e.code]), [['victims[0].name', 'field_not_allowed']]);
  const after_ = (await fp.get('/api/v1/incidents?limit=200')).json.items.length;
  assert.equal(after_, before_);
});

test('bad words, counts and instants are refused with each field named', async () => {
  const cases = [
    [{ status: 'archived' }, 'status', 'invalid_value'],
    [{ type: 'fraud' }, 'type', 'invalid_value'],
    [{ source: 'rumour' }, 'source', 'invalid_value'],
    [{ personnel_category: 'volunteer' }, 'personnel_category', 'invalid_value'],
    [{ reported_onward_at: '2026-06-10T07:59:59Z' }, 'reported_onward_at', 'before_receipt'],
    [{ received_at: '2026-06-16T00:00:00Z' }, 'received_at', 'in_future'],
    [{ received_at: 'yesterday' }, 'received_at', 'invalid_value'],
    [{ victims: [{ sex: 'female', age_group: 'child', count: 0 }] }, 'victims[0].count', 'invalid_value'],
    [{ victims: [{ sex: 'female', age_group: 'child', count: 1 }, { sex: 'female', age_group: 'child', count: 2 }] }, 'victims[1].sex', 'duplicate'],
    [{ actions: ['public_apology'] }, 'actions', 'invalid_value'],
    [{ assistance: ['shelter'] }, 'assistance', 'invalid_value'],
    [{ partner_id: agencies.UNICEF }, 'partner_id', 'unknown'],
  ];
  for (const [change, field, code] of cases) {
    const r = await fp.post('/api/v1/incidents', { ...base, ...change });
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    assert.ok(r.json.errors.some((e) => e.field === field && e.code === code), `${field} ${code}: ${r.text}`);
  }
  const missing = await fp.post('/api/v1/incidents', {});
  assert.equal(missing.status, 422);
  for (const f of ['personnel_category', 'type', 'source', 'received_at'])
    assert.ok(missing.json.errors.some((e) => e.field === f && e.code === 'required'), f);
});

test('changing an incident: versions, status instants, onward report', async () => {
  const made = (await fp.post('/api/v1/incidents', base)).json;
  const path = `/api/v1/incidents/${made.id}`;
  server.setClock('2026-06-15T13:00:00Z');
  const r = await fp.patch(path, { status: 'under_investigation', reported_onward_at: '2026-06-12T08:00:00Z' },
    { headers: { 'If-Match': '"1"' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, 2);
  assert.equal(r.json.status_changed_at, '2026-06-15T13:00:00Z');
  assert.equal(r.json.reported_onward_within_target, false); // 48 hours
  const stale = await fp.patch(path, { status: 'closed' }, { headers: { 'If-Match': '"1"' } });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.code, 'version_conflict');
  const backwards = await fp.patch(path, { received_at: '2026-06-13T00:00:00Z' });
  assert.equal(backwards.status, 422);
  assert.equal(backwards.json.errors[0].code, 'before_receipt');
  const unchanged = await fp.get(path);
  assert.equal(unchanged.json.version, 2);
  assert.equal(unchanged.json.received_at, '2026-06-10T08:00:00Z');
  const nameless = await fp.patch(path, { victims: [{ sex: 'male', age_group: 'child', count: 1, village: 'X' }] });
  assert.equal(nameless.status, 422);
  server.setClock('2026-06-15T12:00:00Z');
});

test('every read and write of an incident is in the audit log', async () => {
  const made = (await fp.post('/api/v1/incidents', base)).json;
  await fp.get(`/api/v1/incidents/${made.id}`);
  await fp.patch(`/api/v1/incidents/${made.id}`, { status: 'preliminary_assessment' });
  await fp.get('/api/v1/incidents?limit=200');
  const log = await admin.get(`/api/v1/audit?object_type=incident&object_id=${made.id}&limit=200`);
  assert.equal(log.status, 200);
  const actions = log.json.items.map((e) => e.action).reverse();
  assert.deepEqual(actions, ['create', 'read', 'update', 'read']);
  assert.ok(log.json.items.every((e) => e.user_id === fp.user.id));
});

test('corrective-action review of the partner named in an allegation', async () => {
  const noPartner = (await fp.post('/api/v1/incidents', base)).json;
  const refused = await fp.post(`/api/v1/incidents/${noPartner.id}/corrective-action-review`, { adequate: false });
  assert.equal(refused.status, 409);
  assert.equal(refused.json.code, 'invalid_state');
  const made = (await fp.post('/api/v1/incidents', { ...base, partner_id: partnerId })).json;
  const bad = await fp.post(`/api/v1/incidents/${made.id}/corrective-action-review`, { adequate: 'no' });
  assert.equal(bad.status, 422);
  const r = await fp.post(`/api/v1/incidents/${made.id}/corrective-action-review`, { adequate: false, notes: 'No disciplinary step taken.' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.review, { adequate: false, notes: 'No disciplinary step taken.', reviewed_at: '2026-06-15T12:00:00Z' });
  assert.equal(r.json.version, made.version + 1);
  const log = await admin.get(`/api/v1/audit?object_type=partner&object_id=${partnerId}`);
  assert.ok(log.json.items.some((e) => e.action === 'corrective_action_inadequate'));
});

test('a partner discloses an allegation to the agency it chooses', async () => {
  const r = await partnerEditor.post('/api/v1/disclosures', { agency_id: agencies.UNHCR, type: 'sexual_abuse',
    victims: [{ sex: 'female', age_group: 'adult', count: 1 }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.agency.code, 'UNHCR');
  assert.equal(r.json.source, 'self_disclosure');
  const seen = await fpOther.get(`/api/v1/incidents/${r.json.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.json.source, 'self_disclosure');
  assert.equal(seen.json.partner_id, partnerId);
  assert.equal(seen.json.personnel_category, 'implementing_partner');
  assert.equal(seen.json.received_at, '2026-06-15T12:00:00Z');
  assert.equal((await fp.get(`/api/v1/incidents/${r.json.id}`)).status, 404);
  assert.equal((await partnerEditor.get(`/api/v1/incidents/${r.json.id}`)).status, 404);
  const named = await partnerEditor.post('/api/v1/disclosures', { agency_id: agencies.UNHCR, type: 'sexual_abuse',
    victims: [{ sex: 'female', age_group: 'adult', count: 1, name: 'B.' }] });
  assert.equal(named.status, 422);
  const nowhere = await partnerEditor.post('/api/v1/disclosures', { agency_id: partnerId, type: 'other' });
  assert.equal(nowhere.status, 422);
  assert.equal((await reader.post('/api/v1/disclosures', { agency_id: agencies.UNHCR, type: 'other' })).status, 403);
});

// WFP's register, built through time so that the server records the status instants:
//   I5 other          received 2024-12-31 23:00, never reported onward          (year 2024)
//   I1 exploitation   received 2025-01-10 00:00, onward +10 h, substantiated 2025-02-09 05:00 → 30 days
//   I2 abuse          received 2025-02-01 00:00, onward +40 h, not substantiated 2025-04-03 00:00 → 61 days,
//                     later closed and substantiated again: the first finding still counts
//   I3 exploitation   received 2025-03-01 00:00, never reported onward, still open
//   I4 harassment     received 2025-04-01 06:00, onward +12 h, recorded as substantiated 2025-04-01 20:00 → 0 days
//   I7 abuse          received 2025-12-31 22:00, onward 2026-01-01 08:00 (+10 h)
// 2025 by hand: by type exploitation 2, abuse 2, harassment 1, other 0; onward within 36 h:
// I1, I4, I7 = 3 of 5 = 60.0 %; investigation days 30, 61, 0 → average 30.3, longest 61.
// 2024: other 1; onward 0 of 1 = 0.0 %; no investigation concluded.
test('the yearly figures of a register, checked by hand', async () => {
  const wfp = await server.signIn('agency_focal_point', 'WFP');
  const create = async (clock, body) => {
    server.setClock(clock);
    const r = await wfp.post('/api/v1/incidents', { personnel_category: 'agency_staff', source: 'complaint', ...body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const status = async (clock, id, s) => {
    server.setClock(clock);
    const r = await wfp.patch(`/api/v1/incidents/${id}`, { status: s });
    assert.equal(r.status, 200, r.text);
  };
  await create('2024-12-31T23:30:00Z', { type: 'other', received_at: '2024-12-31T23:00:00Z' });
  const i1 = await create('2025-01-10T11:00:00Z', { type: 'sexual_exploitation', received_at: '2025-01-10T00:00:00Z', reported_onward_at: '2025-01-10T10:00:00Z' });
  const i2 = await create('2025-02-02T17:00:00Z', { type: 'sexual_abuse', received_at: '2025-02-01T00:00:00Z', reported_onward_at: '2025-02-02T16:00:00Z' });
  await status('2025-02-09T05:00:00Z', i1, 'substantiated');
  await create('2025-03-01T01:00:00Z', { type: 'sexual_exploitation', received_at: '2025-03-01T00:00:00Z' });
  await create('2025-04-01T20:00:00Z', { type: 'sexual_harassment', received_at: '2025-04-01T06:00:00Z', reported_onward_at: '2025-04-01T18:00:00Z', status: 'substantiated' });
  await status('2025-04-03T00:00:00Z', i2, 'not_substantiated');
  await status('2025-05-01T00:00:00Z', i2, 'closed');
  await status('2025-06-01T00:00:00Z', i2, 'substantiated');
  await create('2026-01-01T09:00:00Z', { type: 'sexual_abuse', received_at: '2025-12-31T22:00:00Z', reported_onward_at: '2026-01-01T08:00:00Z' });
  server.setClock('2026-06-15T12:00:00Z');

  const y2025 = await wfp.get('/api/v1/reports/incidents?year=2025');
  assert.equal(y2025.status, 200, y2025.text);
  assert.deepEqual(y2025.json.by_type, { sexual_exploitation: 2, sexual_abuse: 2, sexual_harassment: 1, sexual_assault: 0, other: 0 });
  assert.deepEqual(y2025.json.reported_within_36h, { count: 3, of: 5, percent: 60 });
  assert.equal(y2025.json.investigation_days.average, 30.3);
  assert.equal(y2025.json.investigation_days.longest, 61);

  const y2024 = await wfp.get('/api/v1/reports/incidents?year=2024');
  assert.deepEqual(y2024.json.by_type, { sexual_exploitation: 0, sexual_abuse: 0, sexual_harassment: 0, sexual_assault: 0, other: 1 });
  assert.deepEqual(y2024.json.reported_within_36h, { count: 0, of: 1, percent: 0 });
  assert.equal(y2024.json.investigation_days.average, null);
  assert.equal(y2024.json.investigation_days.longest, null);

  const y2023 = await wfp.get('/api/v1/reports/incidents?year=2023');
  assert.deepEqual(y2023.json.reported_within_36h, { count: 0, of: 0, percent: null });

  // UNICEF's focal point sees UNICEF's figures only (nothing of WFP's in 2025)
  const unicef = await fp.get('/api/v1/reports/incidents?year=2025');
  assert.deepEqual(unicef.json.by_type, { sexual_exploitation: 0, sexual_abuse: 0, sexual_harassment: 0, sexual_assault: 0, other: 0 });
  // an administrator names the agency
  const viaAdmin = await admin.get(`/api/v1/reports/incidents?year=2025&agency_id=${agencies.WFP}`);
  assert.deepEqual(viaAdmin.json.reported_within_36h, { count: 3, of: 5, percent: 60 });
  assert.equal((await wfp.get('/api/v1/reports/incidents?year=twenty')).status, 400);
  const i2now = await wfp.get(`/api/v1/incidents/${i2}`);
  assert.equal(i2now.json.investigation_days, 61);
  assert.equal(i2now.json.investigation_ended_at, '2025-04-03T00:00:00Z');
});

test('investigation dates are entered, in the past and in order', async () => {
  const r = await fp.post('/api/v1/incidents', { ...base, status: 'substantiated',
    investigation_started_on: '2026-06-11', concluded_on: '2026-06-14' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.investigation_started_on, '2026-06-11');
  assert.equal(r.json.concluded_on, '2026-06-14');
  assert.equal(r.json.investigation_days, 4); // received 10 June, concluded 14 June
  const same = await fp.post('/api/v1/incidents', { ...base, investigation_started_on: '2026-06-10', concluded_on: '2026-06-10' });
  assert.equal(same.status, 201, same.text); // the day of receipt itself
  const cases = [
    [{ concluded_on: '2026-06-16' }, 'concluded_on', 'in_future'],
    [{ investigation_started_on: '2026-06-16' }, 'investigation_started_on', 'in_future'],
    [{ investigation_started_on: '2026-06-12', concluded_on: '2026-06-11' }, 'concluded_on', 'before_start'],
    [{ concluded_on: '2026-06-09' }, 'concluded_on', 'before_receipt'],
    [{ investigation_started_on: '2026-06-09' }, 'investigation_started_on', 'before_receipt'],
    [{ concluded_on: '14/06/2026' }, 'concluded_on', 'invalid_value'],
    [{ concluded_on: '2026-06-14T00:00:00Z' }, 'concluded_on', 'invalid_value'],
  ];
  for (const [change, field, code] of cases) {
    const bad = await fp.post('/api/v1/incidents', { ...base, ...change });
    assert.equal(bad.status, 422, `${field}: ${bad.text}`);
    assert.ok(bad.json.errors.some((e) => e.field === field && e.code === code), `${field} ${code}: ${bad.text}`);
    assert.ok(bad.json.errors.every((e) => e.message.length > 10));
  }
  // a change that would put the conclusion in the future writes nothing
  const path = `/api/v1/incidents/${r.json.id}`;
  const future = await fp.patch(path, { concluded_on: '2026-07-01' });
  assert.equal(future.status, 422);
  const kept = await fp.get(path);
  assert.equal(kept.json.concluded_on, '2026-06-14');
  assert.equal(kept.json.version, r.json.version);
  const cleared = await fp.patch(path, { concluded_on: null });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.json.concluded_on, null);
  assert.equal(cleared.json.investigation_days, 5); // back to the recorded instant, 15 June 12:00
});

test('a case concluded in May and recorded in September counts its real duration', async () => {
  const fao = await server.signIn('agency_focal_point', 'FAO');
  server.setClock('2025-03-05T10:00:00Z');
  const made = await fao.post('/api/v1/incidents', { ...base, received_at: '2025-03-01T09:00:00Z', incident_date: null,
    investigation_started_on: '2025-03-03' });
  assert.equal(made.status, 201, made.text);
  server.setClock('2025-09-15T10:00:00Z');
  const found = await fao.patch(`/api/v1/incidents/${made.json.id}`, { status: 'substantiated', concluded_on: '2025-05-20' });
  assert.equal(found.status, 200, found.text);
  assert.equal(found.json.investigation_days, 80); // 1 March to 20 May, not to 15 September
  assert.equal(found.json.investigation_ended_at, '2025-09-15T10:00:00Z'); // as the server recorded it
  server.setClock('2026-06-15T12:00:00Z');
  const figures = await fao.get('/api/v1/reports/incidents?year=2025');
  assert.equal(figures.status, 200, figures.text);
  assert.deepEqual(figures.json.investigation_days, { average: 80, median: 80, longest: 80, concluded: 1 });
});

test('categories as agencies report them; older words still accepted', async () => {
  const assault = await fp.post('/api/v1/incidents', { ...base, type: 'sexual_assault', personnel_category: 'agency_staff' });
  assert.equal(assault.status, 201, assault.text);
  assert.equal(assault.json.type, 'sexual_assault');
  assert.equal(assault.json.pertains_to_partner, false); // no partner, agency staff
  assert.equal(assault.json.self_disclosed, false);
  const older = await fp.post('/api/v1/incidents', { ...base, type: 'other', personnel_category: 'agency_related_personnel',
    actions: ['separation', 'dismissal', 'contract_ended', 'other'] });
  assert.equal(older.status, 201, older.text);
  assert.deepEqual(older.json.actions.sort(), ['contract_ended', 'dismissal', 'other', 'separation']);
  const named = await fp.post('/api/v1/incidents', { ...base, partner_id: partnerId, personnel_category: 'other' });
  assert.equal(named.json.pertains_to_partner, true); // names a partner
  const said = await fp.post('/api/v1/incidents', { ...base, pertains_to_partner: false });
  assert.equal(said.json.pertains_to_partner, false); // implementing_partner personnel, but the focal point says no
  const changed = await fp.patch(`/api/v1/incidents/${said.json.id}`, { pertains_to_partner: true });
  assert.equal(changed.json.pertains_to_partner, true);
  const bad = await fp.post('/api/v1/incidents', { ...base, pertains_to_partner: 'yes' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json.errors.some((e) => e.field === 'pertains_to_partner' && e.code === 'invalid_value'));
  const disclosed = await partnerEditor.post('/api/v1/disclosures', { agency_id: agencies.UNICEF, type: 'sexual_assault' });
  assert.equal(disclosed.status, 201, disclosed.text);
  const seen = await fp.get(`/api/v1/incidents/${disclosed.json.id}`);
  assert.equal(seen.json.self_disclosed, true);
  assert.equal(seen.json.pertains_to_partner, true);
});

test('focal point alerts: a partner\'s disclosure waiting, an onward report due within 12 hours or late', async () => {
  server.setClock('2026-06-15T12:00:00Z');
  const who = await server.signIn('agency_focal_point', 'WHO');
  const whoReader = await server.signIn('agency_reader', 'WHO');
  const record = async (body) => {
    const r = await who.post('/api/v1/incidents', { ...base, incident_date: null, ...body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const soon = await record({ received_at: '2026-06-14T13:00:00Z' });   // target 16 June 01:00: 13 hours away
  const due = await record({ received_at: '2026-06-14T12:00:00Z' });    // target in exactly 12 hours
  await record({ received_at: '2026-06-10T08:00:00Z', reported_onward_at: '2026-06-10T20:00:00Z' });
  await record({ received_at: '2026-06-01T08:00:00Z', status: 'closed' });
  const late = await record({ received_at: '2026-06-01T08:00:00Z', status: 'under_investigation' });
  const disclosed = await partnerEditor.post('/api/v1/disclosures', { agency_id: agencies.WHO, type: 'sexual_exploitation' });
  assert.equal(disclosed.status, 201, disclosed.text);

  const alerts = async (client) => (await client.get('/api/v1/alerts')).json.items.filter((a) => a.incident_id);
  const mine = await alerts(who);
  const onward = mine.filter((a) => a.kind === 'onward_report_due');
  assert.deepEqual(onward.map((a) => a.incident_id).sort(), [due, late].sort());
  assert.equal(onward.find((a) => a.incident_id === due).due, '2026-06-16T00:00:00Z');
  assert.equal(onward.find((a) => a.incident_id === late).due, '2026-06-02T20:00:00Z');
  const waiting = mine.filter((a) => a.kind === 'disclosure_waiting');
  assert.deepEqual(waiting.map((a) => a.incident_id), [disclosed.json.id]);
  assert.deepEqual(waiting[0].partner, { id: partnerId, name: 'Clear Water Association' });

  // an hour later the next one comes within 12 hours; the disclosure, once assessed, no longer waits
  server.setClock('2026-06-15T13:00:00Z');
  const assessed = await who.patch(`/api/v1/incidents/${disclosed.json.id}`, { status: 'preliminary_assessment' });
  assert.equal(assessed.status, 200, assessed.text);
  const later = await alerts(who);
  assert.ok(later.some((a) => a.kind === 'onward_report_due' && a.incident_id === soon));
  assert.ok(!later.some((a) => a.kind === 'disclosure_waiting'));
  // reported onward: the alert goes
  await who.patch(`/api/v1/incidents/${late}`, { reported_onward_at: '2026-06-03T09:00:00Z' });
  assert.ok(!(await alerts(who)).some((a) => a.incident_id === late));
  // the register's alerts are its focal points' alone
  assert.deepEqual(await alerts(whoReader), []);
  assert.ok(!(await alerts(fp)).some((a) => [soon, due].includes(a.incident_id)));
  server.setClock('2026-06-15T12:00:00Z');
});
