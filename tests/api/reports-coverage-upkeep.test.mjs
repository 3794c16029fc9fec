// Coverage after every kind of write that gives, replaces or adds a rating or a partnership: the
// coverage figures read each partnership's copy of its partner's latest rating, so each step below
// checks that the copy moved with the write. Validity is the default five years; every instant is
// worked out by hand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, psea } from './lib.mjs';
import { tokenClient, upload, answers, ALL } from './psea.mjs';
import { pdf } from './files.mjs';

let server, admin, adv, wfpAdv, readerAccount, agencies;

before(async () => {
  server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
  admin = await tokenClient(server, 'admin', 'UNICEF');
  adv = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  wfpAdv = await tokenClient(server, 'agency_advanced_editor', 'WFP');
  readerAccount = server.addUser('agency_reader', 'UNICEF');
  agencies = Object.fromEntries((await admin.get('/api/v1/agencies')).json.items.map((a) => [a.code, a.id]));
});
after(async () => { await server.stop(); });

async function partner(name) {
  const r = await admin.post('/api/v1/partners', { name, type: 'national_ngo', country: 'KE' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

async function partnership(client, partnerId, start, end) {
  const r = await client.post('/api/v1/partnerships', { partner_id: partnerId, start, ...(end ? { end } : {}) });
  assert.equal(r.status, 201, r.text);
}

async function past(partnerId, agency, date) {
  const r = await admin.post('/api/v1/past-assessments', { partner_id: partnerId, agency_id: agencies[agency], date, rating: 'medium' });
  assert.equal(r.status, 201, r.text);
}

async function step(method, path, body = {}) {
  const r = await adv[method](path, body);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  return r.json;
}

// A verified rating given at the server's current instant; returns the assessment's id.
async function rate(partnerId) {
  const a = await adv.post('/api/v1/assessments', { partner_id: partnerId });
  assert.equal(a.status, 201, a.text);
  const id = a.json.id;
  await step('put', `/api/v1/assessments/${id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false, previous: null });
  await step('put', `/api/v1/assessments/${id}/self-assessment`, { answers: answers(Array(8).fill('no')) });
  await step('post', `/api/v1/assessments/${id}/self-assessment/submit`);
  await step('put', `/api/v1/assessments/${id}/verification`, { answers: ALL('yes') });
  await step('post', `/api/v1/assessments/${id}/finalize`);
  return id;
}

// [active partners, assessed] of each named agency at the instant `at`.
// Read with a session opened at that instant: API tokens end at most ten years after they are
// made, and these readings go eleven years ahead.
async function coverage(at, ...codes) {
  server.setClock(at);
  const reader = server.client();
  const s = await reader.post('/api/v1/session', { email: readerAccount.email, password: readerAccount.password });
  assert.equal(s.status, 200, s.text);
  const r = await reader.get('/api/v1/reports/coverage');
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.json.items.map((i) => [i.agency.code, [i.active_partners, i.assessed]]));
  return codes.map((c) => by[c]);
}

// Each test below has its own agency (FAO, IOM, UNDP, UNFPA), so that their partners do not mix.

test('a rating counts from finalizing, stands while unlocked, and moves with the new rating', async () => {
  const p = await partner('Rerated Relief');
  await partnership(await tokenClient(server, 'agency_advanced_editor', 'FAO'), p, '2020-01-01');
  assert.deepEqual(await coverage('2026-06-15T12:00:00Z', 'FAO'), [[1, 0]]);
  const id = await rate(p); // 2026-06-15T12:00:00Z: valid until 2031-06-15T12:00:00Z
  assert.deepEqual(await coverage('2026-06-15T12:00:00Z', 'FAO'), [[1, 1]]);
  assert.deepEqual(await coverage('2031-06-15T11:59:59Z', 'FAO'), [[1, 1]]);
  assert.deepEqual(await coverage('2031-06-15T12:00:00Z', 'FAO'), [[1, 0]]);

  // unlocked: the recorded rating stands until finalized again
  server.setClock('2028-02-29T10:00:00Z');
  assert.equal((await step('post', `/api/v1/assessments/${id}/unlock-rating`, { reason: 'Monitoring found gaps.' })).status, 'rating_unlocked');
  assert.deepEqual(await coverage('2028-03-01T00:00:00Z', 'FAO'), [[1, 1]]);
  assert.deepEqual(await coverage('2031-06-15T12:00:00Z', 'FAO'), [[1, 0]]);

  // finalized again: a revision keeps the rating's date, and its validity
  server.setClock('2028-02-29T10:00:00Z');
  await step('put', `/api/v1/assessments/${id}/verification`, { answers: [{ standard: 3, answer: 'no' }] });
  assert.equal((await step('post', `/api/v1/assessments/${id}/finalize`)).status, 'rated');
  assert.deepEqual(await coverage('2031-06-15T11:59:59Z', 'FAO'), [[1, 1]]);
  assert.deepEqual(await coverage('2031-06-15T12:00:00Z', 'FAO'), [[1, 0]]);

  // re-rated on 2028-02-29 as a new assessment: valid until 2033-02-28 (no 29th), 10:00
  server.setClock('2028-02-29T10:00:00Z');
  await step('post', `/api/v1/assessments/${id}/unlock-rating`, { reason: 'A full reassessment.' });
  assert.equal((await step('post', `/api/v1/assessments/${id}/finalize`, { new_rating_date: true })).status, 'rated');
  assert.deepEqual(await coverage('2031-06-15T12:00:00Z', 'FAO'), [[1, 1]]);
  assert.deepEqual(await coverage('2033-02-28T09:59:59Z', 'FAO'), [[1, 1]]);
  assert.deepEqual(await coverage('2033-02-28T10:00:00Z', 'FAO'), [[1, 0]]);

  // a later assessment of the same partner takes over from the re-rated one
  server.setClock('2032-01-10T08:00:00Z');
  await rate(p);
  assert.deepEqual(await coverage('2033-02-28T10:00:00Z', 'FAO'), [[1, 1]]);
  assert.deepEqual(await coverage('2037-01-10T07:59:59Z', 'FAO'), [[1, 1]]);
  assert.deepEqual(await coverage('2037-01-10T08:00:00Z', 'FAO'), [[1, 0]]);
});

test('past assessments, recorded or imported, count for every agency of the partner', async () => {
  server.setClock('2026-06-15T12:00:00Z');
  const iom = await tokenClient(server, 'agency_advanced_editor', 'IOM');
  const undp = await tokenClient(server, 'agency_advanced_editor', 'UNDP');
  const p = await partner('Migrated Mission');
  await partnership(iom, p, '2021-01-01');
  await partnership(undp, p, '2021-01-01');
  assert.deepEqual(await coverage('2026-06-15T12:00:00Z', 'IOM', 'UNDP'), [[1, 0], [1, 0]]);
  await past(p, 'WHO', '2022-01-10'); // valid until 2027-01-10
  assert.deepEqual(await coverage('2026-06-15T12:00:00Z', 'IOM', 'UNDP'), [[1, 1], [1, 1]]);
  assert.deepEqual(await coverage('2027-01-10T00:00:00Z', 'IOM', 'UNDP'), [[1, 0], [1, 0]]);

  // an older one changes nothing; a newer one carries validity on
  server.setClock('2026-06-15T12:00:00Z');
  await past(p, 'WHO', '2019-03-01');
  assert.deepEqual(await coverage('2027-01-10T00:00:00Z', 'IOM', 'UNDP'), [[1, 0], [1, 0]]);
  server.setClock('2026-06-15T12:00:00Z');
  await past(p, 'IOM', '2023-05-02'); // valid until 2028-05-02
  assert.deepEqual(await coverage('2027-01-10T00:00:00Z', 'IOM', 'UNDP'), [[1, 1], [1, 1]]);
  assert.deepEqual(await coverage('2028-05-02T00:00:00Z', 'IOM', 'UNDP'), [[1, 0], [1, 0]]);

  // imported from a file by the command line, beside the running server
  server.setClock('2026-06-15T12:00:00Z');
  const dir = mkdtempSync(join(tmpdir(), 'psea-coverage-'));
  const file = join(dir, 'past.csv');
  writeFileSync(file, `partner_id,agency,date,rating,legacy_sea_risk\n${p},UNDP,2024-08-31,,low\n`); // valid until 2029-08-31
  const r = psea(['import', 'past-assessments', '--db', server.db, file], { env: server.env });
  assert.match(r.stdout, /imported 1 past assessment/);
  assert.deepEqual(await coverage('2028-05-02T00:00:00Z', 'IOM', 'UNDP'), [[1, 1], [1, 1]]);
  assert.deepEqual(await coverage('2029-08-30T23:59:59Z', 'IOM', 'UNDP'), [[1, 1], [1, 1]]);
  assert.deepEqual(await coverage('2029-08-31T00:00:00Z', 'IOM', 'UNDP'), [[1, 0], [1, 0]]);
});

test('a partnership made after the rating counts it at once, and a partner counts once', async () => {
  server.setClock('2026-06-15T12:00:00Z');
  const unfpa = await tokenClient(server, 'agency_advanced_editor', 'UNFPA');
  const rated = await partner('Rated First');
  const unrated = await partner('Never Rated');
  await past(rated, 'WFP', '2025-03-03');
  assert.deepEqual(await coverage('2026-06-15T12:00:00Z', 'UNFPA'), [[0, 0]]);
  await partnership(unfpa, rated, '2026-01-01');
  await partnership(unfpa, rated, '2025-06-01'); // overlapping: still one partner
  await partnership(unfpa, unrated, '2026-01-01');
  await partnership(unfpa, unrated, '2026-01-01', '2026-12-31');
  assert.deepEqual(await coverage('2026-06-15T12:00:00Z', 'UNFPA'), [[2, 1]]);
  // the partnership ending on 2026-12-31 still counts that day, and the open-ended one after it
  assert.deepEqual(await coverage('2027-01-01T00:00:00Z', 'UNFPA'), [[2, 1]]);
  assert.deepEqual(await coverage('2030-03-03T00:00:00Z', 'UNFPA'), [[2, 0]]);
});

test('an accepted prior assessment counts from its own date', async () => {
  server.setClock('2026-06-15T12:00:00Z');
  const p = await partner('Previously Assessed');
  await partnership(wfpAdv, p, '2024-01-01');
  const before_ = (await coverage('2026-06-15T12:00:00Z', 'WFP'))[0];
  const a = await adv.post('/api/v1/assessments', { partner_id: p });
  assert.equal(a.status, 201, a.text);
  const id = a.json.id;
  await step('put', `/api/v1/assessments/${id}/intro`, { contact_with_beneficiaries: true, previously_assessed: true,
    previous: { agency_id: agencies.WHO, date: '2022-02-28', rating: 'medium' } });
  assert.equal((await upload(adv, id, { file: pdf(), standard: '', title: 'WHO assessment 2022', kind: 'previous_assessment' })).status, 201);
  assert.equal((await upload(adv, id, { file: pdf(), standard: '', title: 'WHO plan 2022', kind: 'previous_plan' })).status, 201);
  assert.equal((await step('post', `/api/v1/assessments/${id}/accept-previous`)).status, 'rated');
  assert.deepEqual(await coverage('2026-06-15T12:00:00Z', 'WFP'), [[before_[0], before_[1] + 1]]);
  // valid until 2027-02-28: gone from that instant on
  const end = (await coverage('2027-02-28T00:00:00Z', 'WFP'))[0];
  const last = (await coverage('2027-02-27T23:59:59Z', 'WFP'))[0];
  assert.equal(last[1] - end[1], 1);
});
