// A write the audit log cannot record is not made: the request answers 500 and the database is
// as before. A trigger installed with the engine's own shell makes every audit insert fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, sql, psea } from './lib.mjs';
import { tokenClient, agencyId, createPartner, assertProblem } from './psea.mjs';
import { fillWorkbook } from './workbook.mjs';

let server, advanced, admin, unicef;

before(async () => {
  server = await Server.start();
  advanced = await tokenClient(server, 'agency_advanced_editor');
  admin = await tokenClient(server, 'admin');
  unicef = await agencyId(advanced, 'UNICEF');
});
after(async () => { await server.stop(); });

const pg = () => server.db.startsWith('postgresql:');

function auditFails(on) {
  if (pg()) {
    sql(server.db, on
      ? "CREATE FUNCTION audit_refused() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$; " +
        'CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refused();'
      : 'DROP TRIGGER audit_refused ON audit_log; DROP FUNCTION audit_refused();');
  } else {
    sql(server.db, on
      ? "CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END;"
      : 'DROP TRIGGER audit_refused;');
  }
}

const count = (table) => Number(sql(server.db, `SELECT count(*) FROM ${table}`)[0]);

test('writes whose audit line fails answer 500 and leave nothing behind', async () => {
  const p = await createPartner(advanced, { name: 'Audited Partner' });
  const account = server.addUser('agency_reader');
  const before = { orgs: count('organizations'), past: count('past_assessments'), audit: count('audit_log'),
    settings: (await admin.get('/api/v1/settings')).json.items.find((s) => s.key === 'validity.years').value };
  auditFails(true);
  try {
    let r = await advanced.post('/api/v1/partners', { name: 'Never Written', type: 'national_ngo', country: 'KE' });
    assertProblem(r, 500, 'internal_error');
    r = await advanced.post('/api/v1/past-assessments', { partner_id: p.id, agency_id: unicef, date: '2024-03-01', rating: 'low' });
    assertProblem(r, 500, 'internal_error');
    r = await admin.patch('/api/v1/settings', { 'validity.years': 3 });
    assertProblem(r, 500, 'internal_error');
    r = await advanced.post('/api/v1/tokens', { name: 'unrecorded' });
    assertProblem(r, 500, 'internal_error');
    // signing in is recorded too: no audit line, no session
    const c = server.client();
    r = await c.post('/api/v1/session', { email: account.email, password: account.password });
    assertProblem(r, 500, 'internal_error');
    assertProblem(await c.get('/api/v1/session'), 401, 'not_signed_in');
    // the command line writes an account and its audit line together, or neither
    const added = psea(['user', 'add', '--db', server.db, '--email', 'unrecorded@test.psea', '--name', 'Unrecorded',
      '--role', 'agency_reader', '--org', 'UNICEF', '--password-stdin'], { input: 'a-long-password\n', allowFail: true });
    assert.equal(added.status, 1);
    assert.equal(count("users WHERE email = 'unrecorded@test.psea'"), 0);
  } finally {
    auditFails(false);
  }
  assert.equal(count('organizations'), before.orgs, 'no partner written');
  assert.equal(count('past_assessments'), before.past, 'no past assessment written');
  assert.equal(count('audit_log'), before.audit);
  assert.equal((await admin.get('/api/v1/settings')).json.items.find((s) => s.key === 'validity.years').value, before.settings);
  assert.equal((await advanced.get(`/api/v1/partners/${p.id}`)).json.psea.status, 'not_assessed');
  assert.equal((await advanced.get('/api/v1/tokens')).json.items.filter((t) => t.name === 'unrecorded').length, 0);

  // once the log works again, the same writes go through and are recorded
  const r = await advanced.post('/api/v1/partners', { name: 'Written Now', type: 'national_ngo', country: 'KE' });
  assert.equal(r.status, 201, r.text);
  assert.equal(count('organizations'), before.orgs + 1);
  assert.equal(count('audit_log'), before.audit + 1);
});

