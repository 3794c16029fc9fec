// Every rated assessment is reachable from its partner: psea.assessment_id names the assessment
// behind the rating, GET /api/v1/partners/{id}/assessments lists them all, newest first, for
// whoever may read the partner; and another agency may join a rated assessment of a shared
// partner, to follow its plan and take part in an unlock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, agencyId, createPartner, openAssessment, upload, answers, assertProblem } from './psea.mjs';
import { pdf } from './files.mjs';

let server, advanced, editor, reader, whoAdvanced, whoEditor, whoReader, admin, unicef, who;

before(async () => {
  server = await Server.start({ clock: '2026-02-02T10:00:00Z' });
  advanced = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  editor = await tokenClient(server, 'agency_editor', 'UNICEF');
  reader = await tokenClient(server, 'agency_reader', 'UNICEF');
  whoAdvanced = await tokenClient(server, 'agency_advanced_editor', 'WHO');
  whoEditor = await tokenClient(server, 'agency_editor', 'WHO');
  whoReader = await tokenClient(server, 'agency_reader', 'WHO');
  admin = await tokenClient(server, 'admin');
  unicef = await agencyId(advanced, 'UNICEF');
  who = await agencyId(advanced, 'WHO');
});
// A clean exit: under the sanitizers, a leak in any route used here would make it fail.
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

