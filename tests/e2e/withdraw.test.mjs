// Withdrawing a document in the browser: the partner sees "Withdraw" beside the files it
// uploaded (not beside the agency's), confirms with a reason, and the file leaves the standard's
// page while the history says so; the agency withdraws its own upload the same way. Set-up goes
// through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue } from './journey.mjs';
import { pdf } from '../api/files.mjs';

let server, browser, partner, agency, assessmentId, partnerDoc, agencyDoc;
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
	const agencyApi = await server.signIn('agency_advanced_editor', 'UNICEF');
	const partnerId = (await ok(await agencyApi.post('/api/v1/partners', { name: 'Nuru Women Network', type: 'cbo', country: 'TZ' }), 'partner')).id;
	assessmentId = (await ok(await agencyApi.post('/api/v1/assessments', { partner_id: partnerId }), 'assessment')).id;
	const partnerApi = await server.signIn('partner_editor', `partner:${partnerId}`);
	partner = server.addUser('partner_editor', `partner:${partnerId}`, { name: 'Neema Mushi', email: 'neema@nuru.test' });
	agency = server.addUser('agency_editor', 'UNICEF', { name: 'Joseph Otieno', email: 'joseph@unicef.test' });
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