test('a write of several steps whose audit line fails is rolled back whole', async () => {
  const p = await createPartner(advanced, { name: 'Partner Of Many Steps' });
  const focal = await tokenClient(server, 'agency_focal_point');
  const incident = await focal.post('/api/v1/incidents', {
    personnel_category: 'implementing_partner', type: 'sexual_exploitation', source: 'complaint',
    received_at: '2026-06-10T08:00:00Z', incident_date: '2026-06-01', victims: [{ sex: 'female', age_group: 'child', count: 1 }],
  });
  assert.equal(incident.status, 201, incident.text);
  const tables = ['assessments', 'assessment_history', 'assessment_agencies', 'organizations', 'agency_domains', 'incidents',
    'api_tokens WHERE revoked_at IS NULL', 'audit_log'];
  const counts = () => Object.fromEntries(tables.map((t) => [t, count(t)]));
  const before = counts();
  auditFails(true);
  try {
    // the assessment, its agency and its history are written before the audit line
    assertProblem(await advanced.post('/api/v1/assessments', { partner_id: p.id }), 500, 'internal_error');
    // the agency, then its domains
    assertProblem(await admin.post('/api/v1/agencies', { code: 'UNOPS', name: 'UN Office for Project Services',
      domains: ['unops.org'] }), 500, 'internal_error');
    assertProblem(await focal.post('/api/v1/incidents', { personnel_category: 'implementing_partner',
      type: 'sexual_exploitation', source: 'complaint', received_at: '2026-06-10T08:00:00Z', incident_date: '2026-06-01',
      victims: [{ sex: 'female', age_group: 'child', count: 1 }] }), 500, 'internal_error');
    // a read of the register is recorded, so it is refused too
    assertProblem(await focal.get(`/api/v1/incidents/${incident.json.id}`), 500, 'internal_error');
    const tokens = (await advanced.get('/api/v1/tokens')).json.items;
    assertProblem(await advanced.delete(`/api/v1/tokens/${tokens[0].id}`), 500, 'internal_error');
  } finally {
    auditFails(false);
  }
  assert.deepEqual(counts(), before);
  assert.equal((await advanced.get('/api/v1/tokens')).status, 200, 'the token is still good');

  const r = await advanced.post('/api/v1/assessments', { partner_id: p.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(count('assessments'), before.assessments + 1);
});

// A filled offline form for partnerId, rated a few days ago, with one plan activity.
async function filledForm(partnerId) {
  const blank = await advanced.get(`/api/v1/offline-forms/assessment.xlsx?lang=en&partner_id=${partnerId}`);
  assert.equal(blank.status, 200, blank.text);
  const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
  const v = {
    s1_contact: 'Yes', s1_previously_assessed: 'No', verify_rating_date: day(-5),
    plan_act1_standard: '3', plan_act1_description: 'Check references of every new hire',
    plan_act1_responsible: 'HR officer', plan_act1_due_date: day(60),
  };
  for (let k = 1; k <= 8; k++) {
    v[`s2_std${k}_answer`] = k === 8 ? 'Not applicable' : 'Yes';
    v[`verify_std${k}_answer`] = k === 3 ? 'No' : k === 8 ? 'Not applicable' : 'Yes';
  }
  const form = new FormData();
  form.append('file', new Blob([fillWorkbook(blank.body, v)]), 'filled.xlsx');
  return form;
}

test('an offline form whose audit lines fail is not imported: 500, and no assessment, plan or document', async () => {
  const p = await createPartner(advanced, { name: 'Offline Audited Partner' });
  const tables = ['assessments', 'assessment_history', 'csip_plans', 'csip_activities', 'documents', 'audit_log'];
  const counts = () => Object.fromEntries(tables.map((t) => [t, count(t)]));
  const before = counts();
  auditFails(true);
  try {
    assertProblem(await advanced.request('POST', '/api/v1/offline-imports', { form: await filledForm(p.id) }), 500, 'internal_error');
  } finally {
    auditFails(false);
  }
  assert.deepEqual(counts(), before);
  const r = await advanced.request('POST', '/api/v1/offline-imports', { form: await filledForm(p.id) });
  assert.equal(r.status, 201, r.text);
  assert.equal(count('assessments'), before.assessments + 1);
});
