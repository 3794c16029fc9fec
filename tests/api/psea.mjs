// psea.mjs: helpers for the tests of partners and assessments.
import assert from 'node:assert/strict';

// A client authenticated by an API token: unlike a session, it survives moving the clock years ahead.
export async function tokenClient(server, role, org = 'UNICEF') {
  const c = await server.signIn(role, org);
  const t = await c.post('/api/v1/tokens', { name: 'test', expires_in_days: 3650 });
  assert.equal(t.status, 201, t.text);
  const tc = server.client();
  tc.token = t.json.token;
  tc.user = c.user;
  return tc;
}

export async function agencyId(client, code) {
  const r = await client.get('/api/v1/agencies');
  const a = (r.json.items || r.json).find((x) => x.code === code);
  assert.ok(a, `agency ${code}`);
  return a.id;
}

let partnerCount = 0;
export async function createPartner(client, extra = {}) {
  const r = await client.post('/api/v1/partners', { name: `Partner ${++partnerCount}`, type: 'national_ngo', country: 'KE', ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

export async function openAssessment(client, partnerId) {
  const r = await client.post('/api/v1/assessments', { partner_id: partnerId });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

export async function upload(client, assessmentId, { file, name = 'evidence.pdf', standard = '', title = 'Evidence', approved = 'true', kind } = {}) {
  const form = new FormData();
  if (approved !== undefined && approved !== null) form.append('approved', approved);
  form.append('standard', String(standard));
  if (title !== undefined) form.append('title', title);
  if (kind) form.append('kind', kind);
  if (file) form.append('file', new Blob([file]), name);
  return client.request('POST', `/api/v1/assessments/${assessmentId}/documents`, { form });
}

export const ALL = (answer) => Array.from({ length: 8 }, (_, i) => ({ standard: i + 1, answer }));

// Answers: an array of 8 values for standards 1..8.
export const answers = (values) => values.map((answer, i) => ({ standard: i + 1, answer }));

// A page size that crosses many page boundaries on a walk over `matches` partners: about 40,
// never under 7 (smaller pages find no more, and a dense filter would take hundreds of requests).
export function smallLimit(matches) { return Math.max(7, Math.ceil(matches / 40)); }

// Follows next_cursor through /api/v1/observation with the query (filters, sort) at that limit
// (a number, or a function of how many partners came so far); returns every page. Fails when a
// page is too long or the pages do not come to an end (more than maxPages).
export async function walkObservation(client, query, limit, maxPages = 10000) {
  const pages = [];
  let cursor = null;
  let seen = 0;
  do {
    const size = typeof limit === 'function' ? limit(seen) : limit;
    const r = await client.get(`/api/v1/observation?limit=${size}${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, `${query}: ${r.text}`);
    assert.ok(r.json.items.length <= size);
    pages.push(r.json);
    seen += r.json.items.length;
    cursor = r.json.next_cursor;
    assert.ok(pages.length <= maxPages, `${query}: the pages come to an end`);
  } while (cursor);
  return pages;
}

export function assertProblem(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  assert.equal(r.json.status, status);
  if (code) assert.equal(r.json.code, code, r.text);
  assert.ok(r.json.detail && r.json.detail.length > 10, 'a sentence saying what to fix');
}
