// Accounts and the audit log in the browser: an administrator adds an agency account and a
// partner account (told first what is missing, then the server's refusals beside their fields),
// changes a role and deactivates an account, which can then no longer sign in; the audit log
// lists those writes and narrows to one kind of record. Other roles get no links and a clear
// "not allowed" page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go, settled } from './lib.mjs';
import { catalogue } from './journey.mjs';

let server, browser, api, admin, advanced, partnerId;
const en = catalogue('en');
const fr = catalogue('fr');
const NEW_PASSWORD = 'a-long-enough-secret';

before(async () => {
	server = await Server.start();
	api = await server.signIn('admin', 'UNICEF');
	admin = server.addUser('admin', 'UNICEF', { name: 'Amara Diallo', email: 'amara@unicef.org' });
	advanced = server.addUser('agency_advanced_editor', 'UNICEF', { name: 'Grace Mbah', email: 'grace@unicef.org' });
	server.addUser('agency_reader', 'WFP', { name: 'Taken Address', email: 'taken@wfp.org' });
	const r = await api.post('/api/v1/partners', { name: 'Horizon Espoir', type: 'national_ngo', country: 'CM' });
	assert.equal(r.status, 201, r.text);
	partnerId = r.json.id;
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function account(email) {
	let cursor = null, found = null;
	do {
		const r = await api.get(`/api/v1/users?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
		found = r.json.items.find((u) => u.email === email) || found;
		cursor = r.json.next_cursor;
	} while (cursor);
	return found;
}

const flash = (page, text) => page.waitForSelector(`.notice--success:has-text(${JSON.stringify(text)})`);

test('an administrator adds an agency account and a partner account', async () => {
	const page = await newPage(browser, server);
	await signIn(page, admin.email);
	assert.equal(await page.locator('#nav-users').count(), 1);
	assert.equal(await page.locator('#nav-audit').count(), 1);
	await page.waitForSelector('#home-users');
	await shot(page, 'admin-home');
	await page.click('#home-users');
	await page.waitForSelector('#users-table');
	assert.equal(await page.textContent('h1'), en('users.title'));
	const grace = await page.textContent('#users-table tr:has-text("grace@unicef.org")');
	assert.ok(grace.includes(en('role.agency_advanced_editor')) && grace.includes(en('users.active')), grace);
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'admin-users');

	// Nothing typed: every missing field is named, in the page.
	await page.click('#users-new');
	await page.waitForSelector('#user-form');
	assert.equal(await page.isVisible('#user-partner-q'), false, 'the partner search waits until a partner is chosen');
	await page.click('#user-save');
	await page.waitForSelector('.error-summary');
	const summary = await page.textContent('.error-summary');
	for (const key of ['error.user_name_missing', 'error.user_email_missing', 'error.user_agency_id_missing', 'error.user_role_missing', 'error.user_password_missing']) {
		assert.ok(summary.includes(en(key)), key);
	}
	assert.ok((await page.textContent('[data-field="agency_id"]')).includes(en('error.user_agency_id_missing')), 'beside its field');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'admin-user-missing');

	// Only agency roles are offered for an agency.
	const agencyRoles = await page.$$eval('#user-role option', (os) => os.map((o) => o.value).filter(Boolean));
	assert.deepEqual(agencyRoles, ['agency_reader', 'agency_editor', 'agency_advanced_editor', 'agency_focal_point', 'admin']);
	await page.fill('#user-name', 'Fatou Sow');
	await page.fill('#user-email', 'fatou@unicef.org');
	await page.selectOption('#user-agency', { label: 'WFP' });
	await page.selectOption('#user-role', 'agency_editor');
	await page.selectOption('#user-language', 'fr');
	await page.fill('#user-password', 'short');
	await page.click('#user-save');
	await page.waitForSelector('[data-field="password"].field--error');
	assert.ok((await page.textContent('.error-summary')).includes(en('error.user_password_short', { n: 12 })));
	assert.equal(await page.locator('[data-field="name"].field--error').count(), 0, 'the corrected fields are clear');
	await page.fill('#user-password', NEW_PASSWORD);
	await page.click('#user-save');
	// a WFP account needs an address at WFP's domain
	await page.waitForSelector('[data-field="email"].field--error');
	assert.ok((await page.textContent('[data-field="email"]')).includes(en('error.domain_not_allowed')));
	assert.deepEqual(await axeViolations(page), []);
	await page.fill('#user-email', 'fatou@wfp.org');
	await page.fill('#user-password', NEW_PASSWORD);
	await page.click('#user-save');
	await flash(page, en('users.created', { name: 'Fatou Sow' }));
	assert.equal(new URL(page.url()).pathname, '/users');
	const fatou = await account('fatou@wfp.org');
	assert.deepEqual([fatou.role, fatou.organization.name || fatou.organization.code, fatou.language, fatou.active], ['agency_editor', 'WFP', 'fr', true]);
	assert.ok((await page.textContent('#users-table')).includes('Fatou Sow'));

	// A partner's account: the partner found by its name; only partner roles offered.
	await page.click('#users-new');
	await page.waitForSelector('#user-form');
	await page.check('#user-kind-partner');
	assert.equal(await page.isVisible('#user-agency'), false);
	const partnerRoles = await page.$$eval('#user-role option', (os) => os.map((o) => o.value).filter(Boolean));
	assert.deepEqual(partnerRoles, ['partner_reader', 'partner_editor']);
	await page.click('#user-save');
	await page.waitForSelector('[data-field="partner_id"].field--error');
	assert.ok((await page.textContent('.error-summary')).includes(en('error.user_partner_id_missing')));
	// by its number first, then by part of its name
	await page.fill('#user-partner-q', String(partnerId));
	await page.click('#user-partner-find');
	await page.waitForSelector('#user-partner:checked');
	assert.ok((await page.textContent('#user-partner-results')).includes('Horizon Espoir'));
	await page.fill('#user-partner-q', 'nowhere to be found');
	await page.press('#user-partner-q', 'Enter');
	await page.waitForSelector('#user-partner-none');
	await page.fill('#user-partner-q', 'horizon');
	await page.click('#user-partner-find');
	await page.waitForSelector('#user-partner:checked');
	await page.fill('#user-name', 'Paul Ndi');
	await page.fill('#user-email', 'TAKEN@wfp.org');
	await page.selectOption('#user-role', 'partner_editor');
	await page.fill('#user-password', NEW_PASSWORD);
	// The e-mail is in use: the server's refusal lands beside the field.
	await page.click('#user-save');
	await page.waitForSelector('[data-field="email"].field--error');
	assert.ok((await page.textContent('[data-field="email"]')).includes(en('error.email.email_taken')));
	assert.equal(await page.inputValue('#user-name'), 'Paul Ndi', 'what was typed stays');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'admin-user-taken');
	// An address the page lets through but the server does not, in French.
	await page.fill('#user-email', 'paul@horizon');
	await page.selectOption('#language', 'fr');
	await page.waitForSelector(`h1:has-text(${JSON.stringify(fr('users.new_title'))})`);
	assert.equal(await page.inputValue('#user-email'), 'paul@horizon', 'the switch keeps what was typed');
	await page.fill('#user-partner-q', 'horizon');
	await page.click('#user-partner-find');
	await page.waitForSelector('#user-partner:checked');
	await page.fill('#user-password', NEW_PASSWORD);
	await page.click('#user-save');
	await page.waitForSelector('[data-field="email"].field--error');
	assert.ok((await page.textContent('[data-field="email"]')).includes(fr('error.email.invalid_value')));
	await page.selectOption('#language', 'en');
	await page.waitForSelector(`h1:has-text(${JSON.stringify(en('users.new_title'))})`);
	await page.fill('#user-email', 'paul@horizon.test');
	await page.fill('#user-partner-q', 'horizon');
	await page.click('#user-partner-find');
	await page.waitForSelector('#user-partner:checked');
	await page.fill('#user-password', NEW_PASSWORD);
	await page.click('#user-save');
	await flash(page, en('users.created', { name: 'Paul Ndi' }));
	const paul = await account('paul@horizon.test');
	assert.deepEqual([paul.role, paul.organization.id, paul.organization.kind], ['partner_editor', String(partnerId), 'partner']);
	const row = await page.textContent(`#user-row-${paul.id}`);
	assert.ok(row.includes(en('role.partner_editor')) && row.includes('Horizon Espoir') && row.includes(en('users.kind_partner')), row);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('an administrator changes a role and deactivates an account, which can then no longer sign in', async () => {
	const fatou = await account('fatou@wfp.org');
	assert.ok(fatou, 'made by the test before');
	const page = await newPage(browser, server);
	await signIn(page, admin.email);
	await page.click('#nav-users');
	await page.click(`#user-link-${fatou.id}`);
	await page.waitForSelector('#user-form');
	assert.equal(await page.textContent('h1'), en('users.edit_title', { name: 'Fatou Sow' }));
	assert.equal(await page.inputValue('#user-role'), 'agency_editor');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'admin-user-edit');
	await page.click('#user-save');
	await page.waitForSelector('#user-unchanged');

	await page.selectOption('#user-role', 'agency_advanced_editor');
	await page.click('#user-save');
	await flash(page, en('users.saved', { name: 'Fatou Sow' }));
	assert.equal((await account('fatou@wfp.org')).role, 'agency_advanced_editor');
	assert.ok((await page.textContent(`#user-row-${fatou.id}`)).includes(en('role.agency_advanced_editor')));

	// She can sign in until the account is deactivated.
	const signInAs = () => server.client().post('/api/v1/session', { email: 'fatou@wfp.org', password: NEW_PASSWORD });
	assert.equal((await signInAs()).status, 200);
	await page.click(`#user-link-${fatou.id}`);
	await page.waitForSelector('#user-form');
	await page.check('#user-active-false');
	await page.click('#user-save');
	await flash(page, en('users.saved_inactive', { name: 'Fatou Sow' }));
	assert.ok((await page.textContent(`#user-row-${fatou.id}`)).includes(en('users.inactive')));
	assert.equal((await account('fatou@wfp.org')).active, false);
	assert.equal((await signInAs()).status, 401, 'a deactivated account cannot sign in');

	// A colleague changed the account meanwhile: the older version is not saved over it.
	await page.click(`#user-link-${fatou.id}`);
	await page.waitForSelector('#user-form');
	const now = await account('fatou@wfp.org');
	assert.equal((await api.patch(`/api/v1/users/${fatou.id}`, { name: 'Fatou Sow Ba' }, { headers: { 'If-Match': `"${now.version}"` } })).status, 200);
	await page.fill('#user-name', 'Fatou S.');
	await page.click('#user-save');
	await page.waitForSelector('.error-summary');
	assert.ok((await page.textContent('.error-summary')).includes(en('error.version_conflict')));
	assert.equal((await account('fatou@wfp.org')).name, 'Fatou Sow Ba');

	// The administrator's own account: no way to lock oneself out from here.
	const self = await account(admin.email);
	await go(page, `/users/${self.id}`);
	await page.waitForSelector('#user-form');
	assert.equal(await page.locator('#user-role').count(), 0);
	assert.equal(await page.locator('#user-active').count(), 0);

	// Pages of accounts, the cursor kept in the address.
	await go(page, '/users?limit=2');
	await page.waitForSelector('#next-page');
	const first = await page.$$eval('#users-table tbody tr', (rs) => rs.map((r) => r.id));
	await page.click('#next-page');
	await page.waitForURL(/cursor=/);
	await page.waitForSelector('#prev-page');
	const second = await page.$$eval('#users-table tbody tr', (rs) => rs.map((r) => r.id));
	assert.equal(second.length, 2);
	assert.equal(first.filter((id) => second.includes(id)).length, 0, 'the next page shows other accounts');
	assert.ok(new URL(page.url()).searchParams.get('limit') === '2');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('the audit log lists the writes and narrows to one kind of record', async () => {
	const page = await newPage(browser, server);
	await signIn(page, admin.email);
	await page.click('#nav-audit');
	await page.waitForSelector('#audit-table');
	assert.equal(await page.textContent('h1'), en('audit.title'));
	const all = await page.locator('#audit-table tbody tr').count();
	const text = await page.textContent('#audit-table');
	assert.ok(text.includes('Amara Diallo'), 'the person is named');
	assert.ok(text.includes(en('audit_type.session')) && text.includes(en('audit_type.partner')), 'sign-ins and partners are there too');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'admin-audit');

	await page.selectOption('#audit-object-type', 'user');
	await page.click('#audit-apply');
	await page.waitForURL(/object_type=user/);
	await settled(page);
	await page.waitForSelector('#audit-table');
	const rows = await page.$$eval('#audit-table tbody tr', (rs) => rs.map((r) => r.textContent));
	assert.ok(rows.length > 0 && rows.length < all, `${rows.length} of ${all}`);
	for (const r of rows) assert.ok(r.includes(en('audit_type.user')), r);
	const byAdmin = rows.filter((r) => r.includes('Amara Diallo'));
	// two accounts made, and three changes: role, deactivation (the third was the colleague's, by API)
	assert.equal(byAdmin.filter((r) => r.includes('create')).length, 2);
	assert.equal(byAdmin.filter((r) => r.includes('update')).length, 2);
	const fatou = await account('fatou@wfp.org');
	assert.ok(rows.some((r) => r.includes(en('audit.object_n', { type: en('audit_type.user'), id: fatou.id }))));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'admin-audit-users');

	// One account's history, and a number that is not one.
	await page.fill('#audit-object-id', 'twelve');
	await page.click('#audit-apply');
	await page.waitForSelector('[data-field="object_id"].field--error');
	assert.ok((await page.textContent('[data-field="object_id"]')).includes(en('error.audit_number')));
	await page.fill('#audit-object-id', String(fatou.id));
	await page.click('#audit-apply');
	await page.waitForURL(new RegExp(`object_id=${fatou.id}`));
	await settled(page);
	await page.waitForSelector('#audit-table');
	assert.equal(await page.locator('#audit-table tbody tr').count(), 4, 'created, two changes by the administrator, one by the API');
	assert.equal(await page.inputValue('#audit-object-type'), 'user', 'the filters stay in the form');

	// Paging keeps the filters.
	await go(page, '/audit?object_type=user&limit=2');
	await page.click('#next-page');
	await page.waitForURL(/cursor=/);
	await page.waitForSelector('#prev-page');
	const url = new URL(page.url());
	assert.equal(url.searchParams.get('object_type'), 'user');
	for (const r of await page.$$eval('#audit-table tbody tr', (rs) => rs.map((x) => x.textContent))) assert.ok(r.includes(en('audit_type.user')), r);
	// on a telephone, each entry reads as a short list
	await page.setViewportSize({ width: 390, height: 800 });
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'admin-audit-narrow');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('other roles get no links and a clear "not allowed" page', async () => {
	const page = await newPage(browser, server);
	await signIn(page, advanced.email);
	assert.equal(await page.locator('#nav-users').count(), 0);
	assert.equal(await page.locator('#nav-audit').count(), 0);
	assert.equal(await page.locator('#home-users, #home-audit').count(), 0);
	for (const [path, key] of [['/users', 'admin.forbidden_users'], ['/users/new', 'admin.forbidden_users'], ['/audit', 'admin.forbidden_audit']]) {
		await go(page, path);
		await page.waitForSelector('#not-allowed');
		assert.equal(await page.textContent('h1'), en('admin.forbidden_title'), path);
		assert.equal(await page.textContent('#not-allowed'), en(key), path);
		assert.equal(await page.locator('table, form#user-form').count(), 0, path);
	}
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'admin-not-allowed');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});
