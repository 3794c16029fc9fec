// psea demo: partners in every status of the process, documents included, so that a newcomer
// sees the whole of it; the demonstration's partner accounts have an assessment under way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea } from './lib.mjs';

let server, out;
before(async () => {
  server = await Server.start();
  out = psea(['demo', '--db', server.db, '--data', server.data], { env: server.env }).stdout;
});
after(async () => { await server.stop(); });

async function signIn(email) {
  const c = server.client();
  const r = await c.post('/api/v1/session', { email, password: 'demo-password' });
  assert.equal(r.status, 200, r.text);
  c.csrf = r.json.csrf_token;
  return c;
}

test('the demonstration prints one account per role', () => {
  for (const role of ['admin', 'agency_advanced_editor', 'agency_editor', 'agency_reader', 'agency_focal_point', 'partner_editor', 'partner_reader'])
    assert.match(out, new RegExp(`\\s${role}\\n`));
});

test('partners in every status, every standing', async () => {
  const reader = await signIn('reader@unicef.demo.psea');
  const items = (await reader.get('/api/v1/observation?limit=200')).json.items;
  assert.ok(items.length >= 15);
  const open = new Set(items.map((i) => i.open_assessment?.status).filter(Boolean));
  for (const s of ['intro', 'self_assessment', 'submitted', 'verification', 'rating_unlocked']) assert.ok(open.has(s), s);
  const ratings = new Set(items.map((i) => i.psea.rating));
  for (const r of ['full', 'medium', 'low']) assert.ok(ratings.has(r), r);
  const statuses = new Set(items.map((i) => i.psea.status));
  for (const s of ['not_assessed', 'valid', 'expiring', 'expired']) assert.ok(statuses.has(s), s);
  assert.ok(items.some((i) => i.psea.eligible === false), 'a partner not eligible');
  assert.ok(items.some((i) => i.psea.source === 'migrated'), 'a migrated past assessment');
  const office = items.find((i) => i.partner.parent_id);
  assert.equal(office.headquarters.psea.rating, 'full', 'an INGO country office with its headquarters assessed');
  const shared = items.find((i) => i.open_assessment?.agencies.length === 2);
  assert.ok(shared, 'a partner shared by two agencies');
  const alerts = (await reader.get('/api/v1/alerts')).json.items.map((a) => a.kind);
  for (const k of ['verification_to_do', 'rating_to_finalize', 'standing_expiring']) assert.ok(alerts.includes(k), k);
});

test('the partner editor has a self-assessment under way, with documents to download', async () => {
  const pe = await signIn('editor@partner.demo.psea');
  const me = (await pe.get('/api/v1/session')).json.user;
  const partner = (await pe.get(`/api/v1/partners/${me.organization.id}`)).json;
  assert.equal(partner.open_assessment.status, 'self_assessment');
  const a = (await pe.get(`/api/v1/assessments/${partner.open_assessment.id}`)).json;
  assert.deepEqual(a.standards.map((s) => s.self.answer), ['yes', 'yes', 'no', null, null, null, null, null]);
  const doc = a.standards[0].self.documents[0];
  const file = await pe.get(`/api/v1/documents/${doc.id}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.match(file.text, /^%PDF-/);
  assert.ok((await pe.get('/api/v1/alerts')).json.items.some((x) => x.kind === 'self_assessment_to_fill'));
});

test('the demonstration register counts its partners\' allegations as the API records them', async () => {
  const focal = await signIn('focal@unicef.demo.psea');
  const year = new Date().getUTCFullYear();
  const list = (await focal.get('/api/v1/incidents?limit=200')).json.items;
  assert.ok(list.length > 0);
  for (const i of list) {
    if (i.source === 'self_disclosure' || i.partner_id || i.personnel_category === 'implementing_partner')
      assert.equal(i.pertains_to_partner, true, `allegation ${i.id} concerns a partner`);
  }
  const figures = (await focal.get(`/api/v1/reports/incidents?year=${year}`)).json;
  assert.ok(figures.pertaining_to_partners >= figures.self_disclosed, JSON.stringify(figures));
});
