// Every route of partners and assessments called as every role, and as a partner user of
// another partner, against the roles table of API.md. A denied caller gets 403 when it may know
// the object exists, and 404 when it may not (another partner's data; an assessment its agency
// does not take part in). An allowed caller passes the permission check: the bodies here are
// deliberately invalid (or the status wrong), so nothing changes between calls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, createPartner, openAssessment, upload, agencyId } from './psea.mjs';
import { pdf } from './files.mjs';

let server, ids = {};
const callers = {};
// pr/pe: reader and editor of the assessed partner; xe: editor of another partner;
// ar/ae/aa/fp: UNICEF (the participating agency); wa/we: WHO, not taking part; ad: admin.
const ROLES = { pr: 'partner_reader', pe: 'partner_editor', xe: 'partner_editor', ar: 'agency_reader', ae: 'agency_editor',
  aa: 'agency_advanced_editor', fp: 'agency_focal_point', wa: 'agency_advanced_editor', we: 'agency_editor', ad: 'admin' };

before(async () => {
  server = await Server.start();
  const setup = await tokenClient(server, 'agency_advanced_editor');
  const p = await createPartner(setup);
  const x = await createPartner(setup);
  ids.partner = p.id;
  const orgs = { pr: `partner:${p.id}`, pe: `partner:${p.id}`, xe: `partner:${x.id}`, wa: 'WHO', we: 'WHO' };
  for (const [key, role] of Object.entries(ROLES)) callers[key] = await tokenClient(server, role, orgs[key] || 'UNICEF');
  const a = await openAssessment(setup, p.id);
  ids.assessment = a.id;
  await callers.pe.put(`/api/v1/assessments/${a.id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false });
  ids.document = (await upload(callers.pe, a.id, { file: pdf(), standard: 1 })).json.id;
  ids.who = await agencyId(setup, 'WHO');
});
after(async () => { await server.stop(); });

const ALL = Object.keys(ROLES);
const AGENCY = ['ar', 'ae', 'aa', 'fp', 'wa', 'we'];
const PARTICIPANTS = ['pr', 'pe', 'ar', 'ae', 'aa', 'fp'];
const OUTSIDERS = ['xe', 'wa', 'we']; // do not see the assessment: 404

// [method, path, body|'form', allowed callers, callers answered 404 (the rest of the denied: 403)]
const A = () => `/api/v1/assessments/${ids.assessment}`;
const routes = () => [
  ['GET', '/api/v1/partners', null, [...AGENCY, 'ad'], []],
  ['POST', '/api/v1/partners', {}, ['aa', 'wa', 'ad'], []],
  ['GET', `/api/v1/partners/${ids.partner}`, null, [...AGENCY, 'ad', 'pr', 'pe'], ['xe']],
  ['GET', `/api/v1/partners/${ids.partner}/assessments`, null, [...AGENCY, 'ad', 'pr', 'pe'], ['xe']],
  ['POST', '/api/v1/assessments', {}, ['aa', 'wa'], []],
  ['GET', A(), null, PARTICIPANTS, OUTSIDERS],
  ['PUT', `${A()}/intro`, { contact_with_beneficiaries: 'maybe' }, ['pe', 'ae', 'aa'], OUTSIDERS],
  ['PUT', `${A()}/self-assessment`, { answers: 'none' }, ['pe', 'ae', 'aa'], OUTSIDERS],
  ['POST', `${A()}/self-assessment/submit`, {}, ['pe', 'ae', 'aa'], OUTSIDERS],
  ['PUT', `${A()}/verification`, { answers: 'none' }, ['ae', 'aa'], OUTSIDERS],
  ['POST', `${A()}/finalize`, {}, ['aa'], OUTSIDERS],
  ['POST', `${A()}/unlock-rating`, {}, ['aa'], OUTSIDERS],
  ['POST', `${A()}/unlock-self-assessment`, {}, ['aa'], OUTSIDERS],
  ['POST', `${A()}/unlock-requests`, {}, ['pe'], OUTSIDERS],
  ['POST', `${A()}/accept-previous`, {}, ['aa'], OUTSIDERS],
  ['POST', `${A()}/agencies`, { agency_id: 'none' }, ['aa', 'wa'], ['xe']],
  ['POST', `${A()}/documents`, 'form', ['pe', 'ae', 'aa'], OUTSIDERS],
  ['GET', `/api/v1/documents/${ids.document}`, null, PARTICIPANTS, OUTSIDERS],
  ['GET', `${A()}/comments`, null, PARTICIPANTS, OUTSIDERS],
  ['POST', `${A()}/comments`, { text: '' }, ['pe', 'ae', 'aa'], OUTSIDERS],
  ['GET', '/api/v1/observation', null, AGENCY, []],
  ['GET', '/api/v1/alerts', null, ALL, []],
  ['GET', '/api/v1/partnerships', null, AGENCY, []],
  ['POST', '/api/v1/partnerships', {}, ['aa', 'wa'], []],
  ['POST', '/api/v1/past-assessments', {}, ['aa', 'wa', 'ad'], []],
];

async function call(client, method, path, body) {
  if (body === 'form') {
    const form = new FormData();
    form.append('standard', '1');
    return client.request(method, path, { form }); // no file, no approval: 422 when allowed
  }
  return client.request(method, path, body === null ? {} : { body });
}

test('every route as every role', async () => {
  const version = (await callers.aa.get(A())).json.version;
  const table = [];
  for (const [method, path, body, allowed, hidden] of routes()) {
    for (const key of ALL) {
      const r = await call(callers[key], method, path, body);
      const expected = allowed.includes(key) ? 'allow' : hidden.includes(key) ? 404 : 403;
      const got = [401, 403, 404].includes(r.status) ? r.status : 'allow';
      table.push(`${method} ${path} as ${key}: ${r.status}`);
      assert.equal(got, expected, `${method} ${path} as ${key} (${ROLES[key]}): ${r.status} ${r.text.slice(0, 200)}`);
      if (expected !== 'allow') assert.ok(r.json && r.json.code, 'a problem answer');
      if (expected === 'allow') assert.ok(r.status < 500, `${method} ${path} as ${key}: ${r.status}`);
    }
    const anonymous = await call(server.client(), method, path, body);
    assert.equal(anonymous.status, 401, `${method} ${path} without signing in`);
  }
  assert.equal(table.length, routes().length * ALL.length);
  assert.equal((await callers.aa.get(A())).json.version, version, 'no call changed the assessment');
});

test('a partner never learns of another partner, not even that it exists', async () => {
  const xe = callers.xe;
  assert.equal((await xe.get(`/api/v1/partners/${ids.partner}`)).status, 404);
  assert.equal((await xe.get('/api/v1/partners/999999')).status, 404, 'same answer as for no partner at all');
  assert.equal((await xe.get(A())).status, 404);
  assert.equal((await xe.get('/api/v1/assessments/999999')).status, 404);
  const alerts = (await xe.get('/api/v1/alerts')).json.items;
  assert.ok(alerts.every((x) => x.partner.id !== ids.partner));
  assert.equal((await callers.pe.get(`/api/v1/partners/${ids.partner}`)).json.id, ids.partner);
});
