// The settings page: an administrator finds it from the home page, is told in the page's own
// words what is wrong (a value out of range, medium not below full), changes the validity, the
// upload limit (typed in MiB) and the e-mail of alerts (an Off/On switch), and the API then holds
// the new values. Other roles get no link
// and no values.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue } from './journey.mjs';

let server, browser, admin, advanced, api;
const en = catalogue('en');
const fr = catalogue('fr');

before(async () => {
	server = await Server.start();
	api = await server.signIn('admin', 'UNICEF');
	admin = server.addUser('admin', 'UNICEF', { name: 'Amara Diallo', email: 'amara@unicef.org' });
	advanced = server.addUser('agency_advanced_editor', 'UNICEF', { name: 'Grace Mbah', email: 'grace@unicef.org' });
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function saved() {
	return Object.fromEntries((await api.get('/api/v1/settings')).json.items.map((s) => [s.key, s.value]));
}

test('an administrator changes the validity and the upload limit, after correcting two mistakes', async () => {
	const page = await newPage(browser, server);
	await signIn(page, admin.email);
	await page.click('#home-settings');
	await page.waitForSelector('#settings-form');
	assert.equal(await page.textContent('h1'), en('settings.title'));
	assert.equal(await page.inputValue('#setting-upload-max_bytes'), '20', 'the upload limit is shown in MiB');
	assert.ok((await page.textContent('[data-field="validity.years"]')).includes(en('settings.hint', { default: 5, min: 1, max: 10 })));
	// the e-mail copy of the alerts is a switch, Off or On, off by default
	assert.equal(await page.inputValue('#setting-alerts-email'), '0');
	assert.deepEqual(await page.locator('#setting-alerts-email option').allTextContents(), [en('settings.off'), en('settings.on')]);
	assert.ok((await page.textContent('[data-field="alerts.email"]')).includes(en('settings.alerts.email_hint', { default: en('settings.off') })));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'settings');

	// Nothing changed: nothing is sent.
	await page.click('#settings-save');
	await page.waitForSelector(`.notice:has-text(${JSON.stringify(en('settings.unchanged'))})`);

	// Out of range: refused in the page, beside the field.
	await page.fill('#setting-validity-years', '12');
	await page.click('#settings-save');
	await page.waitForSelector('[data-field="validity.years"].field--error');
	assert.equal(await page.locator('#settings-unchanged').count(), 0, 'the earlier notice is gone');
	assert.ok((await page.textContent('.error-summary')).includes(en('settings.error_range', { min: 1, max: 10 })));
	// A rule between two values: only the server knows the other value in force, and says so.
	await page.fill('#setting-validity-years', '3');
	await page.fill('#setting-rating-medium_min', '8');
	await page.click('#settings-save');
	await page.waitForSelector('[data-field="rating.medium_min"].field--error');
	assert.ok((await page.textContent('.error-summary')).includes(en('settings.error_not_below_full')));
	assert.equal(await page.inputValue('#setting-validity-years'), '3', 'what was typed stays');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'settings-errors');
	assert.equal((await saved())['validity.years'], 5, 'nothing written while a value is wrong');

	await page.fill('#setting-rating-medium_min', '6');
	await page.fill('#setting-upload-max_bytes', '8');
	await page.selectOption('#setting-alerts-email', '1');
	await page.click('#settings-save');
	await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('settings.saved'))})`);
	const now = await saved();
	assert.deepEqual([now['validity.years'], now['upload.max_bytes'], now['rating.medium_min'], now['alerts.email']], [3, 8 * 1048576, 6, 1]);
	assert.equal(await page.inputValue('#setting-validity-years'), '3', 'the page shows what was saved');
	assert.equal(await page.inputValue('#setting-alerts-email'), '1');

	// The page in French.
	await page.selectOption('#language', 'fr');
	await page.waitForSelector(`h1:has-text(${JSON.stringify(fr('settings.title'))})`);
	assert.ok((await page.textContent('form')).includes(fr('settings.validity.years')));
	assert.deepEqual(await page.locator('#setting-alerts-email option').allTextContents(), [fr('settings.off'), fr('settings.on')]);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('a partner is told the limit in force, and a larger file is refused before it is sent', async () => {
	const made = await api.post('/api/v1/partners', { name: 'Lumière Solidaire', type: 'cbo', country: 'BF' });
	const editor = await server.signIn('agency_advanced_editor', 'UNICEF');
	const a = await editor.post('/api/v1/assessments', { partner_id: made.json.id });
	assert.equal(a.status, 201, a.text);
	const partner = server.addUser('partner_editor', `partner:${made.json.id}`, { name: 'Awa Traoré', email: 'awa@lumiere.test' });
	assert.equal((await api.patch('/api/v1/settings', { 'upload.max_bytes': 2 * 1048576 })).status, 200);
	const page = await newPage(browser, server);
	await signIn(page, partner.email);
	await go(page, `/assessments/${a.json.id}/standards/1`);
	const form = page.locator('form.upload').first();
	await form.waitFor();
	assert.ok((await form.textContent()).includes(en('upload.file_hint', { size: en('common.mb', { n: '2' }) })));
	await form.locator('select').selectOption({ index: 1 });
	await form.locator('input[type=file]').setInputFiles({ name: 'policy.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(3 * 1048576, 0x25) });
	await form.locator('input[type=checkbox]').check();
	let sent = 0;
	page.on('request', (req) => { if (req.url().includes('/documents')) sent++; });
	await form.locator('button[type=submit]').click();
	await page.waitForSelector('form.upload [data-field="file"].field--error');
	assert.ok((await form.textContent()).includes(en('error.file_too_large', { size: en('common.mb', { n: '2' }) })));
	assert.equal(sent, 0, 'nothing was sent');
	await shot(page, 'settings-upload-refused');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('other roles get no link and no values', async () => {
	const page = await newPage(browser, server);
	await signIn(page, advanced.email);
	assert.equal(await page.locator('#nav-settings').count(), 0);
	assert.equal(await page.locator('#home-settings').count(), 0);
	await go(page, '/settings');
	await page.waitForSelector('h1');
	assert.equal(await page.locator('#settings-form').count(), 0);
	assert.ok((await page.textContent('main')).includes(en('error.forbidden')));
	await page.context().close();
});