// Rates the partner now (UNICEF); `unmet` standards verified no.
async function rate(partnerId, { unmet = [], contact = false } = {}) {
  const pe = await tokenClient(server, 'partner_editor', `partner:${partnerId}`);
  const a = await openAssessment(advanced, partnerId);
  await pe.put(`/api/v1/assessments/${a.id}/intro`, { contact_with_beneficiaries: contact, previously_assessed: false });
  const values = Array.from({ length: 8 }, (_, i) => (unmet.includes(i + 1) ? 'no' : 'yes'));
  for (let k = 1; k <= 8; k++) if (values[k - 1] === 'yes') await upload(pe, a.id, { file: pdf(), standard: k });
  await pe.put(`/api/v1/assessments/${a.id}/self-assessment`, { answers: answers(values) });
  assert.equal((await pe.post(`/api/v1/assessments/${a.id}/self-assessment/submit`, {})).status, 200);
  await editor.put(`/api/v1/assessments/${a.id}/verification`, { answers: answers(values) });
  const r = await advanced.post(`/api/v1/assessments/${a.id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  return { id: a.id, pe };
}

const list = async (client, partnerId) => {
  const r = await client.get(`/api/v1/partners/${partnerId}/assessments`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.next_cursor, null);
  return r.json.items;
};

test('a partner rated full without a plan: its assessment is named on the partner and listed', async () => {
  const p = await createPartner(advanced, { name: 'Full Without Plan' });
  const x = await rate(p.id);
  const partner = (await whoReader.get(`/api/v1/partners/${p.id}`)).json;
  assert.deepEqual([partner.psea.rating, partner.psea.csip, partner.psea.assessment_id], ['full', null, x.id]);
  const mine = await list(reader, p.id);
  assert.equal(mine.length, 1);
  assert.deepEqual(
    [mine[0].kind, mine[0].id, mine[0].status, mine[0].source, mine[0].rating, mine[0].standards_met, mine[0].eligible,
      mine[0].rated_at, mine[0].valid_until, mine[0].in_force, mine[0].superseded, mine[0].expired, mine[0].participating],
    ['assessment', x.id, 'rated', 'verified', 'full', 8, true, '2026-02-02T10:00:00Z', '2031-02-02', true, false, false, true]);
  assert.deepEqual(mine[0].agencies.map((g) => g.code), ['UNICEF']);
  assert.equal(mine[0].assessed_by.code, 'UNICEF');
  assert.equal((await reader.get(`/api/v1/assessments/${x.id}`)).status, 200, 'reachable for its agency');
  assert.equal((await reader.get(`/api/v1/assessments/${x.id}/report.pdf`)).status, 200);
  // the partner's own users reach it too
  assert.deepEqual((await list(x.pe, p.id)).map((e) => [e.id, e.participating]), [[x.id, true]]);
  // another agency sees that it exists, its status, dates and rating; not the assessment itself
  const theirs = await list(whoReader, p.id);
  assert.deepEqual([theirs[0].id, theirs[0].rating, theirs[0].in_force, theirs[0].participating], [x.id, 'full', true, false]);
  assertProblem(await whoReader.get(`/api/v1/assessments/${x.id}`), 404, 'not_found');
  // administrators keep partners, not assessments
  assert.deepEqual((await list(admin, p.id)).map((e) => e.participating), [false]);
});

test('the list: open, rated, superseded and migrated, newest first; who may not read the partner gets 404', async () => {
  server.setClock('2026-03-01T10:00:00Z');
  const p = await createPartner(advanced, { name: 'Long History' });
  let r = await admin.post('/api/v1/past-assessments', { partner_id: p.id, agency_id: who, date: '2023-05-04', rating: 'low' });
  assert.equal(r.status, 201, r.text);
  const pastId = r.json.id;
  let s = (await reader.get(`/api/v1/partners/${p.id}`)).json.psea;
  assert.deepEqual([s.source, s.assessment_id], ['migrated', null], 'a migrated rating has no assessment');
  const first = await rate(p.id, { unmet: [7] });
  server.setClock('2026-04-01T10:00:00Z');
  const second = await rate(p.id);
  server.setClock('2026-05-01T10:00:00Z');
  const open = await openAssessment(advanced, p.id);
  const items = await list(reader, p.id);
  assert.deepEqual(items.map((e) => [e.kind, e.id, e.status, e.rating, e.in_force, e.superseded]), [
    ['assessment', open.id, 'intro', null, false, false],
    ['assessment', second.id, 'rated', 'full', true, false],
    ['assessment', first.id, 'rated', 'medium', false, true],
    ['past_assessment', pastId, 'rated', 'low', false, true],
  ]);
  assert.deepEqual([items[3].source, items[3].assessed_by.code, items[3].rated_at, items[3].participating], ['migrated', 'WHO', '2023-05-04T00:00:00Z', false]);
  assert.equal(items[0].created_at, '2026-05-01T10:00:00Z');
  s = (await reader.get(`/api/v1/partners/${p.id}`)).json.psea;
  assert.equal(s.assessment_id, second.id);
  // expired ratings say so
  server.setClock('2031-04-01T10:00:00Z');
  const later = await list(reader, p.id);
  assert.deepEqual(later.slice(1).map((e) => [e.in_force, e.expired]), [[false, true], [false, true], [false, true]]);
  server.setClock('2026-05-01T10:00:00Z');
  const stranger = await tokenClient(server, 'partner_editor', `partner:${(await createPartner(advanced)).id}`);
  assertProblem(await stranger.get(`/api/v1/partners/${p.id}/assessments`), 404, 'not_found');
  assertProblem(await reader.get('/api/v1/partners/999999/assessments'), 404, 'not_found');
  assertProblem(await reader.get(`/api/v1/partners/${unicef}/assessments`), 404, 'not_found');
  assert.equal((await server.client().get(`/api/v1/partners/${p.id}/assessments`)).status, 401);
});

test('another agency joins a rated assessment: reads it, approves and follows the plan, unlocks the rating', async () => {
  server.setClock('2026-06-01T10:00:00Z');
  const p = await createPartner(advanced, { name: 'Shared After Rating' });
  const x = await rate(p.id, { unmet: [4], contact: true });
  let r = await editor.post(`/api/v1/assessments/${x.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  r = await x.pe.post(`/api/v1/assessments/${x.id}/csip/activities`,
    { standard: 4, description: 'Train all staff', responsible: 'HR', due_date: '2026-09-01' });
  assert.equal(r.status, 201, r.text);
  const activity = r.json.id;
  assert.equal((await x.pe.post(`/api/v1/assessments/${x.id}/csip/submit`, {})).status, 200);
  const join = (client, agency = who) => client.post(`/api/v1/assessments/${x.id}/agencies`, { agency_id: agency });
  assertProblem(await join(whoEditor), 403, 'forbidden');
  assertProblem(await join(whoAdvanced, unicef), 403, 'forbidden');
  assertProblem(await whoAdvanced.post(`/api/v1/assessments/${x.id}/csip/approve`, {}), 404, 'not_found');
  r = await join(whoAdvanced);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'rated');
  assert.deepEqual(r.json.agencies.map((g) => g.code), ['UNICEF', 'WHO']);
  assert.equal(r.json.history.at(-1).action, 'agency_joined');
  assertProblem(await join(whoAdvanced), 409, 'invalid_state');
  assert.equal((await whoReader.get(`/api/v1/assessments/${x.id}`)).status, 200);
  assert.equal((await list(whoReader, p.id))[0].participating, true);
  // the plan: approved and followed by the agency that joined
  r = await whoAdvanced.post(`/api/v1/assessments/${x.id}/csip/approve`, {});
  assert.equal(r.status, 200, r.text);
  r = await whoEditor.patch(`/api/v1/csip-activities/${activity}`, { status: 'in_progress' });
  assert.equal(r.status, 200, r.text);
  // the unlock, with its reason
  r = await whoAdvanced.post(`/api/v1/assessments/${x.id}/unlock-rating`, { reason: 'Our monitoring visit found changes.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'rating_unlocked');
  r = await whoAdvanced.post(`/api/v1/assessments/${x.id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rating.rated_at, '2026-06-01T10:00:00Z');
});
