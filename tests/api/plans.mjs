// plans.mjs: helpers for the tests of capacity strengthening plans: a rated partner, an active
// plan, alerts by kind.
import assert from 'node:assert/strict';
import { tokenClient } from './psea.mjs';

let partners = 0;

// The agency clients a plan test needs, all of UNICEF: advanced editor, editor, reader.
export async function agencyClients(server) {
  return {
    advanced: await tokenClient(server, 'agency_advanced_editor', 'UNICEF'),
    editor: await tokenClient(server, 'agency_editor', 'UNICEF'),
    reader: await tokenClient(server, 'agency_reader', 'UNICEF'),
  };
}

// A partner rated at the server's clock: `unmet` lists the standards verified `no`.
export async function ratedPartner(server, { advanced, editor }, { unmet = [3, 5], contact = true, name } = {}) {
  const p = await advanced.post('/api/v1/partners', { name: name || `Plan partner ${++partners}`, type: 'national_ngo', country: 'KE' });
  assert.equal(p.status, 201, p.text);
  const partnerId = p.json.id;
  const a = await advanced.post('/api/v1/assessments', { partner_id: partnerId });
  assert.equal(a.status, 201, a.text);
  const id = a.json.id;
  const partnerEditor = await tokenClient(server, 'partner_editor', `partner:${partnerId}`);
  let r = await partnerEditor.put(`/api/v1/assessments/${id}/intro`,
    { contact_with_beneficiaries: contact, previously_assessed: false, previous: null });
  assert.equal(r.status, 200, r.text);
  const noAnswers = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'no', comment: 'to be built' }));
  r = await partnerEditor.put(`/api/v1/assessments/${id}/self-assessment`, { answers: noAnswers });
  assert.equal(r.status, 200, r.text);
  r = await partnerEditor.post(`/api/v1/assessments/${id}/self-assessment/submit`, {});
  assert.equal(r.status, 200, r.text);
  await verify(editor, id, unmet);
  r = await advanced.post(`/api/v1/assessments/${id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  return { id, partnerId, partnerEditor };
}

// Saves verified answers: `no` for the standards in unmet, `yes` for the others.
export async function verify(editor, id, unmet) {
  const verified = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: unmet.includes(n) ? 'no' : 'yes', comment: 'checked' }));
  const r = await editor.put(`/api/v1/assessments/${id}/verification`, { answers: verified });
  assert.equal(r.status, 200, r.text);
}

export const activity = (standard, extra = {}) => ({
  standard, description: `Strengthen standard ${standard}`, responsible: 'Programme manager', due_date: '2030-12-01', ...extra,
});

// A plan started by `creator`, one activity per standard in `unmet`, submitted by the partner and
// approved; returns the activity ids by standard.
export async function activePlan(ctx, { advanced, editor }, unmet = [3, 5], creator = editor) {
  let r = await creator.post(`/api/v1/assessments/${ctx.id}/csip`, {});
  assert.equal(r.status, 201, r.text);
  const ids = {};
  for (const n of unmet) {
    r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/activities`, activity(n));
    assert.equal(r.status, 201, r.text);
    ids[n] = r.json.id;
  }
  r = await ctx.partnerEditor.post(`/api/v1/assessments/${ctx.id}/csip/submit`, {});
  assert.equal(r.status, 200, r.text);
  r = await advanced.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {});
  assert.equal(r.status, 200, r.text);
  return ids;
}

// The caller's alerts of one kind about one assessment.
export async function alertsOf(client, kind, assessmentId) {
  const r = await client.get('/api/v1/alerts');
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((x) => x.kind === kind && (!assessmentId || x.assessment_id === assessmentId));
}

export async function historyOf(client, id) {
  const r = await client.get(`/api/v1/assessments/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json.history;
}
