// Documents in the browser after the fact. Withdrawing: the partner sees "Withdraw" beside the
// files it uploaded (not beside the agency's), confirms with a reason, and the file leaves the
// standard's page while the history says so; the agency withdraws its own upload the same way.
// Evidence of a plan activity: after the rating, the partner adds a file to an activity on the
// plan's page, and can withdraw it while the activity is open. Set-up goes through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue } from './journey.mjs';
import { pdf } from '../api/files.mjs';

let server, browser, partner, agency, assessmentId, partnerDoc, agencyDoc, agencyApi, editorApi;
const en = catalogue('en');

async function ok(res, what) {
	assert.ok(res.status < 300, `${what}: ${res.status} ${res.text}`);
	return res.json;
}

function uploadForm(title, standard) {
	const form = new FormData();
	form.append('approved', 'true');
	form.append('standard', String(standard));
	form.append('title', title);
	form.append('file', new Blob([pdf()]), 'file.pdf');
	return form;
}

before(async () => {
	server = await Server.start();
	agencyApi = await server.signIn('agency_advanced_editor', 'UNICEF');
	editorApi = await server.signIn('agency_editor', 'UNICEF');
	const partnerId = (await ok(await agencyApi.post('/api/v1/partners', { name: 'Nuru Women Network', type: 'cbo', country: 'TZ' }), 'partner')).id;
	assessmentId = (await ok(await agencyApi.post('/api/v1/assessments', { partner_id: partnerId }), 'assessment')).id;
	const partnerApi = await server.signIn('partner_editor', `partner:${partnerId}`);
	partner = server.addUser('partner_editor', `partner:${partnerId}`, { name: 'Neema Mushi', email: 'neema@nuru.test' });
	agency = server.addUser('agency_editor', 'UNICEF', { name: 'Joseph Otieno', email: 'joseph@unicef.org' });
	const base = `/api/v1/assessments/${assessmentId}`;
	await ok(await partnerApi.put(`${base}/intro`, { contact_with_beneficiaries: true, previously_assessed: false }), 'intro');
	partnerDoc = (await ok(await partnerApi.request('POST', `${base}/documents`, { form: uploadForm('Old code of conduct', 1) }), 'upload')).id;
	agencyDoc = (await ok(await agencyApi.request('POST', `${base}/documents`, { form: uploadForm('Agreement template', 1) }), 'upload')).id;
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('the partner withdraws the file it uploaded, with a reason, not the agency\'s', async () => {
	const page = await newPage(browser, server);
	await signIn(page, partner.email);
	await go(page, `/assessments/${assessmentId}/standards/1`);
	await page.waitForSelector(`#document-${partnerDoc}`);
	assert.equal(await page.locator(`#withdraw-${partnerDoc}`).count(), 1);
	assert.equal(await page.locator(`#withdraw-${agencyDoc}`).count(), 0, 'the agency\'s upload is not the partner\'s to withdraw');
	await page.click(`#withdraw-${partnerDoc}`);
	await page.waitForSelector(`#withdraw-confirm-${partnerDoc}:not([hidden])`);
	// cancelling changes nothing
	await page.click(`#withdraw-no-${partnerDoc}`);
	assert.equal(await page.isVisible(`#withdraw-confirm-${partnerDoc}`), false);
	await page.click(`#withdraw-${partnerDoc}`);
	await page.fill(`#withdraw-reason-${partnerDoc}`, 'Replaced by the signed version');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'withdraw-confirm');
	await page.click(`#withdraw-yes-${partnerDoc}`);
	await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('document.withdrawn', { title: 'Old code of conduct' }))})`);
	assert.equal(await page.locator(`#document-${partnerDoc}`).count(), 0);
	assert.equal(await page.locator(`#document-${agencyDoc}`).count(), 1);
	await go(page, `/assessments/${assessmentId}`);
	await page.waitForSelector('#history');
	const history = await page.textContent('.timeline');
	assert.match(history, new RegExp(en('event.document_withdrawn')));
	assert.match(history, /Replaced by the signed version/);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('the agency withdraws the file it uploaded on the partner\'s behalf', async () => {
	const page = await newPage(browser, server);
	await signIn(page, agency.email);
	await go(page, `/assessments/${assessmentId}/standards/1`);
	await page.waitForSelector(`#document-${agencyDoc}`);
	await page.click(`#withdraw-${agencyDoc}`);
	await page.click(`#withdraw-yes-${agencyDoc}`);
	await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('document.withdrawn', { title: 'Agreement template' }))})`);
	assert.equal(await page.locator(`#document-${agencyDoc}`).count(), 0);
	assert.match(await page.textContent('#docs + p + *'), new RegExp(en('document.none')));
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('after the rating the partner adds evidence of a plan activity, and withdraws it while the activity is open', async () => {
	const partnerId = (await ok(await agencyApi.post('/api/v1/partners', { name: 'Upendo Care', type: 'national_ngo', country: 'TZ' }), 'partner')).id;
	const id = (await ok(await agencyApi.post('/api/v1/assessments', { partner_id: partnerId }), 'assessment')).id;
	const partnerApi = await server.signIn('partner_editor', `partner:${partnerId}`);
	const user = server.addUser('partner_editor', `partner:${partnerId}`, { name: 'Baraka Said', email: 'baraka@upendo.test' });
	const base = `/api/v1/assessments/${id}`;
	await ok(await partnerApi.put(`${base}/intro`, { contact_with_beneficiaries: true, previously_assessed: false }), 'intro');
	await ok(await partnerApi.put(`${base}/self-assessment`, { answers: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'no' })) }), 'answers');
	await ok(await partnerApi.post(`${base}/self-assessment/submit`, {}), 'submit');
	await ok(await editorApi.put(`${base}/verification`, { answers: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: n === 4 ? 'no' : 'yes' })) }), 'verify');
	await ok(await agencyApi.post(`${base}/finalize`, {}), 'finalize');
	await ok(await editorApi.post(`${base}/csip`, {}), 'plan');
	const activity = await ok(await partnerApi.post(`${base}/csip/activities`, { standard: 4, description: 'Train every staff member', responsible: 'HR officer', due_date: '2099-06-30' }), 'activity');
	await ok(await partnerApi.post(`${base}/csip/submit`, {}), 'submit plan');
	await ok(await agencyApi.post(`${base}/csip/approve`, {}), 'approve');

	const page = await newPage(browser, server);
	await signIn(page, user.email);
	await go(page, `/assessments/${id}/plan`);
	await page.waitForSelector('#activity-evidence form');
	// nothing chosen: told what is missing
	await page.click('#activity-evidence button[type=submit]');
	await page.waitForSelector('[data-field="activity_id"].field--error');
	await page.selectOption('#activity-evidence select[id$="-activity"]', String(activity.id));
	await page.selectOption('#activity-evidence select[id$="-kind"]', '__other');
	await page.fill('#activity-evidence input[id$="-other"]', 'Training attendance sheets');
	await page.setInputFiles('#activity-evidence input[type=file]', { name: 'attendance.pdf', mimeType: 'application/pdf', buffer: pdf() });
	await page.check('#activity-evidence input[id$="-approved"]');
	await page.click('#activity-evidence button[type=submit]');
	await page.waitForSelector(`#evidence-${activity.id} .doc-list__item`);
	assert.match(await page.textContent(`#evidence-${activity.id}`), /Training attendance sheets/);
	const doc = (await ok(await partnerApi.get(base), 'read')).activity_documents[0];
	assert.equal(doc.activity_id, activity.id);
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'plan-evidence');
	await page.click(`#withdraw-${doc.id}`);
	await page.click(`#withdraw-yes-${doc.id}`);
	await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('document.withdrawn', { title: 'Training attendance sheets' }))})`);
	assert.equal(await page.locator(`#document-${doc.id}`).count(), 0);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});
