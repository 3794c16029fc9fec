// A page of standings is loaded at once (observation, the partner list): each partner on it must
// read exactly as it does on its own page. The page mixes every kind of standing, spans more
// partners than one query takes at a time, and has country offices beside their headquarters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, agencyId, createPartner, assertProblem } from './psea.mjs';

const RATED = '2026-01-10T09:00:00Z';
const LATER = '2026-03-01T09:00:00Z'; // a required plan due a month after RATED is overdue by now
const TAG = `Page${Date.now()}`;
let server, advanced, wfpAdvanced, editor, reader, whoReader, focal;
const kinds = {}; // kind → partner
const all = [];   // every partner of the page, in the order created (by id)

before(async () => {
  server = await Server.start({ clock: RATED });
  advanced = await tokenClient(server, 'agency_advanced_editor');
  wfpAdvanced = await tokenClient(server, 'agency_advanced_editor', 'WFP');
  editor = await tokenClient(server, 'agency_editor');
  reader = await tokenClient(server, 'agency_reader');
  whoReader = await tokenClient(server, 'agency_reader', 'WHO');
  focal = await tokenClient(server, 'agency_focal_point');
  await buildPage();
});
after(async () => { assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

async function partner(extra = {}) {
  const p = await createPartner(advanced, { name: `${TAG} ${all.length + 1}`, ...extra });
  all.push(p);
  return p;
}

// Rates the partner now: `unmet` lists the standards verified `no`.
async function rate(p, { unmet = [], contact = true } = {}) {
  const a = await advanced.post('/api/v1/assessments', { partner_id: p.id });
  assert.equal(a.status, 201, a.text);
  const pe = await tokenClient(server, 'partner_editor', `partner:${p.id}`);
  let r = await pe.put(`/api/v1/assessments/${a.json.id}/intro`, { contact_with_beneficiaries: contact, previously_assessed: false });
  assert.equal(r.status, 200, r.text);
  const no = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'no' }));
  await pe.put(`/api/v1/assessments/${a.json.id}/self-assessment`, { answers: no });
  r = await pe.post(`/api/v1/assessments/${a.json.id}/self-assessment/submit`, {});
  assert.equal(r.status, 200, r.text);
  const verified = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: unmet.includes(n) ? 'no' : 'yes' }));
  await editor.put(`/api/v1/assessments/${a.json.id}/verification`, { answers: verified });
  r = await advanced.post(`/api/v1/assessments/${a.json.id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  return { id: a.json.id, pe };
}

// A plan whose activities for every unmet standard are all completed and confirmed by the agency:
// those standards count as met.
async function completedPlan(x, unmet) {
  let r = await editor.post(`/api/v1/assessments/${x.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  const ids = [];
  for (const n of unmet) {
    r = await x.pe.post(`/api/v1/assessments/${x.id}/csip/activities`,
      { standard: n, description: `Standard ${n}`, responsible: 'Manager', due_date: '2026-02-01' });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  assert.equal((await x.pe.post(`/api/v1/assessments/${x.id}/csip/submit`, {})).status, 200);
  assert.equal((await advanced.post(`/api/v1/assessments/${x.id}/csip/approve`, {})).status, 200);
  for (const id of ids) {
    assert.equal((await x.pe.patch(`/api/v1/csip-activities/${id}`, { status: 'completed' })).status, 200);
    assert.equal((await editor.post(`/api/v1/csip-activities/${id}/confirm`, {})).status, 200);
  }
}

async function migrated(p, date, rating) {
  const r = await wfpAdvanced.post('/api/v1/past-assessments', { partner_id: p.id, agency_id: await agencyId(advanced, 'WFP'), date, rating });
  assert.equal(r.status, 201, r.text);
}

async function inadequateReview(p) {
  const inc = await focal.post('/api/v1/incidents', {
    personnel_category: 'implementing_partner', type: 'sexual_exploitation', source: 'complaint', partner_id: p.id,
    received_at: '2026-01-05T08:00:00Z', victims: [{ sex: 'female', age_group: 'adult', count: 1 }], actions: [], assistance: [] });
  assert.equal(inc.status, 201, inc.text);
  const rv = await focal.post(`/api/v1/incidents/${inc.json.id}/corrective-action-review`, { adequate: false, notes: 'None taken.' });
  assert.equal(rv.status, 200, rv.text);
}

// Every kind of standing between partners without one, so that a partner mixed up with another
// of the page (or of another batch of a query) shows.
async function buildPage() {
  const filler = async (n) => { for (let i = 0; i < n; i++) await partner(); };
  await filler(3);
  kinds.required = await partner();
  await rate(kinds.required, { unmet: [3, 5] });                     // medium, contact: a plan is required
  await filler(4);
  kinds.draft = await partner();
  const draft = await rate(kinds.draft, { unmet: [2] });
  assert.equal((await editor.post(`/api/v1/assessments/${draft.id}/csip`, {})).status, 201);
  kinds.full = await partner();
  await rate(kinds.full, { contact: false });                        // full, no plan at all
  await filler(5);
  kinds.byPlan = await partner();
  await completedPlan(await rate(kinds.byPlan, { unmet: [4, 6] }), [4, 6]);
  await filler(30);
  kinds.migrated = await partner();
  await migrated(kinds.migrated, '2024-03-01', 'medium');
  kinds.expired = await partner();
  await migrated(kinds.expired, '2020-06-01', 'full');               // valid until 2025-06-01
  await filler(7);
  kinds.inadequate = await partner();
  await rate(kinds.inadequate);
  await filler(5);
  kinds.hq = await partner({ type: 'international_cso', country: 'CH' });
  await rate(kinds.hq, { contact: false });
  kinds.office = await partner({ type: 'international_cso', country: 'KE', parent_id: kinds.hq.id });
  await filler(4);
  kinds.office2 = await partner({ type: 'international_cso', country: 'UG', parent_id: kinds.hq.id });
  server.setClock('2026-01-20T09:00:00Z');
  await inadequateReview(kinds.inadequate);                           // after its rating
  server.setClock(LATER);
}

async function observation(client, limit) {
  const items = [];
  let cursor = null;
  do {
    const r = await client.get(`/api/v1/observation?q=${TAG}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length <= limit);
    items.push(...r.json.items);
    cursor = r.json.next_cursor;
  } while (cursor);
  return items;
}

test('each partner of an observation page reads as on its own page, whatever the page size', async () => {
  assert.ok(all.length > 64, 'more partners than one query takes at a time (DB_ID_CHUNK)');
  const alone = new Map();
  for (const p of all) {
    const r = await reader.get(`/api/v1/partners/${p.id}`);
    assert.equal(r.status, 200, r.text);
    alone.set(p.id, r.json);
  }
  for (const limit of [200, 65, 7, 1]) {
    const items = await observation(whoReader, limit);
    assert.deepEqual(items.map((i) => i.partner.id), all.map((p) => p.id), `limit ${limit}`);
    for (const item of items) {
      const own = alone.get(item.partner.id);
      assert.deepEqual(item.psea, own.psea, `partner ${item.partner.name}, limit ${limit}`);
      if (own.parent_id) {
        assert.equal(item.headquarters.id, own.parent_id);
        assert.deepEqual(item.headquarters.psea, alone.get(own.parent_id).psea);
        assert.deepEqual(item.headquarters, { id: own.headquarters.id, name: own.headquarters.name, psea: own.headquarters.psea });
      } else {
        assert.equal(item.headquarters, null);
      }
    }
  }
});

test('the page shows each kind of standing as the rules make it', async () => {
  const items = new Map((await observation(reader, 200)).map((i) => [i.partner.id, i]));
  const psea = (kind) => items.get(kinds[kind].id).psea;
  assert.deepEqual([psea('required').status, psea('required').rating, psea('required').csip.required,
    psea('required').csip.status, psea('required').csip.overdue], ['valid', 'medium', true, null, true]);
  assert.equal(psea('required').csip.due, '2026-02-10T09:00:00Z');
  assert.deepEqual([psea('draft').csip.status, psea('draft').csip.overdue], ['draft', true]);
  assert.deepEqual([psea('full').rating, psea('full').csip], ['full', null]);
  assert.deepEqual([psea('byPlan').rating, psea('byPlan').standards_met, psea('byPlan').csip.status],
    ['full', 8, 'completed'], 'standards met by the completed plan');
  assert.deepEqual(psea('byPlan').standards, Array(8).fill('yes'));
  assert.deepEqual([psea('migrated').status, psea('migrated').source, psea('migrated').assessed_by.code, psea('migrated').csip],
    ['valid', 'migrated', 'WFP', null]);
  assert.deepEqual([psea('expired').status, psea('expired').rating, psea('expired').valid_until], ['expired', null, '2025-06-01']);
  assert.deepEqual([psea('inadequate').eligible, psea('inadequate').standards[7], psea('inadequate').rating],
    [false, 'no', 'medium']);
  assert.equal(psea('hq').assessed_by.code, 'UNICEF');
  for (const office of ['office', 'office2']) {
    const item = items.get(kinds[office].id);
    assert.deepEqual([item.psea.status, item.headquarters.id, item.headquarters.psea.rating], ['not_assessed', kinds.hq.id, 'full']);
  }
  const unrated = all.filter((p) => !Object.values(kinds).includes(p) || p === kinds.office || p === kinds.office2);
  for (const p of unrated) assert.equal(items.get(p.id).psea.status, 'not_assessed', p.name);
});

test('the partner list reads the same standings a page at a time, its rating filter too', async () => {
  const items = new Map((await observation(reader, 200)).map((i) => [i.partner.id, i.psea]));
  const list = (await reader.get(`/api/v1/partners?q=${TAG}&limit=200`)).json.items;
  assert.deepEqual(list.map((p) => p.id), all.map((p) => p.id));
  for (const p of list) assert.deepEqual(p.psea, items.get(p.id), p.name);
  const full = (await reader.get(`/api/v1/partners?q=${TAG}&rating=full`)).json.items.map((p) => p.id);
  assert.deepEqual(full, [kinds.full.id, kinds.byPlan.id, kinds.hq.id]);
  const page = (await reader.get(`/api/v1/partners?q=${TAG}&limit=2`)).json;
  assert.deepEqual(page.items.map((p) => p.id), all.slice(0, 2).map((p) => p.id));
  assert.equal(page.next_cursor, all[1].id);
  assertProblem(await (await tokenClient(server, 'partner_editor', `partner:${kinds.full.id}`)).get('/api/v1/observation'), 403, 'forbidden');
});
