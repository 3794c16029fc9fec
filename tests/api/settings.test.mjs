// Settings an administrator may change (DOMAIN.md *(setting)*): who may read and change them,
// the ranges and the rules between values, all-or-none writes, the audit trail, and that each
// change reaches the decision it governs: the capacity bands, validity and expiry, the plan's due
// date, the upload limit and the onward-report target. Also `psea settings` on the command line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea } from './lib.mjs';
import { tokenClient, upload, assertProblem } from './psea.mjs';

const RATED = '2026-01-10T09:00:00Z';
const DEFAULTS = {
  'rating.full_min': 8, 'rating.medium_min': 6, 'validity.years': 5, 'expiring.months': 12,
  'csip.due_months': 1, 'csip.reassessment_months': 6, 'upload.max_bytes': 20971520, 'incident.onward_hours': 36,
  'alerts.email': 0, 'auth.two_step_required': 0, 'invitation.days': 7, 'password_reset.minutes': 60,
};

let server, admin, advanced, editor, reader;

before(async () => {
  server = await Server.start({ clock: RATED });
  admin = await tokenClient(server, 'admin', 'UNICEF');
  advanced = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  editor = await tokenClient(server, 'agency_editor', 'UNICEF');
  reader = await tokenClient(server, 'agency_reader', 'UNICEF');
});
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

async function values() {
  const r = await admin.get('/api/v1/settings');
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.items.map((s) => [s.key, s.value]));
}

async function change(body) {
  const r = await admin.patch('/api/v1/settings', body);
  assert.equal(r.status, 200, r.text);
  return r;
}

let partners = 0;
// A partner rated now by UNICEF with the standards in `unmet` verified `no`.
async function rated(unmet) {
  const p = await advanced.post('/api/v1/partners', { name: `Settings partner ${++partners}`, type: 'cbo', country: 'KE' });
  assert.equal(p.status, 201, p.text);
  const a = await advanced.post('/api/v1/assessments', { partner_id: p.json.id });
  assert.equal(a.status, 201, a.text);
  const id = a.json.id;
  const partnerEditor = await tokenClient(server, 'partner_editor', `partner:${p.json.id}`);
  const all = (answer) => [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: answer(n), comment: 'noted' }));
  const steps = [
    [partnerEditor, 'PUT', 'intro', { contact_with_beneficiaries: true, previously_assessed: false, previous: null }],
    [partnerEditor, 'PUT', 'self-assessment', { answers: all(() => 'no') }], // no documents needed
    [partnerEditor, 'POST', 'self-assessment/submit', {}],
    [editor, 'PUT', 'verification', { answers: all((n) => (unmet.includes(n) ? 'no' : 'yes')) }],
    [advanced, 'POST', 'finalize', {}],
  ];
  for (const [client, method, path, body] of steps) {
    const r = await client.request(method, `/api/v1/assessments/${id}/${path}`, { body });
    assert.equal(r.status, 200, `${path}: ${r.text}`);
  }
  return { id, partnerId: p.json.id, partnerEditor };
}

test('an administrator reads every setting with its default, range and unit; nobody else may', async () => {
  const r = await admin.get('/api/v1/settings');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.fromEntries(r.json.items.map((s) => [s.key, s.value])), DEFAULTS);
  for (const s of r.json.items) {
    assert.equal(s.default, DEFAULTS[s.key]);
    assert.ok(s.min <= s.default && s.default <= s.max, s.key);
    assert.match(s.unit, /^(standards|years|months|days|hours|minutes|bytes|switch)$/);
  }
  // the e-mail copy of the alerts: a switch, off by default (DOMAIN.md, "Alerts")
  assert.deepEqual(r.json.items.find((s) => s.key === 'alerts.email'),
    { key: 'alerts.email', value: 0, default: 0, min: 0, max: 1, unit: 'switch' });
  assert.equal(r.json.next_cursor, null);
  for (const role of ['agency_advanced_editor', 'agency_focal_point', 'agency_reader']) {
    const c = await tokenClient(server, role, 'UNICEF');
    assertProblem(await c.get('/api/v1/settings'), 403);
    assertProblem(await c.patch('/api/v1/settings', { 'validity.years': 3 }), 403);
  }
  const p = await advanced.post('/api/v1/partners', { name: 'Outsider', type: 'cbo', country: 'KE' });
  const partnerEditor = await tokenClient(server, 'partner_editor', `partner:${p.json.id}`);
  assertProblem(await partnerEditor.patch('/api/v1/settings', { 'validity.years': 3 }), 403);
  assertProblem(await server.client().get('/api/v1/settings'), 401);
  assert.deepEqual(await values(), DEFAULTS, 'nothing written by a refused change');
});

