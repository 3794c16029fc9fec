// API tokens in the browser: a person finds the page from the menu, is told what is missing,
// makes a token for 30 days and sees its secret once and its end date in the list, which the
// token then works until; revoking it stops it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations } from './lib.mjs';
import { catalogue } from './journey.mjs';

let server, browser, reader;
const en = catalogue('en');

before(async () => {
	server = await Server.start({ clock: '2026-03-01T10:00:00Z' });
	reader = server.addUser('agency_reader', 'UNICEF', { name: 'Ines Castro', email: 'ines@unicef.org' });
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('a person makes a token with an end date, sees it listed, and revokes it', async () => {
	const page = await newPage(browser, server);
	await signIn(page, reader.email);
	await page.click('#nav-tokens');
	await page.waitForSelector('#token-form');
	assert.equal(await page.textContent('h1'), en('tokens.title'));
	assert.equal(await page.isVisible('#tokens-empty'), true);
	assert.equal(await page.inputValue('#token-days'), '365', 'a year unless chosen');

	await page.fill('#token-days', '0');
	await page.click('#token-create');
	await page.waitForSelector('.error-summary');
	const summary = await page.textContent('.error-summary');
	for (const key of ['error.token_name_missing', 'error.token_days_range']) assert.ok(summary.includes(en(key)), key);
	assert.deepEqual(await axeViolations(page), []);

	await page.fill('#token-name', 'Reporting script');
	await page.fill('#token-days', '30');
	await page.click('#token-create');
	await page.waitForSelector('#token-secret');
	const secret = (await page.textContent('#token-value')).trim();
	assert.match(secret, /^psea_/);
	const row = await page.textContent('#tokens-table tbody tr');
	assert.ok(row.includes('Reporting script') && row.includes(en('tokens.active')), row);
	assert.ok(row.includes('31 March 2026') || row.includes('31 Mar 2026'), `ends 30 days on: ${row}`);
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'tokens-made');

	// the secret works, and the list shows the same end
	const api = server.client();
	api.token = secret;
	const listed = (await api.get('/api/v1/tokens')).json.items;
	assert.deepEqual(listed.map((t) => [t.name, t.expires_at]), [['Reporting script', '2026-03-31T10:00:00Z']]);

	// shown once: after a reload the secret is gone
	await page.reload();
	await page.waitForSelector('#tokens-table');
	assert.equal(await page.locator('#token-secret').count(), 0);

	await page.click(`#revoke-${listed[0].id}`);
	await page.waitForSelector('#tokens-empty');
	assert.ok((await page.textContent('main')).includes(en('tokens.revoked', { name: 'Reporting script' })));
	assert.equal((await api.get('/api/v1/session')).status, 401);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});
