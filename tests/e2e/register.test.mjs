// The partner register sorts on the server: a column header (name, country, type) asks for the
// whole register in that order, so the next page goes on where the first one ended; the header
// in force says so to assistive technology (aria-sort), and the other columns do not pretend to
// sort.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, go, shot, axeViolations } from './lib.mjs';

const PAGE = 25; // the register's page size
let server, browser, reader;
const made = [];

before(async () => {
	server = await Server.start();
	const api = await server.signIn('agency_advanced_editor', 'UNICEF');
	// More than a page, added in an order that is neither the name's nor the country's, names in
	// mixed case.
	const countries = ['SN', 'CM', 'KE', 'BF', 'ML', 'TD'];
	for (let i = 0; i < PAGE + 10; i++) {
		const n = (i * 17) % (PAGE + 10);
		const name = `${n % 2 ? 'lumière' : 'Lumière'} ${String.fromCharCode(97 + (n % 26))}${n}`;
		const r = await api.post('/api/v1/partners', { name, type: i % 3 ? 'national_ngo' : 'cbo', country: countries[i % countries.length] });
		assert.equal(r.status, 201, r.text);
		made.push(r.json);
	}
	reader = server.addUser('agency_reader', 'UNICEF', { name: 'Rosa Reader', email: 'rosa@unicef.org' });
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const byKey = (key) => (a, b) => Buffer.compare(Buffer.from(key(a)), Buffer.from(key(b))) || Number(a.id) - Number(b.id);

async function column(page, n) {
	return page.$$eval(`#partners-table tbody tr td:nth-child(${n})`, (cells) => cells.map((c) => c.textContent.trim()));
}

async function sortState(page) {
	return page.$$eval('#partners-table thead th', (ths) => ths.map((th) => [th.querySelector('a') ? 'link' : 'plain', th.getAttribute('aria-sort')]));
}

test('the register comes by name across its pages; a header sorts the whole register by its column', async () => {
	const page = await newPage(browser, server);
	await signIn(page, reader.email);
	await go(page, '/partners');
	await page.waitForSelector('#partners-table');
	const names = [...made].sort(byKey((p) => lower(p.name))).map((p) => p.name);
	assert.deepEqual(await column(page, 1), names.slice(0, PAGE));
	assert.deepEqual(await sortState(page), [['link', 'ascending'], ['link', null], ['link', null],
		['plain', null], ['plain', null], ['plain', null], ['plain', null]]);
	await page.click('#next-page');
	await page.waitForSelector('#prev-page');
	assert.deepEqual(await column(page, 1), names.slice(PAGE), 'the next page goes on in the same order');

	await go(page, '/partners');
	await page.waitForSelector('#partners-table');
	await page.click('#partners-table thead th:nth-child(2) a');
	await page.waitForURL(/sort=country/);
	await page.waitForSelector('#partners-table thead th:nth-child(2)[aria-sort="ascending"]');
	const countries = [...made].sort(byKey((p) => p.country));
	assert.deepEqual(await column(page, 1), countries.slice(0, PAGE).map((p) => p.name));
	assert.deepEqual((await sortState(page)).map(([, s]) => s), [null, 'ascending', null, null, null, null, null]);
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'register-by-country');

	await page.click('#partners-table thead th:nth-child(2) a');
	await page.waitForURL(/sort=-country/);
	await page.waitForSelector('#partners-table thead th:nth-child(2)[aria-sort="descending"]');
	assert.deepEqual(await column(page, 1), [...countries].reverse().slice(0, PAGE).map((p) => p.name));
	await page.click('#next-page');
	await page.waitForSelector('#prev-page');
	assert.deepEqual(await column(page, 1), [...countries].reverse().slice(PAGE).map((p) => p.name));
	assert.deepEqual(page.errors, []);
	await page.context().close();
});
