// Who may record a migrated past assessment, and for which agency: an agency records its own
// earlier ratings, an administrator any agency's; a past assessment older than a verified rating
// is kept in the partner's history without becoming the rating in force.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea } from './lib.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenClient, agencyId, createPartner, openAssessment, upload, answers, assertProblem } from './psea.mjs';
import { pdf } from './files.mjs';

const START = '2026-01-15T09:00:00Z';
const URL_PAST = '/api/v1/past-assessments';
let server, unicefAdvanced, unicefEditor, wfpAdvanced, wfpEditor, admin, reader, unicef, wfp;

before(async () => {
  server = await Server.start({ clock: START });
  unicefAdvanced = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  unicefEditor = await tokenClient(server, 'agency_editor', 'UNICEF');
  wfpAdvanced = await tokenClient(server, 'agency_advanced_editor', 'WFP');
  wfpEditor = await tokenClient(server, 'agency_editor', 'WFP');
  admin = await tokenClient(server, 'admin');
  reader = await tokenClient(server, 'agency_reader', 'WHO');
  unicef = await agencyId(admin, 'UNICEF');
  wfp = await agencyId(admin, 'WFP');
});
after(async () => { await server.stop(); });

const standing = async (partnerId) => (await reader.get(`/api/v1/partners/${partnerId}`)).json.psea;

// A verified rating by UNICEF, finalized at the server's current instant.
async function rateByUnicef(partnerId, values) {
  const pe = await tokenClient(server, 'partner_editor', `partner:${partnerId}`);
  const a = await openAssessment(unicefAdvanced, partnerId);
  await pe.put(`/api/v1/assessments/${a.id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false });
  for (let k = 1; k <= 8; k++) if (values[k - 1] === 'yes') await upload(pe, a.id, { file: pdf(), standard: k });
  await pe.put(`/api/v1/assessments/${a.id}/self-assessment`, { answers: answers(values) });
  assert.equal((await pe.post(`/api/v1/assessments/${a.id}/self-assessment/submit`, {})).status, 200);
  await unicefEditor.put(`/api/v1/assessments/${a.id}/verification`, { answers: answers(values) });
  const r = await unicefAdvanced.post(`/api/v1/assessments/${a.id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test("an agency cannot record a rating in another agency's name", async () => {
  const p = await createPartner(unicefAdvanced, { name: 'Low Capacity Org' });
  let r = await unicefAdvanced.post(URL_PAST, { partner_id: p.id, agency_id: unicef, date: '2025-06-01', rating: 'low' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([(await standing(p.id)).rating, (await standing(p.id)).assessed_by.code], ['low', 'UNICEF']);

  // WFP tries to turn UNICEF's low into full with a more recent date
  r = await wfpAdvanced.post(URL_PAST, { partner_id: p.id, agency_id: unicef, date: '2025-12-01', rating: 'full' });
  assertProblem(r, 403, 'forbidden');
  assert.match(r.json.detail, /agency_id/);
  // also with the agency given as a number, and by the legacy forms
  r = await wfpAdvanced.post(URL_PAST, { partner_id: p.id, agency_id: Number(unicef), date: '2025-12-01', legacy_sea_risk: 'low' });
  assertProblem(r, 403, 'forbidden');
  const s = await standing(p.id);
  assert.deepEqual([s.rating, s.rating_date, s.assessed_by.code], ['low', '2025-06-01', 'UNICEF'], 'nothing written');

  // an agency editor who is not advanced may not record even its own
  assertProblem(await wfpEditor.post(URL_PAST, { partner_id: p.id, agency_id: wfp, date: '2025-12-01', rating: 'full' }), 403, 'forbidden');

  // WFP records its own rating: allowed, and in WFP's name
  r = await wfpAdvanced.post(URL_PAST, { partner_id: p.id, agency_id: wfp, date: '2025-12-01', rating: 'medium' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.agency_id, wfp);
  const after = await standing(p.id);
  assert.deepEqual([after.rating, after.assessed_by.code], ['medium', 'WFP']);
});

test('an administrator records past assessments for any agency', async () => {
  const p = await createPartner(unicefAdvanced);
  for (const [agency, code] of [[unicef, 'UNICEF'], [wfp, 'WFP']]) {
    const r = await admin.post(URL_PAST, { partner_id: p.id, agency_id: agency, date: code === 'WFP' ? '2025-03-01' : '2025-02-01', rating: 'full' });
    assert.equal(r.status, 201, r.text);
  }
  assert.equal((await standing(p.id)).assessed_by.code, 'WFP');
});

test('a past assessment older than a verified rating is kept without becoming the rating in force', async () => {
  const p = await createPartner(unicefAdvanced, { name: 'Verified Partner' });
  const x = await rateByUnicef(p.id, ['yes', 'yes', 'yes', 'no', 'no', 'no', 'no', 'no']);
  assert.equal(x.rating.value, 'low');
  // dated the very day of the verified rating (which was given later that day) and before it
  for (const date of ['2026-01-15', '2025-11-30']) {
    const r = await wfpAdvanced.post(URL_PAST, { partner_id: p.id, agency_id: wfp, date, rating: 'full' });
    assert.equal(r.status, 201, r.text);
    const s = await standing(p.id);
    assert.deepEqual([s.rating, s.source, s.assessed_by.code], ['low', 'verified', 'UNICEF'], date);
  }
  // the command line import keeps the same order
  const file = join(server.dir, 'older.csv');
  writeFileSync(file, `partner_id,agency,date,rating,legacy_sea_risk\n${p.id},WFP,2025-01-10,full,\n`);
  psea(['import', 'past-assessments', '--db', server.db, file], { env: server.env });
  const s = await standing(p.id);
  assert.deepEqual([s.rating, s.source, s.assessed_by.code], ['low', 'verified', 'UNICEF']);
});
