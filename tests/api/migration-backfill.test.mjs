// Migration 008 on a database that already holds data: each partnership must get its partner's
// latest rating (the latest of its rated assessments and migrated past assessments), and the
// coverage figures must be the same before and after. The data is written through the API at the
// current schema, the database is then taken back to schema 7 with the engine's own shell
// (sqlite3 or psql), and `psea init` migrates it forward again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea, sql } from './lib.mjs';
import { tokenClient, answers, ALL, upload } from './psea.mjs';
import { pdf } from './files.mjs';

const servers = [];
after(async () => { for (const s of servers.reverse()) await s.stop(); });

// Schema 8's changes undone: the column and its index, the agencies index, the index it replaced.
const BACK_TO_7 = `DROP INDEX partnerships_coverage_rated;
DROP INDEX organizations_kind_code;
ALTER TABLE partnerships DROP COLUMN partner_rated_at;
CREATE INDEX partnerships_coverage ON partnerships(agency_id, partner_id, start_date, end_date);
DELETE FROM schema_version WHERE version = 8;`;

async function rate(adv, partnerId) {
  const a = await adv.post('/api/v1/assessments', { partner_id: partnerId });
  assert.equal(a.status, 201, a.text);
  const steps = [
    ['put', 'intro', { contact_with_beneficiaries: true, previously_assessed: false, previous: null }],
    ['put', 'self-assessment', { answers: answers(Array(8).fill('no')) }],
    ['post', 'self-assessment/submit', {}],
    ['put', 'verification', { answers: ALL('yes') }],
    ['post', 'finalize', {}],
  ];
  for (const [method, path, body] of steps) {
    const r = await adv[method](`/api/v1/assessments/${a.json.id}/${path}`, body);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
  }
}

test('migration 008 fills each partnership with its partner\'s latest rating, and coverage does not move', async () => {
  const server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
  servers.push(server);
  const admin = await tokenClient(server, 'admin', 'UNICEF');
  const adv = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  const wfp = await tokenClient(server, 'agency_advanced_editor', 'WFP');
  const agencies = Object.fromEntries((await admin.get('/api/v1/agencies')).json.items.map((a) => [a.code, a.id]));
  const partner = async (name) => (await admin.post('/api/v1/partners', { name, type: 'cbo', country: 'KE' })).json.id;
  const past = async (id, agency, date) => {
    const r = await admin.post('/api/v1/past-assessments', { partner_id: id, agency_id: agencies[agency], date, rating: 'medium' });
    assert.equal(r.status, 201, r.text);
  };
  const partnership = async (client, id, start, end) => {
    const r = await client.post('/api/v1/partnerships', { partner_id: id, start, ...(end ? { end } : {}) });
    assert.equal(r.status, 201, r.text);
  };
  // Rated here, with an older migrated assessment: the rating is the latest.
  const rated = await partner('Rated here');
  await past(rated, 'WFP', '2020-03-01');
  server.setClock('2026-05-02T08:00:00Z');
  await rate(adv, rated);
  // Only migrated assessments, the later one expired by now.
  const migrated = await partner('Migrated twice');
  await past(migrated, 'UNICEF', '2019-01-10');
  await past(migrated, 'WFP', '2021-05-01');
  // Rated long ago, then a migrated assessment dated after it.
  server.setClock('2021-02-01T10:00:00Z');
  const both = await partner('Rated then migrated');
  await rate(adv, both);
  server.setClock('2026-06-15T12:00:00Z');
  await past(both, 'UNHCR', '2023-09-30');
  const never = await partner('Never rated');
  for (const id of [rated, migrated, both, never]) await partnership(adv, id, '2025-01-01');
  await partnership(wfp, rated, '2024-01-01', '2027-12-31');
  await partnership(wfp, both, '2020-01-01', '2022-01-01'); // ended: not active
  const coverage = async (client) => (await client.get('/api/v1/reports/coverage')).json;
  const figures = await coverage(admin);
  const unicef = figures.items.find((x) => x.agency.code === 'UNICEF');
  assert.deepEqual([unicef.active_partners, unicef.assessed], [4, 2], 'rated here, and rated then migrated in 2023');

  const latest = 'SELECT partner_id, agency_id, coalesce(partner_rated_at, -1) FROM partnerships ORDER BY id';
  const before = sql(server.db, latest);
  assert.equal(before.length, 6);
  await server.stop({ keep: true });

  sql(server.db, BACK_TO_7);
  assert.throws(() => sql(server.db, 'SELECT partner_rated_at FROM partnerships'), 'the column is gone');
  const init = psea(['init', '--db', server.db]);
  assert.match(init.stdout + init.stderr, /1 migration|008|applied/i, init.stdout);
  assert.deepEqual(sql(server.db, latest), before, 'each partnership holds the same instant as one kept up by the store');
  const expected = {
    [rated]: Date.parse('2026-05-02T08:00:00Z') / 1000, [migrated]: Date.parse('2021-05-01T00:00:00Z') / 1000,
    [both]: Date.parse('2023-09-30T00:00:00Z') / 1000, [never]: -1,
  };
  for (const row of before) {
    const [partnerId, , at] = row.split('|');
    assert.equal(Number(at), expected[partnerId], `partner ${partnerId}`);
  }
  assert.deepEqual(sql(server.db, "SELECT count(*) FROM schema_version WHERE version = 8"), ['1']);

  const again = await Server.start({ clock: '2026-06-15T12:00:00Z', db: server.db });
  servers.push(again);
  const admin2 = again.client();
  admin2.token = admin.token; // the token lives in the database the new server serves
  assert.deepEqual(await coverage(admin2), figures);
});

