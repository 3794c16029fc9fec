// Every rated assessment is reachable from its partner's page: a partner rated full without a
// plan has its assessment linked there (report and unlock within reach); another agency's
// advanced editor joins the rated assessment of a shared partner from the same page; and an
// agency finalizing a reopened rating again keeps the rating's date unless it asks for a new one.
// The set-up goes through the API, which is quicker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue } from './journey.mjs';
import { upload } from '../api/psea.mjs';
import { pdf } from '../api/files.mjs';

let server, browser, agencyApi, partnerId, assessmentId, agency, whoAgency, ratedAt;
const en = catalogue('en');
const ALL_YES = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'yes', comment: '' }));

async function ok(res, what) {
	assert.ok(res.status < 300, `${what}: ${res.status} ${res.text}`);
	return res.json;
}

before(async () => {
	server = await Server.start({ clock: '2026-03-02T09:00:00Z' });
	agencyApi = await server.signIn('agency_advanced_editor', 'UNICEF');
	partnerId = (await ok(await agencyApi.post('/api/v1/partners', { name: 'Horizon Santé Communautaire', type: 'cbo', country: 'SN' }), 'partner')).id;
	assessmentId = (await ok(await agencyApi.post('/api/v1/assessments', { partner_id: partnerId }), 'assessment')).id;
	const partnerApi = await server.signIn('partner_editor', `partner:${partnerId}`);
	const base = `/api/v1/assessments/${assessmentId}`;
	// no contact with beneficiaries and every standard met: full, and no plan
	await ok(await partnerApi.put(`${base}/intro`, { contact_with_beneficiaries: false, previously_assessed: false, previous: null }), 'intro');
	for (let k = 1; k <= 8; k++) await ok(await upload(partnerApi, assessmentId, { file: pdf(), standard: k }), `document ${k}`);
	await ok(await partnerApi.put(`${base}/self-assessment`, { answers: ALL_YES }), 'answers');
	await ok(await partnerApi.post(`${base}/self-assessment/submit`, {}), 'submit');
	await ok(await agencyApi.put(`${base}/verification`, { answers: ALL_YES }), 'verify');
	ratedAt = (await ok(await agencyApi.post(`${base}/finalize`, {}), 'finalize')).rating.rated_at;
	agency = server.addUser('agency_advanced_editor', 'UNICEF', { name: 'Ibrahima Ndiaye', email: 'ibrahima@unicef.org' });
	whoAgency = server.addUser('agency_advanced_editor', 'WHO', { name: 'Wanjiru Otieno', email: 'wanjiru@who.int' });
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('a partner rated full without a plan: its assessment is reachable from the partner page', async () => {
	const psea = (await ok(await agencyApi.get(`/api/v1/partners/${partnerId}`), 'partner')).psea;
	assert.deepEqual([psea.rating, psea.csip], ['full', null]);
	const page = await newPage(browser, server);
	await signIn(page, agency.email);
	await go(page, `/partners/${partnerId}`);
	await page.waitForSelector(`#assessment-${assessmentId}`);
	const item = await page.textContent(`#assessment-item-${assessmentId}`);
	assert.match(item, new RegExp(en('partner.in_force')));
	assert.match(item, new RegExp(en('rating.full')));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'partner-assessments-full-without-plan');
	await page.click(`#assessment-${assessmentId}`);
	await page.waitForSelector('#rating-panel');
	assert.match(await page.textContent('#rating-panel'), new RegExp(en('rating.full')));
	await page.waitForSelector('#go-unlock-rating');
	await page.waitForSelector('#report-pdf');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('another agency joins the rated assessment of a shared partner from the partner page', async () => {
	const page = await newPage(browser, server);
	await signIn(page, whoAgency.email);
	await go(page, `/partners/${partnerId}`);
	await page.waitForSelector(`#join-${assessmentId}`);
	assert.equal(await page.locator(`#assessment-${assessmentId}`).count(), 0, 'no link before joining');
	assert.match(await page.textContent('#assessments-title + ul'), new RegExp(en('rating.full')));
	assert.deepEqual(await axeViolations(page), []);
	await page.click(`#join-${assessmentId}`);
	await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('assessment.joined'))})`);
	await page.waitForSelector('#rating-panel');
	assert.match(await page.textContent('dl'), /WHO/);
	await go(page, `/partners/${partnerId}`);
	await page.waitForSelector(`#assessment-${assessmentId}`);
	assert.equal(await page.locator(`#join-${assessmentId}`).count(), 0, 'no second join once joined');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('finalizing a reopened rating again keeps its date unless the agency asks for a new one', async () => {
	const base = `/api/v1/assessments/${assessmentId}`;
	await ok(await agencyApi.post(`${base}/unlock-rating`, { reason: 'Monitoring visit: standard 6 to look at again.' }), 'unlock');
	// while reopened the rating stays as it was for everyone
	assert.equal((await ok(await agencyApi.get(`/api/v1/partners/${partnerId}`), 'partner')).psea.rating, 'full');
	const page = await newPage(browser, server);
	await signIn(page, agency.email);
	await go(page, `/assessments/${assessmentId}/finalize`);
	await page.waitForSelector('#new-rating-date');
	assert.equal(await page.isChecked('#new-rating-date'), false);
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'finalize-again-keeps-date');
	await page.click('#finalize-confirm');
	await page.waitForSelector('#rating-panel');
	let x = await ok(await agencyApi.get(base), 'assessment');
	assert.deepEqual([x.status, x.rating.rated_at], ['rated', ratedAt]);
	// reopened again, and counted as a new assessment this time
	await ok(await agencyApi.post(`${base}/unlock-rating`, { reason: 'Organisational changes: a full reassessment.' }), 'unlock');
	server.setClock('2026-03-02T11:30:00Z');
	await go(page, `/assessments/${assessmentId}/finalize`);
	await page.waitForSelector('#new-rating-date');
	await page.check('#new-rating-date');
	await page.click('#finalize-confirm');
	await page.waitForSelector('#rating-panel');
	x = await ok(await agencyApi.get(base), 'assessment');
	assert.deepEqual([x.status, ratedAt, x.rating.rated_at], ['rated', '2026-03-02T09:00:00Z', '2026-03-02T11:30:00Z']);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('a prior medium is accepted once its plan is uploaded; it keeps its rating and its plan falls due from the acceptance', async () => {
	server.setClock('2026-03-02T12:00:00Z');
	const p = (await ok(await agencyApi.post('/api/v1/partners', { name: 'Sahel Entraide', type: 'national_ngo', country: 'ML' }), 'partner')).id;
	const id = (await ok(await agencyApi.post('/api/v1/assessments', { partner_id: p }), 'assessment')).id;
	const who = (await ok(await agencyApi.get('/api/v1/agencies'), 'agencies')).items.find((g) => g.code === 'WHO').id;
	const partnerApi = await server.signIn('partner_editor', `partner:${p}`);
	await ok(await partnerApi.put(`/api/v1/assessments/${id}/intro`,
		{ contact_with_beneficiaries: true, previously_assessed: true, previous: { agency_id: who, date: '2024-10-01', rating: 'medium' } }), 'intro');
	await ok(await upload(partnerApi, id, { file: pdf(), standard: '', title: 'WHO assessment', kind: 'previous_assessment' }), 'prior assessment');
	const partnerUser = server.addUser('partner_editor', `partner:${p}`, { name: 'Mariam Coulibaly', email: 'mariam@sahel.test' });

	const a = await newPage(browser, server);
	await signIn(a, agency.email);
	await go(a, `/assessments/${id}`);
	await a.click('#accept-previous');
	await a.waitForSelector('.error-summary');
	assert.match(await a.textContent('.error-summary'), new RegExp(en('error.plan_required').slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

	// the partner adds the plan that came with the prior assessment, in Section 1
	const pp = await newPage(browser, server);
	await signIn(pp, partnerUser.email);
	await go(pp, `/assessments/${id}/intro`);
	const form = pp.locator('form.upload');
	await form.locator('select').selectOption(en('intro.doc_previous_plan'));
	await form.locator('input[type=file]').setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: pdf() });
	await form.locator('input[type=checkbox]').check();
	await form.locator('button[type=submit]').click();
	await pp.waitForSelector('.notice--success');
	assert.deepEqual(pp.errors, []);
	await pp.context().close();

	await go(a, `/assessments/${id}`);
	await a.click('#accept-previous');
	await a.waitForSelector('#rating-panel');
	const panel = await a.textContent('#rating-panel');
	assert.match(panel, new RegExp(en('rating.medium')));
	assert.match(panel, new RegExp(en('assessment.standards_met_prior').replace(/[()]/g, '.')));
	await shot(a, 'accepted-prior-medium');
	const psea = (await ok(await agencyApi.get(`/api/v1/partners/${p}`), 'partner')).psea;
	assert.deepEqual([psea.rating, psea.rating_date, psea.csip.due], ['medium', '2024-10-01', '2026-04-02T12:00:00Z']);
	assert.deepEqual(a.errors, []);
	await a.context().close();
});