test('changes are checked together and against the values in force, and written all or none', async () => {
  const refused = [
    [{ 'validity.years': 11 }, 'validity.years', 'out_of_range'],
    [{ 'validity.years': 0 }, 'validity.years', 'out_of_range'],
    [{ 'upload.max_bytes': 1024 }, 'upload.max_bytes', 'out_of_range'],
    [{ 'rating.medium_min': 8 }, 'rating.medium_min', 'not_below_full'],
    [{ 'rating.full_min': 6 }, 'rating.medium_min', 'not_below_full'],
    [{ 'rating.full_min': 5, 'rating.medium_min': 5 }, 'rating.medium_min', 'not_below_full'],
    [{ 'validity.years': 1 }, 'expiring.months', 'not_below_validity'],
    [{ 'expiring.months': 60 }, 'expiring.months', 'not_below_validity'],
    [{ 'no.such.setting': 1 }, 'no.such.setting', 'unknown_setting'],
    [{ 'alerts.email': 2 }, 'alerts.email', 'out_of_range'],
    [{ 'alerts.email': -1 }, 'alerts.email', 'out_of_range'],
    [{ 'alerts.email': true }, 'alerts.email', 'invalid_type'],
    [{ 'validity.years': '3' }, 'validity.years', 'invalid_type'],
    [{ 'validity.years': 3.5 }, 'validity.years', 'invalid_type'],
    [{ 'validity.years': null }, 'validity.years', 'invalid_type'],
    // a good change beside a bad one is not written either
    [{ 'incident.onward_hours': 24, 'csip.due_months': 13 }, 'csip.due_months', 'out_of_range'],
  ];
  for (const [body, field, code] of refused) {
    const r = await admin.patch('/api/v1/settings', body);
    assertProblem(r, 422, 'validation_failed');
    assert.ok(r.json.errors.some((e) => e.field === field && e.code === code), `${JSON.stringify(body)}: ${r.text}`);
  }
  assertProblem(await admin.patch('/api/v1/settings', {}), 422, 'validation_failed');
  assertProblem(await admin.patch('/api/v1/settings', [1]), 422, 'validation_failed');
  assertProblem(await admin.request('PATCH', '/api/v1/settings', { raw: '{"validity.years": ', headers: { 'Content-Type': 'application/json' } }), 400);
  assert.deepEqual(await values(), DEFAULTS, 'nothing was written');

  // Moving both bands down in one change passes although either alone would not.
  const r = await change({ 'rating.full_min': 5, 'rating.medium_min': 3 });
  assert.equal(r.json.items.find((s) => s.key === 'rating.full_min').value, 5);
  assert.deepEqual({ ...(await values()) }, { ...DEFAULTS, 'rating.full_min': 5, 'rating.medium_min': 3 });
  const log = (await admin.get('/api/v1/audit?object_type=setting')).json.items.map((e) => e.action);
  assert.ok(log.includes('update rating.full_min 8 -> 5') && log.includes('update rating.medium_min 6 -> 3'), log.join('; '));
  await change({ 'rating.full_min': 8, 'rating.medium_min': 6 });
  assert.deepEqual(await values(), DEFAULTS);
  // the switch turns on and off like any other value, audited
  await change({ 'alerts.email': 1 });
  assert.equal((await values())['alerts.email'], 1);
  await change({ 'alerts.email': 0 });
  const switched = (await admin.get('/api/v1/audit?object_type=setting')).json.items.map((e) => e.action);
  assert.ok(switched.includes('update alerts.email 0 -> 1') && switched.includes('update alerts.email 1 -> 0'), switched.join('; '));
  assert.deepEqual(await values(), DEFAULTS);
});

