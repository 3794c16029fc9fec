// The PSEA capacity assessment, step by step (DOMAIN.md): partners, Section 1, Section 2,
// verification, rating, unlocks, shared partners, history; every bad input refused with
// nothing written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib.mjs';
import { tokenClient, agencyId, createPartner, openAssessment, upload, answers, ALL, assertProblem } from './psea.mjs';
import { pdf, png } from './files.mjs';

const NOW = '2026-11-23T10:00:00Z';
let server, advanced, editor, reader, whoAdvanced, whoEditor, unicef, who;

before(async () => {
  server = await Server.start({ clock: NOW });
  advanced = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  editor = await tokenClient(server, 'agency_editor', 'UNICEF');
  reader = await tokenClient(server, 'agency_reader', 'UNICEF');
  whoAdvanced = await tokenClient(server, 'agency_advanced_editor', 'WHO');
  whoEditor = await tokenClient(server, 'agency_editor', 'WHO');
  unicef = await agencyId(advanced, 'UNICEF');
  who = await agencyId(advanced, 'WHO');
});
after(async () => { await server.stop(); });

// A partner with its own editor, and an assessment opened by UNICEF.
async function freshAssessment() {
  const p = await createPartner(advanced);
  const partnerEditor = await tokenClient(server, 'partner_editor', `partner:${p.id}`);
  const a = await openAssessment(advanced, p.id);
  return { p, a, partnerEditor };
}

