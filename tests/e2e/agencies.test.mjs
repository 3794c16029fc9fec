// Participating agencies in the browser: an administrator adds UNOPS with its e-mail domains
// (told first what is missing, then the server's refusals beside their fields), finds it in the
// list and changes its domains; other roles get no link and a clear "not allowed" page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go, settled } from './lib.mjs';
import { catalogue } from './journey.mjs';

let server, browser, admin, advanced;
const en = catalogue('en');

before(async () => {
	server = await Server.start();
	admin = server.addUser('admin', 'UNICEF', { name: 'Amara Diallo', email: 'amara@unicef.org' });
	advanced = server.addUser('agency_advanced_editor', 'UNICEF', { name: 'Grace Mbah', email: 'grace@unicef.org' });
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

const flash = (page, text) => page.waitForSelector(`.notice--success:has-text(${JSON.stringify(text)})`);

test('an administrator adds UNOPS with its domains, then changes them', async () => {
	const page = await newPage(browser, server);
	await signIn(page, admin.email);
	await page.click('#nav-agencies');
	await page.waitForSelector('#agencies-table');
	assert.equal(await page.textContent('h1'), en('agencies.title'));
	assert.equal(await page.locator('#agencies-table tbody tr').count(), 10);

	// nothing typed: told what is missing, before anything is sent
	await page.click('#agency-save');
	await page.waitForSelector('[data-field="code"].field--error');
	assert.match(await page.textContent('[data-field="name"] .error-message'), new RegExp(en('error.agency_name.required')));
	// a code already used and a bad domain: the server's refusals beside their fields
	await page.fill('#agency-code', 'unicef');
	await page.fill('#agency-name', 'United Nations Office for Project Services');
	await page.fill('#agency-domains', 'unops.org');
	await page.click('#agency-save');
	await page.waitForSelector('[data-field="code"].field--error');
	assert.match(await page.textContent('[data-field="code"] .error-message'), new RegExp(en('error.code.code_taken')));
	await page.fill('#agency-code', 'unops');
	await page.fill('#agency-domains', 'unops.org\nstaff@unops');
	await page.click('#agency-save');
	await page.waitForSelector('[data-field="domains"].field--error');
	assert.match(await page.textContent('[data-field="domains"] .error-message'), new RegExp(en('error.domains.invalid_value')));
	assert.equal(await page.inputValue('#agency-name'), 'United Nations Office for Project Services', 'what was typed is kept');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'agencies-refused');

	await page.fill('#agency-domains', 'unops.org\nUN-OPS.example.org');
	await page.click('#agency-save');
	await flash(page, en('agencies.created', { code: 'UNOPS' }));
	assert.equal(await page.locator('#agencies-table tbody tr').count(), 11);
	assert.equal(await page.textContent('#agency-row-UNOPS td:nth-child(3)'), 'un-ops.example.org, unops.org');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'agencies-added');

	await page.click('#agency-link-UNOPS');
	await page.waitForURL(/\/agencies\/\d+$/);
	await settled(page);
	await page.waitForSelector('#agency-domains');
	assert.equal(await page.inputValue('#agency-domains'), 'un-ops.example.org\nunops.org');
	await page.fill('#agency-name', 'UNOPS');
	await page.fill('#agency-domains', 'unops.org');
	await page.click('#agency-save');
	await flash(page, en('agencies.saved', { code: 'UNOPS' }));
	assert.equal(await page.textContent('#agency-row-UNOPS td:nth-child(3)'), 'unops.org');
	assert.match(await page.textContent('#agency-row-UNOPS td:nth-child(2)'), /^UNOPS/);
	assert.deepEqual(page.errors, []);
	await page.context().close();

	const api = await server.signIn('agency_reader', 'UNOPS');
	assert.equal(api.user.organization.name, 'UNOPS');
});

test('other roles have no link to the agencies and are told they may not', async () => {
	const page = await newPage(browser, server);
	await signIn(page, advanced.email);
	assert.equal(await page.locator('#nav-agencies').count(), 0);
	await go(page, '/agencies');
	await page.waitForSelector('#not-allowed');
	assert.equal(await page.textContent('#not-allowed'), en('admin.forbidden_agencies'));
	await page.context().close();
});
