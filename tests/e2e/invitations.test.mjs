// Invitations and password reset in the browser. The server sends its e-mail to a sendmail
// command that keeps each message in a file (tests/api/mailbox.mjs); the tests read the message
// and open its link's page, as the person would from their mailbox. Each page is checked with
// axe-core, in English, French and Spanish.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, launch, newPage, signIn, shot, axeViolations } from './lib.mjs';
import { catalogue } from './journey.mjs';
import { Mailbox } from '../api/mailbox.mjs';

const en = catalogue('en');
const fr = catalogue('fr');
const es = catalogue('es');
let server, browser, dir, mailbox, admin, advanced, partner, api;

// The page the message's link opens, on this server (the link starts with the portal's address).
const linkPath = (message) => new URL(message.link).pathname;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'psea-e2e-mail-'));
	mailbox = new Mailbox(dir);
	server = await Server.start({ args: mailbox.serveArgs('https://psea.test') });
	admin = server.addUser('admin', 'UNICEF', { name: 'Amara Diallo', email: 'amara@unicef.org' });
	advanced = server.addUser('agency_advanced_editor', 'UNICEF', { name: 'Grace Mbah', email: 'grace@unicef.org' });
	api = await server.signIn('agency_advanced_editor', 'UNICEF');
	const p = await api.post('/api/v1/partners', { name: 'Asociación Esperanza', type: 'national_ngo', country: 'CO' });
	assert.equal(p.status, 201, p.text);
	partner = p.json;
	const ps = await api.post('/api/v1/partnerships', { partner_id: partner.id, start: '2026-01-01' });
	assert.equal(ps.status, 201, ps.text);
	browser = await launch();
});
after(async () => {
	await browser?.close();
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

test('forgot password: a link by e-mail, a common password refused, the new one signs in; the used link says so', async () => {
	const person = server.addUser('agency_editor', 'UNICEF', { name: 'Lena Roth', email: 'lena@unicef.org' });
	const page = await newPage(browser, server);
	await page.goto('/signin');
	await page.fill('#email', person.email);
	await page.click('#signin-forgot');
	await page.waitForSelector('#forgot-form');
	assert.equal(await page.inputValue('#forgot-email'), person.email, 'the address typed on the sign-in page came along');
	assert.equal(await page.textContent('h1'), en('forgot.title'));
	assert.deepEqual(await axeViolations(page), []);
	await page.fill('#forgot-email', '');
	await page.click('#forgot-submit');
	await page.waitForSelector('.error-summary');
	assert.ok((await page.textContent('.error-summary')).includes(en('error.forgot_email_missing')));
	await page.fill('#forgot-email', person.email);
	await page.click('#forgot-submit');
	await page.waitForSelector('#forgot-sent');
	assert.ok((await page.textContent('#main')).includes(en('forgot.sent_text', { email: person.email })));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'forgot-sent');

	const message = await mailbox.wait(person.email);
	assert.equal(message.headers.subject, en('mail.reset.subject'));
	await page.goto(linkPath(message));
	await page.waitForSelector('#reset-form');
	assert.ok((await page.textContent('.lead')).includes(person.email));
	await page.fill('#reset-password', 'password123456');
	await page.click('#reset-submit');
	await page.waitForSelector('[data-field="password"].field--error');
	assert.ok((await page.textContent('.error-summary')).includes(en('error.password.common')));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'reset-refused');
	await page.fill('#reset-password', 'violet harbour morning');
	await page.click('#reset-submit');
	await page.waitForSelector('#reset-done');
	assert.deepEqual(await axeViolations(page), []);
	await page.click('#reset-signin');
	await page.waitForSelector('#signin-form');
	await signIn(page, person.email, 'violet harbour morning');

	const again = await newPage(browser, server);
	await again.goto(linkPath(message));
	await again.waitForSelector('#link-problem');
	assert.equal(await again.textContent('h1'), en('link.link_used'));
	assert.equal(await again.getAttribute('#reset-again', 'href'), '/forgot');
	assert.deepEqual(await axeViolations(again), []);
	assert.deepEqual([...page.errors, ...again.errors], []);
});

