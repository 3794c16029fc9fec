// Two-step sign-in in the browser: a person turns it on from the navigation (the key to type into
// the app, a code, the recovery codes shown once), then signs in in two steps; in French, a focal
// point held by the setting is sent to turn it on first; in Spanish, a recovery code signs in.
// Every page is checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, PASSWORD, launch, newPage, signIn, signOut, shot, axeViolations } from './lib.mjs';
import { totp } from '../api/totp.mjs';
import { psea } from '../api/lib.mjs';
import { catalogue } from './journey.mjs';

const START = '2026-03-02T09:00:00Z';
let server, browser, clock = Date.parse(START) / 1000;
const en = catalogue('en');
const fr = catalogue('fr');
const es = catalogue('es');

before(async () => {
	server = await Server.start({ clock: START });
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

function tick() {
	clock += 30;
	server.setClock(new Date(clock * 1000).toISOString().replace(/\.\d+Z$/, 'Z'));
}

// From the security page with two-step sign-in off: turns it on; returns the key and the codes.
async function turnOn(page, t) {
	await page.click('#two-step-begin');
	await page.waitForSelector('#two-step-secret');
	const secret = (await page.textContent('#two-step-secret')).replace(/\s/g, '');
	assert.match(secret, /^[A-Z2-7]{32}$/);
	assert.ok((await page.textContent('#two-step-uri')).startsWith('otpauth://totp/'));
	assert.deepEqual(await axeViolations(page), []);
	await page.fill('#two-step-new-code', totp(secret, clock + 3600));
	await page.click('#two-step-confirm');
	await page.waitForSelector('[data-field="code"].field--error');
	await page.fill('#two-step-new-code', totp(secret, clock));
	await page.click('#two-step-confirm');
	await page.waitForSelector('#recovery-codes');
	const codes = await page.locator('#recovery-codes li').allTextContents();
	assert.equal(codes.length, 10);
	assert.equal(await page.textContent('#recovery-title'), t('security.recovery_title'));
	assert.deepEqual(await axeViolations(page), []);
	tick();
	return { secret, codes };
}

async function secondStep(page, email, code) {
	await page.goto('/signin');
	await page.fill('#email', email);
	await page.fill('#password', PASSWORD);
	await page.click('#signin-submit');
	await page.waitForSelector('#two-step-code');
	if (code) {
		await page.fill('#two-step-code', code);
		await page.click('#two-step-submit');
	}
}

test('an editor turns two-step sign-in on, then signs in with a code from the app', async () => {
	const account = server.addUser('agency_editor', 'UNICEF', { name: 'Edith Editor' });
	const page = await newPage(browser, server);
	await signIn(page, account.email);
	await page.click('#nav-security');
	await page.waitForSelector('#two-step-begin');
	assert.equal(await page.textContent('h1'), en('security.title'));
	assert.deepEqual(await axeViolations(page), []);
	const { secret } = await turnOn(page, en);
	await shot(page, 'two-step-recovery-codes');
	await page.click('#recovery-kept');
	await signOut(page);
	await secondStep(page, account.email);
	assert.equal(await page.textContent('#two-step-form h2'), en('signin.two_step_title'));
	assert.deepEqual(await axeViolations(page), []);
	await page.fill('#two-step-code', '000000' === totp(secret, clock) ? '111111' : '000000');
	await page.click('#two-step-submit');
	await page.waitForSelector('[data-field="code"].field--error');
	assert.ok((await page.textContent('.error-summary')).includes(en('error.invalid_code')));
	await page.fill('#two-step-code', totp(secret, clock));
	await page.click('#two-step-submit');
	await page.waitForSelector('#sign-out');
	assert.match(await page.textContent('.header__user'), /Edith Editor/);
	await page.click('#nav-security');
	await page.waitForSelector('#two-step-off-form');
	assert.equal(await page.textContent('.notice--success'), en('security.on'));
	assert.deepEqual(page.errors, []);
});

test('en français : un point focal tenu par le réglage active d\'abord la connexion en deux étapes', async () => {
	const admin = await server.signIn('admin');
	assert.equal((await admin.patch('/api/v1/settings', { 'auth.two_step_required': 1 })).status, 200);
	const focal = server.addUser('agency_focal_point', 'UNICEF', { name: 'Fatou Focal' });
	const page = await newPage(browser, server, { locale: 'fr-FR' });
	await page.goto('/signin');
	await page.evaluate(() => sessionStorage.setItem('psea.language', 'fr'));
	await page.fill('#email', focal.email);
	await page.fill('#password', focal.password);
	await page.click('#signin-submit');
	await page.waitForSelector('#two-step-begin');
	assert.equal(new URL(page.url()).pathname, '/account/security');
	assert.equal(await page.textContent('h1'), fr('security.title'));
	assert.equal(await page.textContent('.notice--warning'), fr('security.due'));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'two-step-due-fr');
	// any other page sends back here until it is on
	await page.goto('/incidents');
	await page.waitForSelector('#two-step-begin');
	await turnOn(page, fr);
	await page.click('#recovery-kept');
	await page.goto('/incidents');
	await page.waitForSelector('#nav-incidents');
	assert.notEqual(new URL(page.url()).pathname, '/account/security');
	// the administrator who turned the setting on is held too: the command line turns it off
	assert.equal((await admin.get('/api/v1/users')).status, 403);
	psea(['settings', '--db', server.db, 'auth.two_step_required=0']);
});

test('en español: un código de recuperación inicia la sesión una vez', async () => {
	const account = server.addUser('agency_reader', 'WFP', { name: 'Rocío Lectora' });
	const page = await newPage(browser, server, { locale: 'es-ES' });
	await signIn(page, account.email);
	await page.evaluate(() => sessionStorage.setItem('psea.language', 'es'));
	await page.goto('/account/security');
	await page.waitForSelector('#two-step-begin');
	assert.equal(await page.textContent('h1'), es('security.title'));
	const { codes } = await turnOn(page, es);
	await page.click('#recovery-kept');
	await signOut(page);
	await secondStep(page, account.email);
	assert.equal(await page.textContent('label[for="two-step-code"]'), es('signin.two_step_code'));
	assert.deepEqual(await axeViolations(page), []);
	await page.fill('#two-step-code', codes[0]);
	await page.click('#two-step-submit');
	await page.waitForSelector('#sign-out');
	await page.click('#nav-security');
	await page.waitForSelector('#two-step-off-form');
	assert.ok((await page.textContent('#main')).includes(es('security.codes_left', { n: 9 })));
	assert.deepEqual(await axeViolations(page), []);
	assert.deepEqual(page.errors, []);
});
