// Recording an earlier assessment in the browser: an advanced editor finds the form on the
// partner's page, is told what is missing, then records UNICEF's earlier SEA risk rating, which
// the partner's page shows as the rating it stands for. A score only the server refuses is
// shown beside its field. The partner's own users do not get the form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue } from './journey.mjs';

let server, browser, partnerId, editor, partnerUser;
const en = catalogue('en');

before(async () => {
	server = await Server.start();
	const api = await server.signIn('agency_advanced_editor', 'UNICEF');
	const r = await api.post('/api/v1/partners', { name: 'Horizon Espoir', type: 'national_ngo', country: 'CM' });
	assert.equal(r.status, 201, r.text);
	partnerId = r.json.id;
	editor = server.addUser('agency_advanced_editor', 'UNICEF', { name: 'Grace Mbah', email: 'grace@unicef.org' });
	partnerUser = server.addUser('partner_editor', `partner:${partnerId}`, { name: 'Paul Ndi', email: 'paul@horizon.test' });
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('an advanced editor records an earlier UNICEF risk rating from the partner page', async () => {
	const page = await newPage(browser, server);
	await signIn(page, editor.email);
	await go(page, `/partners/${partnerId}`);
	await page.click('#record-past');
	await page.waitForSelector('#past-form');
	assert.equal(await page.textContent('h1'), en('past.title'));
	assert.equal(await page.isVisible('#past-score'), false, 'only the chosen kind is shown');

	await page.click('#past-save');
	await page.waitForSelector('.error-summary');
	const summary = await page.textContent('.error-summary');
	for (const key of ['error.past_agency_missing', 'error.past_date_missing', 'error.past_rating_missing']) assert.ok(summary.includes(en(key)), key);
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'past-missing');

	assert.deepEqual(await page.locator('#past-agency option').allTextContents(), [en('common.choose'), 'UNICEF'], 'only its own agency');
	await page.selectOption('#past-agency', { label: 'UNICEF' });
	await page.fill('#past-date', '2025-02-10');
	await page.check('#past-kind-legacy_sea_score');
	assert.equal(await page.isVisible('#past-score'), true);
	await page.fill('#past-score', '19');
	await page.click('#past-save');
	await page.waitForSelector('[data-field="legacy_sea_score"].field--error');
	assert.equal(await page.inputValue('#past-date'), '2025-02-10', 'what was typed stays');

	await page.check('#past-kind-legacy_sea_risk');
	await page.check('#past-risk-moderate');
	await page.click('#past-save');
	await page.waitForSelector('.notice');
	assert.ok((await page.textContent('main')).includes(en('past.saved')));
	assert.equal(new URL(page.url()).pathname, `/partners/${partnerId}`);
	const panel = await page.textContent('.panel');
	assert.ok(panel.includes(en('rating.medium')), 'moderate risk stands for medium capacity');
	assert.ok(panel.includes('UNICEF'), 'assessed by the agency chosen');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'past-recorded');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test("the partner's own users see no form for earlier assessments", async () => {
	const page = await newPage(browser, server);
	await signIn(page, partnerUser.email);
	await go(page, `/partners/${partnerId}`);
	await page.waitForSelector('h1');
	assert.equal(await page.locator('#record-past').count(), 0);
	await page.context().close();
});