test('the capacity bands decide the ratings given after the change; earlier ratings keep theirs', async () => {
  server.setClock(RATED);
  const before = await rated([8 - 1]); // 7 standards met: medium by default
  assert.equal((await reader.get(`/api/v1/assessments/${before.id}`)).json.rating.value, 'medium');
  await change({ 'rating.full_min': 7, 'rating.medium_min': 5 });
  try {
    const seven = await rated([7]);
    assert.equal((await reader.get(`/api/v1/assessments/${seven.id}`)).json.rating.value, 'full');
    const five = await rated([2, 4, 7]);
    assert.equal((await reader.get(`/api/v1/assessments/${five.id}`)).json.rating.value, 'medium');
    const four = await rated([1, 2, 4, 7]);
    assert.equal((await reader.get(`/api/v1/assessments/${four.id}`)).json.rating.value, 'low');
    assert.equal((await reader.get(`/api/v1/assessments/${before.id}`)).json.rating.value, 'medium', 'given before the change');
  } finally {
    await change({ 'rating.full_min': 8, 'rating.medium_min': 6 });
  }
});

test('validity and the expiring window move every standing at once', async () => {
  server.setClock(RATED);
  const x = await rated([3]);
  const psea = async () => (await reader.get(`/api/v1/partners/${x.partnerId}`)).json.psea;
  assert.equal((await psea()).valid_until, '2031-01-10');
  await change({ 'validity.years': 2, 'expiring.months': 3 });
  try {
    assert.equal((await psea()).valid_until, '2028-01-10');
    // the assessment says the same as the partner's standing
    assert.equal((await reader.get(`/api/v1/assessments/${x.id}`)).json.rating.valid_until, '2028-01-10');
    server.setClock('2027-10-09T09:00:00Z');
    assert.equal((await psea()).status, 'valid');
    server.setClock('2027-10-10T09:00:00Z');
    assert.equal((await psea()).status, 'expiring');
    server.setClock('2028-01-10T09:00:00Z');
    assert.equal((await psea()).status, 'expired');
  } finally {
    server.setClock(RATED);
    await change({ 'validity.years': 5, 'expiring.months': 12 });
  }
});

test('the plan falls due the set number of months after the rating', async () => {
  server.setClock(RATED);
  const x = await rated([3, 5]);
  const due = async () => (await reader.get(`/api/v1/partners/${x.partnerId}`)).json.psea.csip.due;
  assert.equal(await due(), '2026-02-10T09:00:00Z');
  await change({ 'csip.due_months': 2 });
  try {
    assert.equal(await due(), '2026-03-10T09:00:00Z');
  } finally {
    await change({ 'csip.due_months': 1 });
  }
});

test('the upload limit applies to the next upload, without a restart', async () => {
  server.setClock(RATED);
  const p = await advanced.post('/api/v1/partners', { name: 'Uploader', type: 'cbo', country: 'KE' });
  const a = await advanced.post('/api/v1/assessments', { partner_id: p.json.id });
  const partnerEditor = await tokenClient(server, 'partner_editor', `partner:${p.json.id}`);
  // Over the new limit by less than the allowance for the form's own fields, so the server reads
  // it to the end and the answer reaches the client, as it does for a file just over any limit.
  const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1048576 + 10000, 0x20)]);
  assert.equal((await upload(partnerEditor, a.json.id, { file, standard: 1 })).status, 201);
  const session = await server.signIn('partner_editor', `partner:${p.json.id}`);
  assert.equal((await session.get('/api/v1/session')).json.limits.upload_max_bytes, 20971520);
  await change({ 'upload.max_bytes': 1048576 });
  try {
    // the interface learns the limit from the session, to check a file before sending it
    assert.equal((await session.get('/api/v1/session')).json.limits.upload_max_bytes, 1048576);
    const r = await upload(partnerEditor, a.json.id, { file, standard: 1 });
    assertProblem(r, 413, 'too_large');
    assert.match(r.json.detail, /1048576/);
    const small = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(900 * 1024, 0x20)]);
    assert.equal((await upload(partnerEditor, a.json.id, { file: small, standard: 2 })).status, 201);
  } finally {
    await change({ 'upload.max_bytes': 20971520 });
  }
});

