// The partner's standing over time (five-year validity, the last twelve months "expiring",
// expired), migrated past assessments with UNICEF's earlier ratings, partnerships, the
// observation view, the partner list's filters, alerts, and an inadequate corrective action.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, agencyId, createPartner, openAssessment, upload, answers, assertProblem } from './psea.mjs';
import { pdf } from './files.mjs';

const START = '2026-01-15T09:00:00Z';
let server, advanced, editor, reader, whoReader, admin, focal, unicef, who;

before(async () => {
  server = await Server.start({ clock: START });
  advanced = await tokenClient(server, 'agency_advanced_editor');
  editor = await tokenClient(server, 'agency_editor');
  reader = await tokenClient(server, 'agency_reader');
  whoReader = await tokenClient(server, 'agency_reader', 'WHO');
  admin = await tokenClient(server, 'admin');
  focal = await tokenClient(server, 'agency_focal_point');
  unicef = await agencyId(advanced, 'UNICEF');
  who = await agencyId(advanced, 'WHO');
});
after(async () => { await server.stop(); });

async function rate(partnerId, values) {
  const pe = await tokenClient(server, 'partner_editor', `partner:${partnerId}`);
  const a = await openAssessment(advanced, partnerId);
  await pe.put(`/api/v1/assessments/${a.id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false });
  for (let k = 1; k <= 8; k++) if (values[k - 1] === 'yes') await upload(pe, a.id, { file: pdf(), standard: k });
  await pe.put(`/api/v1/assessments/${a.id}/self-assessment`, { answers: answers(values) });
  assert.equal((await pe.post(`/api/v1/assessments/${a.id}/self-assessment/submit`, {})).status, 200);
  await editor.put(`/api/v1/assessments/${a.id}/verification`, { answers: answers(values) });
  const r = await advanced.post(`/api/v1/assessments/${a.id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  return { a: r.json, pe };
}

test('migrated past assessments: ratings and UNICEF\'s earlier risk ratings translated', async () => {
  const p = await createPartner(advanced, { name: 'Migrated One' });
  const url = '/api/v1/past-assessments';
  const base = { partner_id: p.id, agency_id: unicef, date: '2024-03-01' };
  const bad = [
    [{ ...base }, 'rating'],
    [{ ...base, rating: 'full', legacy_sea_risk: 'low' }, 'rating'],
    [{ ...base, rating: 'excellent' }, 'rating'],
    [{ ...base, legacy_sea_risk: 'severe' }, 'legacy_sea_risk'],
    [{ ...base, legacy_sea_score: 5 }, 'legacy_sea_score'],
    [{ ...base, legacy_sea_score: 19 }, 'legacy_sea_score'],
    [{ ...base, legacy_sea_score: '12' }, 'legacy_sea_score'],
    [{ ...base, date: '2026-01-16', rating: 'low' }, 'date'],
    [{ ...base, date: '1 March 2024', rating: 'low' }, 'date'],
    [{ ...base, partner_id: '999999', rating: 'low' }, 'partner_id'],
    [{ ...base, agency_id: p.id, rating: 'low' }, 'agency_id'],
  ];
  for (const [body, field] of bad) {
    const r = await advanced.post(url, body);
    assertProblem(r, 422, 'validation_failed');
    assert.ok(r.json.errors.some((e) => e.field === field), `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal((await advanced.get(`/api/v1/partners/${p.id}`)).json.psea.status, 'not_assessed', 'nothing written');
  const cases = [[{ legacy_sea_risk: 'high' }, 'low'], [{ legacy_sea_risk: 'moderate' }, 'medium'], [{ legacy_sea_risk: 'low' }, 'full'],
    [{ legacy_sea_score: 6 }, 'low'], [{ legacy_sea_score: 8 }, 'low'], [{ legacy_sea_score: 9 }, 'medium'],
    [{ legacy_sea_score: 14 }, 'medium'], [{ legacy_sea_score: 15 }, 'full'], [{ legacy_sea_score: 18 }, 'full'], [{ rating: 'medium' }, 'medium']];
  for (const [extra, rating] of cases) {
    const q = await createPartner(advanced);
    const r = await admin.post(url, { ...base, partner_id: q.id, ...extra });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.rating, rating, JSON.stringify(extra));
    const s = (await reader.get(`/api/v1/partners/${q.id}`)).json.psea;
    assert.deepEqual([s.rating, s.source, s.rating_date, s.valid_until, s.assessed_by.code], [rating, 'migrated', '2024-03-01', '2029-03-01', 'UNICEF']);
  }
  const r = await advanced.post(url, { ...base, legacy_sea_score: 12 });
  assert.equal(r.json.legacy_sea_risk, 'moderate');
});

test('a rating is valid five years, expiring in its last twelve months, then expired', async () => {
  const p = await createPartner(advanced, { name: 'Time Travellers', country: 'UG', type: 'cbo' });
  const { a, pe } = await rate(p.id, ['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'no', 'na']);
  assert.equal(a.rating.valid_until, '2031-01-15');
  await advanced.post('/api/v1/partnerships', { partner_id: p.id, start: '2025-01-01' });
  let s = (await reader.get(`/api/v1/partners/${p.id}`)).json.psea;
  assert.deepEqual([s.status, s.rating, s.expiring], ['valid', 'medium', false]);
  server.setClock('2030-01-14T09:00:00Z');
  assert.equal((await reader.get(`/api/v1/partners/${p.id}`)).json.psea.status, 'valid');
  assert.ok(!(await reader.get('/api/v1/alerts')).json.items.some((x) => x.kind === 'standing_expiring' && x.partner.id === p.id));
  server.setClock('2030-01-15T09:00:00Z');
  s = (await reader.get(`/api/v1/partners/${p.id}`)).json.psea;
  assert.deepEqual([s.status, s.rating, s.expiring], ['expiring', 'medium', true]);
  const alert = (await reader.get('/api/v1/alerts')).json.items.find((x) => x.kind === 'standing_expiring' && x.partner.id === p.id);
  assert.equal(alert.due, '2031-01-15');
  assert.ok(!(await whoReader.get('/api/v1/alerts')).json.items.some((x) => x.partner.id === p.id), 'only agencies working with the partner');
  server.setClock('2031-01-15T09:00:00Z');
  s = (await pe.get(`/api/v1/partners/${p.id}`)).json.psea;
  assert.deepEqual([s.status, s.rating, s.eligible], ['expired', null, null]);
  assert.ok((await reader.get('/api/v1/partners?rating=expired')).json.items.some((x) => x.id === p.id));
  // A reassessment can start; until rated the partner stays expired.
  const again = await openAssessment(advanced, p.id);
  assert.equal(again.status, 'intro');
  server.setClock(START);
});

test('partner list filters and paging; observation across agencies', async () => {
  const tag = `Filter${Date.now()}`;
  const made = [];
  for (const [country, type] of [['SN', 'cbo'], ['SN', 'academic'], ['ML', 'cbo']]) made.push(await createPartner(advanced, { name: `${tag} ${country} ${type}`, country, type }));
  await rate(made[0].id, Array(8).fill('yes'));
  const list = async (q) => (await reader.get(`/api/v1/partners?q=${tag}&${q}`)).json.items.map((x) => x.id);
  assert.deepEqual(await list(''), made.map((m) => m.id));
  assert.deepEqual(await list('country=SN'), [made[0].id, made[1].id]);
  assert.deepEqual(await list('type=cbo'), [made[0].id, made[2].id]);
  assert.deepEqual(await list('rating=full'), [made[0].id]);
  assert.deepEqual(await list('rating=not_assessed'), [made[1].id, made[2].id]);
  assert.deepEqual((await reader.get(`/api/v1/partners?q=${tag.toLowerCase()}%20ml`)).json.items.map((x) => x.id), [made[2].id]);
  await advanced.post('/api/v1/partnerships', { partner_id: made[1].id, start: '2025-06-01' });
  assert.deepEqual(await list(`agency_id=${unicef}`), [made[1].id]);
  assert.deepEqual(await list(`agency_id=${who}`), []);
  const page1 = (await reader.get(`/api/v1/partners?q=${tag}&limit=2`)).json;
  assert.equal(page1.items.length, 2);
  const page2 = (await reader.get(`/api/v1/partners?q=${tag}&limit=2&cursor=${page1.next_cursor}`)).json;
  assert.deepEqual(page2.items.map((x) => x.id), [made[2].id]);
  assert.equal(page2.next_cursor, null);
  for (const q of ['rating=great', 'limit=0', 'agency_id=x', 'cursor=-4']) assertProblem(await reader.get(`/api/v1/partners?${q}`), 400, 'bad_parameter');
  // Observation: WHO sees UNICEF's rating of the partner, and the open assessment to join.
  const obs = (await whoReader.get(`/api/v1/observation?q=${tag}`)).json.items;
  assert.deepEqual(obs.map((o) => o.partner.id), made.map((m) => m.id));
  assert.equal(obs[0].psea.rating, 'full');
  assert.equal(obs[0].psea.assessed_by.code, 'UNICEF');
  assert.deepEqual(obs[0].psea.standards, Array(8).fill('yes'));
  assert.equal(obs[1].psea.status, 'not_assessed');
  assert.deepEqual(obs[1].psea.standards, Array(8).fill(null));
  const open = await openAssessment(advanced, made[2].id);
  assert.equal((await whoReader.get(`/api/v1/observation?q=${tag}&country=ML`)).json.items[0].open_assessment.id, open.id);
  assertProblem(await (await tokenClient(server, 'partner_editor', `partner:${made[0].id}`)).get('/api/v1/observation'), 403, 'forbidden');
});

test('partnerships of the caller\'s agency; bad dates refused', async () => {
  const p = await createPartner(advanced);
  const url = '/api/v1/partnerships';
  for (const body of [{ start: '2025-01-01' }, { partner_id: p.id }, { partner_id: p.id, start: '2025-13-01' },
    { partner_id: p.id, start: '2025-05-01', end: '2025-04-30' }, { partner_id: '999999', start: '2025-01-01' }]) {
    assertProblem(await advanced.post(url, body), 422, 'validation_failed');
  }
  const r = await advanced.post(url, { partner_id: p.id, start: '2025-01-01', end: '2027-12-31' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.agency.code, r.json.start, r.json.end, r.json.active], ['UNICEF', '2025-01-01', '2027-12-31', true]);
  const mine = (await reader.get(`${url}?partner_id=${p.id}`)).json.items;
  assert.deepEqual(mine.map((x) => x.id), [r.json.id]);
  assert.deepEqual((await whoReader.get(`${url}?partner_id=${p.id}`)).json.items, [], 'another agency lists its own');
  assertProblem(await editor.post(url, { partner_id: p.id, start: '2025-01-01' }), 403, 'forbidden');
});

test('an inadequate corrective action makes the partner not eligible until a new rating', async () => {
  const p = await createPartner(advanced, { name: 'Reviewed Partner' });
  await rate(p.id, Array(8).fill('yes'));
  const inc = await focal.post('/api/v1/incidents', {
    personnel_category: 'implementing_partner', type: 'sexual_exploitation', source: 'complaint', partner_id: p.id,
    received_at: '2026-01-10T08:00:00Z', victims: [{ sex: 'female', age_group: 'adult', count: 1 }], actions: [], assistance: [] });
  assert.equal(inc.status, 201, inc.text);
  server.setClock('2026-01-16T09:00:00Z');
  const rv = await focal.post(`/api/v1/incidents/${inc.json.id}/corrective-action-review`, { adequate: false, notes: 'No action taken.' });
  assert.equal(rv.status, 200, rv.text);
  let s = (await reader.get(`/api/v1/partners/${p.id}`)).json.psea;
  assert.deepEqual([s.eligible, s.standards[7], s.rating, s.standards_met], [false, 'no', 'medium', 7]);
  // A new rating, given after the review, says otherwise.
  server.setClock('2026-02-01T09:00:00Z');
  await rate(p.id, Array(8).fill('yes'));
  s = (await reader.get(`/api/v1/partners/${p.id}`)).json.psea;
  assert.deepEqual([s.eligible, s.standards[7], s.rating], [true, 'yes', 'full']);
  server.setClock(START);
});