async function throughIntro(client, id, extra = {}) {
  const r = await client.put(`/api/v1/assessments/${id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false, ...extra });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// Answers with a document behind each yes, then submit.
async function throughSubmit(client, id, values = Array(8).fill('yes')) {
  for (let k = 1; k <= 8; k++) if (values[k - 1] === 'yes') assert.equal((await upload(client, id, { file: pdf(), standard: k })).status, 201);
  let r = await client.put(`/api/v1/assessments/${id}/self-assessment`, { answers: answers(values) });
  assert.equal(r.status, 200, r.text);
  r = await client.post(`/api/v1/assessments/${id}/self-assessment/submit`, {});
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function verifyAndFinalize(id, values) {
  let r = await editor.put(`/api/v1/assessments/${id}/verification`, { answers: answers(values) });
  assert.equal(r.status, 200, r.text);
  r = await advanced.post(`/api/v1/assessments/${id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test('partners of every covered type are created; governments are refused', async () => {
  for (const type of ['national_ngo', 'international_cso', 'cbo', 'academic', 'red_cross_red_crescent']) {
    const p = await createPartner(advanced, { type });
    assert.equal(p.type, type);
    assert.equal(p.psea.status, 'not_assessed');
    assert.equal(p.psea.rating, null);
  }
  const before = (await advanced.get('/api/v1/partners?limit=200')).json.items.length;
  assertProblem(await advanced.post('/api/v1/partners', { name: 'Ministry', type: 'government', country: 'KE' }), 422, 'partner_type_not_eligible');
  assertProblem(await advanced.post('/api/v1/partners', { name: 'X', type: 'company', country: 'KE' }), 422, 'validation_failed');
  const r = await advanced.post('/api/v1/partners', { type: 'cbo' });
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['country', 'name']);
  assertProblem(await advanced.post('/api/v1/partners', { name: 'x'.repeat(201), type: 'cbo', country: 'KE' }), 422, 'validation_failed');
  assert.equal((await advanced.get('/api/v1/partners?limit=200')).json.items.length, before, 'nothing written');
  assertProblem(await editor.post('/api/v1/partners', { name: 'Y', type: 'cbo', country: 'KE' }), 403, 'forbidden');
});

test('an INGO country office links to its headquarters, whose rating is shown beside its own', async () => {
  const hq = await createPartner(advanced, { type: 'international_cso', country: 'CH', name: 'Global Aid HQ' });
  const co = await createPartner(advanced, { type: 'international_cso', country: 'KE', name: 'Global Aid Kenya', parent_id: hq.id });
  assert.equal(co.parent_id, hq.id);
  assertProblem(await advanced.post('/api/v1/partners', { name: 'NGO office', type: 'national_ngo', country: 'KE', parent_id: hq.id }), 422, 'validation_failed');
  assertProblem(await advanced.post('/api/v1/partners', { name: 'Office of office', type: 'international_cso', country: 'UG', parent_id: co.id }), 422, 'validation_failed');
  assertProblem(await advanced.post('/api/v1/partners', { name: 'Orphan', type: 'international_cso', country: 'UG', parent_id: '999999' }), 422, 'validation_failed');
  // Rate the headquarters; the country office stays not assessed, with the HQ "considered".
  const hqEditor = await tokenClient(server, 'partner_editor', `partner:${hq.id}`);
  const a = await openAssessment(advanced, hq.id);
  await throughIntro(hqEditor, a.id);
  await throughSubmit(hqEditor, a.id);
  await verifyAndFinalize(a.id, Array(8).fill('yes'));
  const r = await advanced.get(`/api/v1/partners/${co.id}`);
  assert.equal(r.json.psea.status, 'not_assessed');
  assert.equal(r.json.headquarters.id, hq.id);
  assert.equal(r.json.headquarters.psea.rating, 'full');
  const coAssessment = await openAssessment(advanced, co.id);
  assert.equal(coAssessment.considered.partner_id, hq.id);
  assert.equal(coAssessment.considered.psea.rating, 'full');
  assert.equal(coAssessment.rating.value, null, 'the headquarters rating never stands in for the office');
});

test('one open assessment per partner: a second agency joins it instead', async () => {
  const { p, a } = await freshAssessment();
  assert.equal(a.status, 'intro');
  assert.equal(a.lead_agency.id, unicef);
  assert.deepEqual(a.agencies.map((x) => x.id), [unicef]);
  assert.equal(a.standards.length, 8);
  assert.equal(a.standards[7].title, 'Corrective action');
  assert.equal(a.history[0].action, 'opened');
  assertProblem(await whoAdvanced.post('/api/v1/assessments', { partner_id: p.id }), 409, 'invalid_state');
  assertProblem(await advanced.post('/api/v1/assessments', { partner_id: '999999' }), 422, 'validation_failed');
  assertProblem(await advanced.post('/api/v1/assessments', {}), 422, 'validation_failed');
  assertProblem(await editor.post('/api/v1/assessments', { partner_id: p.id }), 403, 'forbidden');
  // WHO cannot read it before joining; the partner page tells it there is one to join.
  assertProblem(await whoEditor.get(`/api/v1/assessments/${a.id}`), 404, 'not_found');
  assert.equal((await whoAdvanced.get(`/api/v1/partners/${p.id}`)).json.open_assessment.id, a.id);
  assertProblem(await whoAdvanced.post(`/api/v1/assessments/${a.id}/agencies`, { agency_id: unicef }), 403, 'forbidden');
  assertProblem(await whoAdvanced.post(`/api/v1/assessments/${a.id}/agencies`, { agency_id: 'x' }), 422, 'validation_failed');
  assertProblem(await whoEditor.post(`/api/v1/assessments/${a.id}/agencies`, { agency_id: who }), 403, 'forbidden');
  const j = await whoAdvanced.post(`/api/v1/assessments/${a.id}/agencies`, { agency_id: who });
  assert.equal(j.status, 200, j.text);
  assert.deepEqual(j.json.agencies.map((x) => x.id), [unicef, who]);
  assert.equal((await whoEditor.get(`/api/v1/assessments/${a.id}`)).status, 200);
  assertProblem(await whoAdvanced.post(`/api/v1/assessments/${a.id}/agencies`, { agency_id: who }), 409, 'invalid_state');
});

test('two agencies opening at the same instant get one assessment', async () => {
  const p = await createPartner(advanced);
  const [x, y] = await Promise.all([advanced.post('/api/v1/assessments', { partner_id: p.id }),
    whoAdvanced.post('/api/v1/assessments', { partner_id: p.id })]);
  assert.deepEqual([x.status, y.status].sort(), [201, 409]);
});

test('Section 1: every bad answer refused, nothing written; complete → self_assessment', async () => {
  const { a, partnerEditor } = await freshAssessment();
  const url = `/api/v1/assessments/${a.id}/intro`;
  const prior = (date, extra = {}) => ({ contact_with_beneficiaries: true, previously_assessed: true,
    previous: { agency_id: who, date, rating: 'medium', ...extra } });
  assertProblem(await partnerEditor.put(url, { contact_with_beneficiaries: 'yes' }), 422, 'validation_failed');
  let r = await partnerEditor.put(url, prior('2026-12-01'));
  assertProblem(r, 422, 'validation_failed');
  assert.equal(r.json.errors[0].field, 'previous.date');
  assert.equal(r.json.errors[0].code, 'out_of_range');
  r = await partnerEditor.put(url, prior('2021-11-22'));
  assertProblem(r, 422, 'validation_failed');
  assert.equal(r.json.errors[0].code, 'out_of_range');
  assertProblem(await partnerEditor.put(url, prior('2024-02-30')), 422, 'validation_failed');
  assertProblem(await partnerEditor.put(url, prior('2024-01-10', { rating: 'excellent' })), 422, 'validation_failed');
  assertProblem(await partnerEditor.put(url, prior('2024-01-10', { agency_id: '424242' })), 422, 'validation_failed');
  assertProblem(await partnerEditor.put(url, { previously_assessed: false, previous: { agency_id: who, date: '2024-01-10', rating: 'low' } }), 422, 'validation_failed');
  assertProblem(await partnerEditor.put(url, [1, 2]), 422, 'validation_failed');
  const unchanged = (await partnerEditor.get(`/api/v1/assessments/${a.id}`)).json;
  assert.equal(unchanged.version, a.version, 'nothing written');
  assert.equal(unchanged.intro.contact_with_beneficiaries, null);
  // Half an answer keeps it in intro; the rest completes Section 1.
  r = await partnerEditor.put(url, { contact_with_beneficiaries: false });
  assert.equal(r.json.status, 'intro');
  r = await partnerEditor.put(url, prior('2021-11-23'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'self_assessment');
  assert.deepEqual(r.json.intro.previous, { agency_id: who, date: '2021-11-23', rating: 'medium' });
  assert.equal(r.json.history.at(-1).action, 'intro_completed');
  assert.equal(r.json.history.at(-1).to, 'self_assessment');
  // Once complete, Section 1 cannot become incomplete again.
  assertProblem(await partnerEditor.put(url, { previous: null }), 422, 'validation_failed');
});

test('Section 2: bad answers refused, nothing written', async () => {
  const { a, partnerEditor } = await freshAssessment();
  await throughIntro(partnerEditor, a.id);
  const url = `/api/v1/assessments/${a.id}/self-assessment`;
  const bad = [
    [{ answers: [{ standard: 1, answer: 'maybe' }] }, 'answers[0].answer', 'invalid_value'],
    [{ answers: [{ standard: 3, answer: 'na' }] }, 'answers[0].answer', 'invalid_value'],
    [{ answers: [{ standard: 9, answer: 'yes' }] }, 'answers[0].standard', 'unknown_standard'],
    [{ answers: [{ standard: 0, answer: 'yes' }] }, 'answers[0].standard', 'unknown_standard'],
    [{ answers: [{ standard: '1', answer: 'yes' }] }, 'answers[0].standard', 'unknown_standard'],
    [{ answers: [{ standard: 2, answer: 'yes' }, { standard: 2, answer: 'no' }] }, 'answers[1].standard', 'duplicate'],
    [{ answers: [{ standard: 2, answer: true }] }, 'answers[0].answer', 'invalid_value'],
    [{ answers: [{ standard: 2, comment: 'x'.repeat(10001) }] }, 'answers[0].comment', 'too_long'],
    [{ answers: 'all yes' }, 'answers', 'invalid_type'],
    [{}, 'answers', 'required'],
  ];
  for (const [body, field, code] of bad) {
    const r = await partnerEditor.put(url, body);
    assertProblem(r, 422, 'validation_failed');
    assert.ok(r.json.errors.some((e) => e.field === field && e.code === code), `${JSON.stringify(body)} → ${r.text}`);
  }
  // A valid entry beside an invalid one is not saved either.
  assertProblem(await partnerEditor.put(url, { answers: [{ standard: 1, answer: 'yes' }, { standard: 2, answer: 'perhaps' }] }), 422);
  const x = (await partnerEditor.get(`/api/v1/assessments/${a.id}`)).json;
  assert.ok(x.standards.every((s) => s.self.answer === null), 'nothing written');
  // na is accepted for standard 8 only.
  const ok = await partnerEditor.put(url, { answers: [{ standard: 8, answer: 'na', comment: 'Never had an allegation.' }] });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.standards[7].self.answer, 'na');
  assert.equal(ok.json.standards[7].self.comment, 'Never had an allegation.');
});

test('saving for later: standards left out keep their answer, null clears, comments alone', async () => {
  const { a, partnerEditor } = await freshAssessment();
  await throughIntro(partnerEditor, a.id);
  const url = `/api/v1/assessments/${a.id}/self-assessment`;
  let r = await partnerEditor.put(url, { answers: [{ standard: 1, answer: 'yes', comment: 'Policy of 2024' }, { standard: 2, answer: 'no' }] });
  assert.equal(r.json.standards[0].self.answer, 'yes');
  r = await editor.put(url, { answers: [{ standard: 3, answer: 'no' }, { standard: 1, comment: 'Policy of 2025' }] });
  assert.equal(r.status, 200, 'an agency editor saves on the partner\'s behalf');
  assert.equal(r.json.standards[0].self.answer, 'yes');
  assert.equal(r.json.standards[0].self.comment, 'Policy of 2025');
  r = await partnerEditor.put(url, { answers: [{ standard: 2, answer: null }] });
  assert.deepEqual(r.json.standards.slice(0, 3).map((s) => s.self.answer), ['yes', null, 'no']);
  assert.equal(r.json.self_rating.value, null, 'no preliminary rating with fewer than eight answers');
});

test('two editors saving the same draft at once keep both; a stale If-Match is refused', async () => {
  const { a, partnerEditor } = await freshAssessment();
  await throughIntro(partnerEditor, a.id);
  const url = `/api/v1/assessments/${a.id}/self-assessment`;
  const v = (await partnerEditor.get(`/api/v1/assessments/${a.id}`)).json.version;
  const saves = [];
  for (let k = 1; k <= 8; k++) saves.push((k % 2 ? partnerEditor : editor).put(url, { answers: [{ standard: k, answer: 'no' }] }));
  const results = await Promise.all(saves);
  assert.ok(results.every((r) => r.status === 200));
  const x = (await partnerEditor.get(`/api/v1/assessments/${a.id}`)).json;
  assert.ok(x.standards.every((s) => s.self.answer === 'no'), 'no answer lost');
  assert.equal(x.version, v + 8);
  // With If-Match, the second of two editors holding the same version is refused.
  let r = await partnerEditor.put(url, { answers: [{ standard: 1, answer: 'yes' }] }, { headers: { 'If-Match': `"${x.version}"` } });
  assert.equal(r.status, 200);
  r = await editor.put(url, { answers: [{ standard: 1, answer: 'no' }] }, { headers: { 'If-Match': `"${x.version}"` } });
  assertProblem(r, 409, 'version_conflict');
  const y = (await partnerEditor.get(`/api/v1/assessments/${a.id}`)).json;
  assert.equal(y.standards[0].self.answer, 'yes', 'nothing written by the stale save');
  assertProblem(await editor.put(url, { answers: [] }, { headers: { 'If-Match': 'three' } }), 400, 'bad_if_match');
  assertProblem(await advanced.post(`/api/v1/assessments/${a.id}/self-assessment/submit`, {}, { headers: { 'If-Match': `"${x.version}"` } }), 409, 'version_conflict');
});

test('submitting lists every missing answer and every yes without an approved document', async () => {
  const { a, partnerEditor } = await freshAssessment();
  await throughIntro(partnerEditor, a.id);
  const url = `/api/v1/assessments/${a.id}/self-assessment`;
  let r = await partnerEditor.post(`${url}/submit`, {});
  assertProblem(r, 422, 'incomplete');
  assert.equal(r.json.errors.length, 8);
  await partnerEditor.put(url, { answers: answers(['yes', 'yes', 'no', 'no', 'no', 'no', 'no', null]) });
  assert.equal((await upload(partnerEditor, a.id, { file: pdf(), standard: 1 })).status, 201);
  r = await partnerEditor.post(`${url}/submit`, {});
  assertProblem(r, 422, 'incomplete');
  assert.deepEqual(r.json.errors.map((e) => [e.field, e.code]), [
    ['standards[2].self.documents', 'document_required'], ['standards[8].self.answer', 'required']]);
  assert.equal((await partnerEditor.get(`/api/v1/assessments/${a.id}`)).json.status, 'self_assessment', 'nothing written');
  // A Section 1 document does not count for a standard; one uploaded on the partner's behalf does.
  assert.equal((await upload(partnerEditor, a.id, { file: png(), name: 'x.png', standard: '' })).status, 201);
  assert.equal((await upload(editor, a.id, { file: png(), name: 'y.png', standard: 2 })).status, 201);
  await partnerEditor.put(url, { answers: [{ standard: 8, answer: 'na' }] });
  r = await partnerEditor.post(`${url}/submit`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'submitted');
  assert.deepEqual(r.json.self_rating, { value: 'low', standards_met: 3, eligible: true });
  // The partner can no longer edit.
  assertProblem(await partnerEditor.put(url, { answers: [{ standard: 3, answer: 'yes' }] }), 409, 'invalid_state');
  assertProblem(await partnerEditor.put(`/api/v1/assessments/${a.id}/intro`, { contact_with_beneficiaries: false }), 409, 'invalid_state');
  assertProblem(await upload(partnerEditor, a.id, { file: pdf(), standard: 3 }), 409, 'invalid_state');
  assertProblem(await partnerEditor.post(`${url}/submit`, {}), 409, 'invalid_state');
});

test('verification, finalize and the rating', async () => {
  const { a, partnerEditor } = await freshAssessment();
  await whoAdvanced.post(`/api/v1/assessments/${a.id}/agencies`, { agency_id: who });
  await throughIntro(partnerEditor, a.id);
  const vurl = `/api/v1/assessments/${a.id}/verification`;
  assertProblem(await editor.put(vurl, { answers: ALL('yes') }), 409, 'invalid_state');
  assertProblem(await advanced.post(`/api/v1/assessments/${a.id}/finalize`, {}), 409, 'invalid_state');
  await throughSubmit(partnerEditor, a.id);
  assertProblem(await partnerEditor.put(vurl, { answers: ALL('yes') }), 403, 'forbidden');
  assertProblem(await reader.put(vurl, { answers: ALL('yes') }), 403, 'forbidden');
  assertProblem(await editor.put(vurl, { answers: [{ standard: 4, answer: 'na' }] }), 422, 'validation_failed');
  let r = await editor.put(vurl, { answers: answers(['yes', 'yes', 'yes', 'no', null, null, null, null]) });
  assert.equal(r.json.status, 'verification');
  assert.equal(r.json.history.at(-1).action, 'verification_started');
  // Any editor of a participating agency continues the shared draft.
  r = await whoEditor.put(vurl, { answers: [{ standard: 5, answer: 'yes', comment: 'Hotline seen' }, { standard: 6, answer: 'yes' }] });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.standards.map((s) => s.met), [true, true, true, false, true, true, null, null]);
  assertProblem(await editor.post(`/api/v1/assessments/${a.id}/finalize`, {}), 403, 'forbidden');
  r = await advanced.post(`/api/v1/assessments/${a.id}/finalize`, {});
  assertProblem(r, 422, 'incomplete');
  assert.deepEqual(r.json.errors.map((e) => e.field), ['standards[7].verified.answer', 'standards[8].verified.answer']);
  await editor.put(vurl, { answers: [{ standard: 7, answer: 'yes' }, { standard: 8, answer: 'na' }] });
  r = await whoAdvanced.post(`/api/v1/assessments/${a.id}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'rated');
  assert.equal(r.json.rating.value, 'medium');
  assert.equal(r.json.rating.standards_met, 7);
  assert.equal(r.json.rating.eligible, true);
  assert.equal(r.json.rating.rated_at, NOW);
  assert.equal(r.json.rating.rated_by, whoAdvanced.user.id);
  assert.equal(r.json.rating.valid_until, '2031-11-23');
  assert.deepEqual(r.json.self_rating, { value: 'full', standards_met: 8, eligible: true });
  assert.equal(r.json.history.at(-1).action, 'finalized');
  assertProblem(await editor.put(vurl, { answers: ALL('yes') }), 409, 'invalid_state');
  assertProblem(await advanced.post(`/api/v1/assessments/${a.id}/finalize`, {}), 409, 'invalid_state');
  // The partner's standing follows, and a new assessment may be opened.
  const p = (await partnerEditor.get(`/api/v1/partners/${a.partner.id}`)).json;
  assert.equal(p.psea.rating, 'medium');
  assert.equal(p.psea.valid_until, '2031-11-23');
  assert.equal(p.psea.assessed_by.code, 'WHO');
  assert.deepEqual(p.psea.standards, ['yes', 'yes', 'yes', 'no', 'yes', 'yes', 'yes', 'na']);
});

test('ratings by count; standard 8 verified no makes the partner not eligible', async () => {
  const cases = [
    [['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'], 'full', 8, true],
    [['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'no', 'na'], 'medium', 7, true],
    [['no', 'no', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'], 'medium', 6, true],
    [['no', 'no', 'no', 'yes', 'yes', 'yes', 'yes', 'yes'], 'low', 5, true],
    [['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'no'], 'medium', 7, false],
  ];
  for (const [values, value, met, eligible] of cases) {
    const { a, partnerEditor } = await freshAssessment();
    await throughIntro(partnerEditor, a.id);
    await throughSubmit(partnerEditor, a.id, values);
    const x = await verifyAndFinalize(a.id, values);
    assert.deepEqual([x.rating.value, x.rating.standards_met, x.rating.eligible], [value, met, eligible], values.join());
    const p = (await advanced.get(`/api/v1/partners/${a.partner.id}`)).json.psea;
    assert.equal(p.eligible, eligible);
  }
});

test('unlocking a rating needs a reason, is shown to the partner, and finalizing again re-rates', async () => {
  const { a, partnerEditor } = await freshAssessment();
  await throughIntro(partnerEditor, a.id);
  await throughSubmit(partnerEditor, a.id);
  await verifyAndFinalize(a.id, Array(8).fill('yes'));
  const url = `/api/v1/assessments/${a.id}/unlock-rating`;
  assertProblem(await advanced.post(url, {}), 422, 'validation_failed');
  assertProblem(await advanced.post(url, { reason: '   ' }), 422, 'validation_failed');
  assertProblem(await advanced.post(url, { reason: 'x'.repeat(10001) }), 422, 'validation_failed');
  assertProblem(await editor.post(url, { reason: 'Monitoring' }), 403, 'forbidden');
  assert.equal((await advanced.get(`/api/v1/assessments/${a.id}`)).json.status, 'rated', 'nothing written');
  let r = await advanced.post(url, { reason: 'Monitoring found no reporting channel.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'rating_unlocked');
  assert.equal(r.json.history.at(-1).reason, 'Monitoring found no reporting channel.');
  assertProblem(await advanced.post(url, { reason: 'again' }), 409, 'invalid_state');
  const alerts = (await partnerEditor.get('/api/v1/alerts')).json.items;
  const alert = alerts.find((x) => x.kind === 'rating_unlocked');
  assert.equal(alert.reason, 'Monitoring found no reporting channel.');
  assert.ok((await advanced.get('/api/v1/alerts')).json.items.some((x) => x.kind === 'rating_to_finalize' && x.assessment_id === a.id));
  // The earlier rating stands until the new one.
  assert.equal((await advanced.get(`/api/v1/partners/${a.partner.id}`)).json.psea.rating, 'full');
  r = await editor.put(`/api/v1/assessments/${a.id}/verification`, { answers: [{ standard: 5, answer: 'no' }] });
  assert.equal(r.json.status, 'rating_unlocked');
  r = await advanced.post(`/api/v1/assessments/${a.id}/finalize`, {});
  assert.equal(r.json.status, 'rated');
  assert.equal(r.json.rating.value, 'medium');
  assert.equal((await advanced.get(`/api/v1/partners/${a.partner.id}`)).json.psea.rating, 'medium');
});

test('the partner asks for an unlock; the advanced editor unlocks the self-assessment, answers kept', async () => {
  const { a, partnerEditor } = await freshAssessment();
  await throughIntro(partnerEditor, a.id);
  const url = `/api/v1/assessments/${a.id}/unlock-requests`;
  assertProblem(await partnerEditor.post(url, { reason: 'Too early' }), 409, 'invalid_state');
  await throughSubmit(partnerEditor, a.id, ['yes', 'no', 'no', 'no', 'no', 'no', 'no', 'na']);
  assertProblem(await partnerEditor.post(url, { reason: '' }), 422, 'validation_failed');
  assertProblem(await partnerEditor.post(url, {}), 422, 'validation_failed');
  assertProblem(await editor.post(url, { reason: 'agency cannot ask' }), 403, 'forbidden');
  let r = await partnerEditor.post(url, { reason: 'We adopted a new policy and want to add it.' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.reason, 'We adopted a new policy and want to add it.');
  assert.ok((await advanced.get('/api/v1/alerts')).json.items.some((x) => x.kind === 'unlock_request' && x.assessment_id === a.id));
  const unlock = `/api/v1/assessments/${a.id}/unlock-self-assessment`;
  assertProblem(await advanced.post(unlock, { reason: '' }), 422, 'validation_failed');
  assertProblem(await editor.post(unlock, { reason: 'x' }), 403, 'forbidden');
  r = await advanced.post(unlock, { reason: 'As the partner asked.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'self_assessment');
  assert.equal(r.json.standards[0].self.answer, 'yes', 'previous answers kept as the starting point');
  assert.ok(r.json.unlock_requests[0].resolved_at);
  assert.ok(!(await advanced.get('/api/v1/alerts')).json.items.some((x) => x.kind === 'unlock_request' && x.assessment_id === a.id));
  assertProblem(await advanced.post(unlock, { reason: 'again' }), 409, 'invalid_state');
  r = await partnerEditor.put(`/api/v1/assessments/${a.id}/self-assessment`, { answers: [{ standard: 2, answer: 'yes' }] });
  assert.equal(r.status, 200);
  const actions = r.json.history.map((h) => h.action);
  assert.deepEqual(actions, ['opened', 'intro_completed', 'self_assessment_submitted', 'unlock_requested', 'self_assessment_unlocked']);
  for (const h of r.json.history) { assert.ok(h.at); assert.ok(h.by); }
});

test('accepting a prior assessment rates with its rating and date', async () => {
  const { a, partnerEditor } = await freshAssessment();
  await throughIntro(partnerEditor, a.id, { previously_assessed: true, previous: { agency_id: who, date: '2024-05-10', rating: 'medium' } });
  const url = `/api/v1/assessments/${a.id}/accept-previous`;
  let r = await advanced.post(url, {});
  assertProblem(r, 422, 'validation_failed');
  assert.equal(r.json.errors[0].code, 'document_required');
  assertProblem(await editor.post(url, {}), 403, 'forbidden');
  assertProblem(await partnerEditor.post(url, {}), 403, 'forbidden');
  assert.equal((await upload(partnerEditor, a.id, { file: pdf(), standard: '', title: 'WHO assessment 2024', kind: 'previous_assessment' })).status, 201);
  // a medium rating came with a plan: it is asked for too
  r = await advanced.post(url, {});
  assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(r.json.errors.map((e) => e.code), ['plan_required']);
  assert.equal((await upload(partnerEditor, a.id, { file: pdf(), standard: '', title: 'WHO plan 2024', kind: 'previous_plan' })).status, 201);
  r = await advanced.post(url, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'rated');
  assert.equal(r.json.rating.value, 'medium');
  assert.equal(r.json.rating.rated_at, '2024-05-10T00:00:00Z');
  assert.equal(r.json.rating.valid_until, '2029-05-10');
  assert.equal(r.json.rating.source, 'previous');
  assert.equal(r.json.history.at(-1).action, 'previous_accepted');
  assertProblem(await advanced.post(`/api/v1/assessments/${a.id}/unlock-rating`, { reason: 'x' }), 409, 'invalid_state');
  const p = (await advanced.get(`/api/v1/partners/${a.partner.id}`)).json.psea;
  assert.deepEqual([p.rating, p.rating_date, p.valid_until, p.source], ['medium', '2024-05-10', '2029-05-10', 'previous']);
  // Without a declared prior assessment there is nothing to accept.
  const other = await freshAssessment();
  await throughIntro(other.partnerEditor, other.a.id);
  assertProblem(await advanced.post(`/api/v1/assessments/${other.a.id}/accept-previous`, {}), 422, 'validation_failed');
});

test('comments: participants read, editors write, text required', async () => {
  const { a, partnerEditor } = await freshAssessment();
  const url = `/api/v1/assessments/${a.id}/comments`;
  assertProblem(await partnerEditor.post(url, { text: '' }), 422, 'validation_failed');
  assertProblem(await partnerEditor.post(url, {}), 422, 'validation_failed');
  assertProblem(await reader.post(url, { text: 'readers only read' }), 403, 'forbidden');
  let r = await partnerEditor.post(url, { text: 'Our policy is being translated.' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.text, 'Our policy is being translated.');
  r = await editor.post(url, { text: 'Thank you.' });
  assert.equal(r.status, 201);
  r = await reader.get(url);
  assert.deepEqual(r.json.items.map((c) => c.text), ['Our policy is being translated.', 'Thank you.']);
  r = await reader.get(`${url}?limit=1`);
  assert.equal(r.json.items.length, 1);
  r = await reader.get(`${url}?limit=1&cursor=${r.json.next_cursor}`);
  assert.deepEqual(r.json.items.map((c) => c.text), ['Thank you.']);
  assertProblem(await whoEditor.get(url), 404, 'not_found');
});

test('an unknown or malformed assessment id is a 404', async () => {
  assertProblem(await advanced.get('/api/v1/assessments/999999'), 404, 'not_found');
  assertProblem(await advanced.get('/api/v1/assessments/abc'), 404, 'not_found');
  assertProblem(await advanced.put('/api/v1/assessments/999999/intro', {}), 404, 'not_found');
});