test('the onward-report target decides which incidents were reported in time', async () => {
  const fp = await tokenClient(server, 'agency_focal_point', 'UNICEF');
  const p = await advanced.post('/api/v1/partners', { name: 'Register partner', type: 'cbo', country: 'KE' });
  server.setClock('2026-06-15T12:00:00Z');
  const r = await fp.post('/api/v1/incidents', {
    partner_id: p.json.id, personnel_category: 'implementing_partner', type: 'sexual_exploitation', source: 'complaint',
    received_at: '2026-06-10T08:00:00Z', reported_onward_at: '2026-06-11T10:00:00Z', // 26 hours
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.reported_onward_within_target, true);
  await change({ 'incident.onward_hours': 24 });
  try {
    assert.equal((await fp.get(`/api/v1/incidents/${r.json.id}`)).json.reported_onward_within_target, false);
  } finally {
    await change({ 'incident.onward_hours': 36 });
    server.setClock(RATED);
  }
});

test('psea settings lists and changes the same values, and a running server follows at once', async () => {
  server.setClock(RATED);
  const x = await rated([3]);
  const validUntil = async () => (await reader.get(`/api/v1/partners/${x.partnerId}`)).json.psea.valid_until;
  assert.equal(await validUntil(), '2031-01-10');
  assert.equal(await validUntil(), '2031-01-10'); // the second answer may come from the cache
  const listed = psea(['settings', '--db', server.db]);
  assert.match(listed.stdout, /^validity\.years\s+5\s/m);
  assert.match(listed.stdout, /^alerts\.email\s+0\s+\(switch; default 0, from 0 to 1\)$/m);
  const changed = psea(['settings', '--db', server.db, 'validity.years=3', 'expiring.months=6']);
  assert.match(changed.stdout, /^validity\.years\s+3\s/m);
  assert.equal(await validUntil(), '2029-01-10', 'no cached answer outlives the change');
  assert.equal((await values())['expiring.months'], 6);
  const log = (await admin.get('/api/v1/audit?object_type=setting')).json.items;
  assert.ok(log.some((e) => e.action === 'update validity.years 5 -> 3' && e.request_id === 'cli'));

  const bad = psea(['settings', '--db', server.db, 'expiring.months=36'], { allowFail: true });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /expiring\.months \(36\) must be below the validity in months \(36\)/);
  for (const args of [['no.such=1'], ['validity.years=three'], ['validity.years'], ['alerts.email=2']]) {
    const r = psea(['settings', '--db', server.db, ...args], { allowFail: true });
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, /^psea: .+\n$/);
  }
  assert.equal(psea(['settings'], { allowFail: true }).status, 2);
  assert.equal((await values())['validity.years'], 3, 'refused changes wrote nothing');
  psea(['settings', '--db', server.db, 'validity.years=5', 'expiring.months=12']);
  assert.deepEqual(await values(), DEFAULTS);
  assert.match(psea(['settings', '--db', server.db, 'alerts.email=1']).stdout, /^alerts\.email\s+1\s/m);
  assert.equal((await values())['alerts.email'], 1);
  psea(['settings', '--db', server.db, 'alerts.email=0']);
  assert.deepEqual(await values(), DEFAULTS);
});