test('an administrator invites agency staff; the person joins in French and is signed in', async () => {
	const page = await newPage(browser, server);
	await signIn(page, admin.email);
	await page.click('#home-invitations');
	await page.waitForSelector('#invitations-new');
	assert.equal(await page.textContent('#invitations-none'), en('invitations.none'));
	await page.click('#invitations-new');
	await page.waitForSelector('#invite-form');
	assert.deepEqual(await axeViolations(page), []);
	await page.click('#invite-send');
	await page.waitForSelector('.error-summary');
	for (const key of ['error.user_email_missing', 'error.user_agency_id_missing', 'error.user_role_missing'])
		assert.ok((await page.textContent('.error-summary')).includes(en(key)), key);
	assert.deepEqual(await axeViolations(page), []);
	await page.fill('#invite-email', 'Claire.Martin@unicef.org');
	await page.selectOption('#user-agency', { label: 'UNICEF' });
	await page.selectOption('#invite-role', 'agency_focal_point');
	await page.selectOption('#invite-language', 'fr');
	await page.click('#invite-send');
	await page.waitForSelector('#invitations-table');
	assert.ok((await page.textContent('.notice--success')).includes(en('invitations.sent_notice', { email: 'claire.martin@unicef.org' })));
	assert.ok((await page.textContent('#invitations-table')).includes(en('invitation_status.pending')));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'invitations-list');

	const message = mailbox.last('claire.martin@unicef.org');
	assert.equal(message.headers.subject, fr('mail.invitation.subject'));
	const joiner = await newPage(browser, server, { locale: 'fr-FR' });
	await joiner.goto(linkPath(message));
	await joiner.waitForSelector('#invitation-form');
	assert.equal(await joiner.textContent('h1'), fr('invitation.title'));
	assert.ok((await joiner.textContent('.summary-list')).includes(fr('role.agency_focal_point')));
	assert.deepEqual(await axeViolations(joiner), []);
	await joiner.click('#invitation-submit');
	await joiner.waitForSelector('.error-summary');
	assert.ok((await joiner.textContent('.error-summary')).includes(fr('error.invitation_name_missing')));
	await joiner.fill('#invitation-name', 'Claire Martin');
	await joiner.fill('#invitation-password', 'short');
	await joiner.click('#invitation-submit');
	await joiner.waitForSelector('[data-field="password"].field--error');
	assert.ok((await joiner.textContent('.error-summary')).includes(fr('error.password.too_short')));
	assert.deepEqual(await axeViolations(joiner), []);
	await shot(joiner, 'invitation-fr');
	await joiner.fill('#invitation-password', 'les feuilles du tilleul');
	await joiner.click('#invitation-submit');
	await joiner.waitForSelector('#sign-out');
	await joiner.waitForSelector(`.notice--success:has-text(${JSON.stringify(fr('invitation.welcome', { name: 'Claire Martin' }))})`);

	await page.reload();
	await page.waitForSelector('#invitations-table');
	assert.ok((await page.textContent('#invitations-table')).includes(en('invitation_status.accepted')));
	assert.deepEqual([...page.errors, ...joiner.errors], []);
});

test('an advanced editor invites a partner\'s person and withdraws it; the link then says so, in Spanish', async () => {
	const page = await newPage(browser, server);
	await signIn(page, advanced.email);
	await page.click('#home-invitations');
	await page.click('#invitations-new');
	await page.waitForSelector('#invite-form');
	assert.equal(await page.locator('#invite-kind-agency').count(), 0, 'no agency staff from an advanced editor');
	const roles = await page.$$eval('#invite-role option', (os) => os.map((o) => o.value).filter(Boolean));
	assert.deepEqual(roles, ['partner_reader', 'partner_editor']);
	await page.fill('#invite-email', 'mateo@esperanza.test');
	await page.fill('#user-partner-q', 'Esperanza');
	await page.click('#user-partner-find');
	await page.waitForSelector('#user-partner-results input[type=radio]');
	await page.selectOption('#invite-role', 'partner_editor');
	await page.selectOption('#invite-language', 'es');
	assert.deepEqual(await axeViolations(page), []);
	await page.click('#invite-send');
	await page.waitForSelector('#invitations-table');
	const message = mailbox.last('mateo@esperanza.test');
	assert.equal(message.headers.subject, es('mail.invitation.subject'));
	assert.ok(message.body.includes('Asociación Esperanza'));
	const row = page.locator('tr[data-status="pending"]', { hasText: 'mateo@esperanza.test' });
	await row.locator('button').click();
	await page.waitForSelector('tr[data-status="withdrawn"]');
	assert.ok((await page.textContent('.notice--success')).includes(en('invitations.withdrawn', { email: 'mateo@esperanza.test' })));

	const joiner = await newPage(browser, server, { locale: 'es-ES' });
	await joiner.goto(linkPath(message));
	await joiner.waitForSelector('#link-problem');
	assert.equal(await joiner.textContent('h1'), es('link.invitation_withdrawn'));
	assert.ok((await joiner.textContent('#main')).includes(es('link.invitation_withdrawn_text')));
	assert.deepEqual(await axeViolations(joiner), []);
	await shot(joiner, 'invitation-withdrawn-es');
	assert.deepEqual([...page.errors, ...joiner.errors], []);
});
