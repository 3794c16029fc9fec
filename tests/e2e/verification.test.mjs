// The partner reads the agency's verification in the browser once its assessment is rated: the
// verified answer and the comment written for it, on the assessment page and on each standard's
// page; before the rating, nothing of the agency's drafts shows. Set-up goes through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue } from './journey.mjs';

let server, browser, agencyApi, editorApi, partner, assessmentId;
const en = catalogue('en');

async function ok(res, what) {
	assert.ok(res.status < 300, `${what}: ${res.status} ${res.text}`);
	return res.json;
}

before(async () => {
	server = await Server.start();
	agencyApi = await server.signIn('agency_advanced_editor', 'UNICEF');
	editorApi = await server.signIn('agency_editor', 'UNICEF');
	const partnerId = (await ok(await agencyApi.post('/api/v1/partners', { name: 'Mizani Youth', type: 'national_ngo', country: 'KE' }), 'partner')).id;
	assessmentId = (await ok(await agencyApi.post('/api/v1/assessments', { partner_id: partnerId }), 'assessment')).id;
	const partnerApi = await server.signIn('partner_editor', `partner:${partnerId}`);
	partner = server.addUser('partner_reader', `partner:${partnerId}`, { name: 'Wanjiru Kamau', email: 'wanjiru@mizani.test' });
	const base = `/api/v1/assessments/${assessmentId}`;
	await ok(await partnerApi.put(`${base}/intro`, { contact_with_beneficiaries: true, previously_assessed: false }), 'intro');
	await ok(await partnerApi.put(`${base}/self-assessment`, { answers: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'no' })) }), 'answers');
	await ok(await partnerApi.post(`${base}/self-assessment/submit`, {}), 'submit');
	const verified = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: n === 5 ? 'no' : 'yes',
		comment: n === 5 ? 'Beneficiaries do not yet know the reporting channels; post them at the distribution sites.' : '' }));
	await ok(await editorApi.put(`${base}/verification`, { answers: verified }), 'verification');
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('the partner sees the verified answers and the comment for it once rated, not before', async () => {
	const page = await newPage(browser, server);
	await signIn(page, partner.email);
	await go(page, `/assessments/${assessmentId}`);
	await page.waitForSelector('#tasks');
	assert.equal(await page.$('#verification-for-partner'), null, 'no draft shows before the rating');
	await go(page, `/assessments/${assessmentId}/standards/5`);
	await page.waitForSelector('#standard-form');
	assert.equal(await page.$('#verified-panel'), null);

	await ok(await agencyApi.post(`/api/v1/assessments/${assessmentId}/finalize`, {}), 'finalize');
	await go(page, `/assessments/${assessmentId}`);
	await page.waitForSelector('#verification-for-partner');
	assert.equal((await page.textContent('#verification-result')).trim(), en('assessment.verification_title'));
	const row5 = await page.textContent('#verified-5');
	assert.match(row5, /post them at the distribution sites/);
	assert.match(row5, new RegExp(en('answer.no')));
	assert.match(await page.textContent('#verified-1'), new RegExp(en('answer.yes')));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'partner-verification');

	await page.click('#verified-5 a');
	await page.waitForSelector('#verified-panel');
	const panel = await page.textContent('#verified-panel');
	assert.match(panel, new RegExp(en('standard.verified_comment')));
	assert.match(panel, /post them at the distribution sites/);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});