// Schema 11's changes undone: what each rating kept of its own.
const BACK_TO_10 = `ALTER TABLE assessment_answers DROP COLUMN rated_answer;
ALTER TABLE assessments DROP COLUMN rating_full_min;
ALTER TABLE assessments DROP COLUMN rating_medium_min;
ALTER TABLE assessments DROP COLUMN decided_at;
DELETE FROM schema_version WHERE version = 11;`;

test('migration 011 gives ratings already given their answers, bands and the instant they were decided', async () => {
  const server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
  servers.push(server);
  const adv = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  const admin = await tokenClient(server, 'admin', 'UNICEF');
  const partner = async (name) => (await admin.post('/api/v1/partners', { name, type: 'cbo', country: 'KE' })).json.id;
  // rated here: standard 3 verified no, medium
  const rated = await partner('Rated before 011');
  const a = (await adv.post('/api/v1/assessments', { partner_id: rated })).json.id;
  for (const [method, path, body] of [
    ['put', 'intro', { contact_with_beneficiaries: false, previously_assessed: false, previous: null }],
    ['put', 'self-assessment', { answers: answers(Array(8).fill('no')) }],
    ['post', 'self-assessment/submit', {}],
    ['put', 'verification', { answers: answers(['yes', 'yes', 'no', 'yes', 'yes', 'yes', 'yes', 'yes']) }],
    ['post', 'finalize', {}],
  ]) assert.equal((await adv[method](`/api/v1/assessments/${a}/${path}`, body)).status, 200, path);
  // a prior medium accepted on 2026-06-15, long after its date
  const prior = await partner('Accepted before 011');
  const b = (await adv.post('/api/v1/assessments', { partner_id: prior })).json.id;
  const who = (await admin.get('/api/v1/agencies')).json.items.find((g) => g.code === 'WHO').id;
  assert.equal((await adv.put(`/api/v1/assessments/${b}/intro`, { contact_with_beneficiaries: true, previously_assessed: true,
    previous: { agency_id: who, date: '2023-01-20', rating: 'medium' } })).status, 200);
  for (const kind of ['previous_assessment', 'previous_plan']) assert.equal((await upload(adv, b, { file: pdf(), standard: '', kind })).status, 201);
  assert.equal((await adv.post(`/api/v1/assessments/${b}/accept-previous`, {})).status, 200);
  const standing = async (client, id) => (await client.get(`/api/v1/partners/${id}`)).json.psea;
  const before = [await standing(adv, rated), await standing(adv, prior)];
  assert.equal(before[1].csip.due, '2026-07-15T12:00:00Z');
  await server.stop({ keep: true });

  sql(server.db, BACK_TO_10);
  psea(['init', '--db', server.db]);
  assert.deepEqual(sql(server.db, 'SELECT count(*) FROM schema_version WHERE version = 11'), ['1']);
  assert.deepEqual(sql(server.db, `SELECT rating_full_min, rating_medium_min FROM assessments WHERE id = ${a}`), ['8|6']);
  assert.deepEqual(sql(server.db, `SELECT count(*) FROM assessment_answers WHERE assessment_id = ${a} AND side = 'verified' AND rated_answer = answer`), ['8']);

  const again = await Server.start({ clock: '2026-06-20T12:00:00Z', db: server.db });
  servers.push(again);
  const adv2 = again.client();
  adv2.token = adv.token;
  assert.deepEqual([await standing(adv2, rated), await standing(adv2, prior)], before, 'the same standings');
  // the rating given before the migration stands while it is unlocked and its verification redrafted
  assert.equal((await adv2.post(`/api/v1/assessments/${a}/unlock-rating`, { reason: 'Monitoring.' })).status, 200);
  assert.equal((await adv2.put(`/api/v1/assessments/${a}/verification`, { answers: [{ standard: 1, answer: 'no' }] })).status, 200);
  const unlocked = await standing(adv2, rated);
  assert.deepEqual([unlocked.rating, unlocked.standards_met, unlocked.standards], [before[0].rating, 7, before[0].standards]);
});
