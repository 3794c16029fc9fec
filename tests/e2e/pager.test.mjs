// The pager under the lists: "Previous page" returns to the page just before (the address keeps
// the way back), and a filtered list whose page comes back empty from the server, because the
// server stopped looking after a few thousand partners, goes on looking instead of showing an
// empty page with a "Next page".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, go, settled, axeViolations } from './lib.mjs';
import { sql } from '../api/lib.mjs';
import { catalogue } from './journey.mjs';

const en = catalogue('en');
// More partners than the server reads for one filtered page (FILTER_SCAN_MAX in observation.c).
const UNRATED = 2050;
const INCIDENTS = 5;
let server, browser, focalPoint, reader, incidentIds;

const allegation = (day) => ({
	personnel_category: 'implementing_partner', type: 'sexual_exploitation', source: 'complaint',
	received_at: `2026-06-${String(day).padStart(2, '0')}T08:00:00Z`, incident_date: '2026-06-01',
	victims: [{ sex: 'female', age_group: 'adult', count: 1 }], actions: ['letter_on_file'], assistance: ['medical'],
});

before(async () => {
	server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
	// Unrated partners written straight into the database (through the API it would take long),
	// named to come first in the register's order, then one rated partner after them all.
	sql(server.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${UNRATED})
		INSERT INTO organizations (kind, name, created_at) SELECT 'partner', printf('Alpha %04d', i), 0 FROM n;
		INSERT INTO partners (org_id, type, country, created_at)
		SELECT id, 'national_ngo', 'SN', 0 FROM organizations WHERE kind = 'partner';`);
	const admin = await server.signIn('admin', 'UNICEF');
	const made = await admin.post('/api/v1/partners', { name: 'Zeta Trust', type: 'cbo', country: 'KE' });
	assert.equal(made.status, 201, made.text);
	const unicef = (await admin.get('/api/v1/agencies')).json.items.find((a) => a.code === 'UNICEF').id;
	const rated = await admin.post('/api/v1/past-assessments', { partner_id: made.json.id, agency_id: unicef, date: '2025-03-01', rating: 'full' });
	assert.equal(rated.status, 201, rated.text);

	const fp = await server.signIn('agency_focal_point', 'WFP');
	incidentIds = [];
	for (let day = 1; day <= INCIDENTS; day++) {
		const r = await fp.post('/api/v1/incidents', allegation(day));
		assert.equal(r.status, 201, r.text);
		incidentIds.push(r.json.id);
	}
	focalPoint = server.addUser('agency_focal_point', 'WFP', { name: 'Farah Focal', email: 'farah@wfp.org' });
	reader = server.addUser('agency_reader', 'UNICEF', { name: 'Rosa Reader', email: 'rosa@unicef.org' });
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

// The incidents on the page, by id, in the order shown.
async function incidentsShown(page) {
	return page.$$eval('#incidents-table tbody tr a[href^="/incidents/"]', (as) => as.map((a) => a.getAttribute('href').split('/').pop()));
}

async function nextPage(page) {
	const before = page.url();
	await page.click('#next-page');
	await page.waitForFunction((u) => location.href !== u, before);
	await settled(page);
	await page.waitForSelector('#incidents-table');
}

test('"Previous page" on the incident list returns to the page before, not to the first', async () => {
	const page = await newPage(browser, server);
	await signIn(page, focalPoint.email);
	await go(page, '/incidents?limit=2');
	await page.waitForSelector('#incidents-table');
	const first = await incidentsShown(page);
	assert.equal(first.length, 2);
	assert.equal(await page.locator('#prev-page').count(), 0, 'the first page has no previous page');
	await nextPage(page);
	const second = await incidentsShown(page);
	const secondUrl = page.url();
	await nextPage(page);
	const third = await incidentsShown(page);
	assert.equal(third.length, 1, 'five incidents, two a page: one on the third');
	assert.equal(await page.locator('#next-page').count(), 0, 'the last page has no next page');
	assert.deepEqual([...first, ...second, ...third].sort(), incidentIds.map(String).sort(), 'each incident on one page');
	assert.deepEqual(await axeViolations(page), []);

	await page.click('#prev-page');
	await page.waitForURL(secondUrl);
	await settled(page);
	await page.waitForSelector('#incidents-table');
	assert.deepEqual(await incidentsShown(page), second, 'back on the second page');
	assert.equal(new URL(page.url()).searchParams.get('limit'), '2', 'the page size stays');

	// After a reload too, the address alone knows the way back.
	await page.reload();
	await page.waitForSelector('#prev-page');
	await page.click('#prev-page');
	await page.waitForFunction(() => !new URLSearchParams(location.search).has('cursor'));
	await settled(page);
	await page.waitForSelector('#incidents-table');
	assert.deepEqual(await incidentsShown(page), first, 'back on the first page');
	assert.equal(await page.locator('#prev-page').count(), 0);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('a filtered partner list that matches nothing shows no "Next page"', async () => {
	const page = await newPage(browser, server);
	await signIn(page, reader.email);
	await go(page, '/partners?rating=low');
	await page.waitForSelector('#partners-table, .empty');
	assert.equal(await page.textContent('.empty'), en('observation.none'));
	assert.equal(await page.locator('#next-page').count(), 0);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('a filtered partner list finds the match beyond the first few thousand partners', async () => {
	const page = await newPage(browser, server);
	await signIn(page, reader.email);
	await go(page, '/partners?rating=full');
	await page.waitForSelector('#partners-table, .empty');
	assert.equal(await page.locator('.empty').count(), 0, 'not an empty page');
	const names = await page.$$eval('#partners-table tbody tr td:first-child', (cells) => cells.map((c) => c.textContent.trim()));
	assert.deepEqual(names, ['Zeta Trust']);
	assert.equal(await page.locator('#next-page').count(), 0, 'nothing follows');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});
