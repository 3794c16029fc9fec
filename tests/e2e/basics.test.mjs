// The interface's promises that hold whatever parts of the API exist: sign-in and sign-out,
// accessibility on every page, a light first visit, nothing fetched from elsewhere, keyboard
// use, phone-sized screens and the language switch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, signInWithForm, signOut, shot, axeViolations, foreignRequests, PASSWORD } from './lib.mjs';

let server, browser;
const people = {};

before(async () => {
	server = await Server.start();
	for (const [key, role, name] of [['advanced', 'agency_advanced_editor', 'Amina Diallo'], ['admin', 'admin', 'Ada Admin'],
		['reader', 'agency_reader', 'Rosa Reader']]) {
		people[key] = server.addUser(role, 'UNICEF', { name, email: `${key}@unicef.org` });
	}
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('sign in, see the home page, sign out', async () => {
	const page = await newPage(browser, server);
	await signInWithForm(page, people.advanced.email);
	// The header appears before the home page has rendered its heading: wait for the page itself.
	await page.waitForSelector('h1:has-text("Hello, Amina")');
	assert.match(await page.textContent('h1'), /Hello, Amina/);
	assert.match(await page.textContent('header'), /Amina Diallo/);
	await shot(page, 'home-agency');
	await signOut(page);
	assert.equal(new URL(page.url()).pathname, '/signin');
	// Signed out for real: the session no longer opens a page.
	await page.goto('/partners');
	await page.waitForSelector('#signin-form');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('wrong password: the error is shown beside the field, the e-mail stays typed', async () => {
	const page = await newPage(browser, server);
	await page.goto('/signin');
	await page.click('#signin-submit');
	await page.waitForSelector('.error-summary');
	assert.equal(await page.locator('.error-summary a').count(), 2);
	await page.fill('#email', people.advanced.email);
	await page.fill('#password', 'not-the-password');
	await page.click('#signin-submit');
	await page.waitForSelector('.error-summary >> text=The e-mail address or the password is wrong.');
	assert.equal(await page.inputValue('#email'), people.advanced.email);
	assert.match(await page.textContent('[data-field="email"] .error-message'), /wrong/);
	// The summary's link moves the focus to the field.
	await page.click('.error-summary a');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
	await shot(page, 'signin-error');
	await page.context().close();
});

test('first visit to the sign-in page transfers under 150 KB compressed, all from the origin', async () => {
	const page = await newPage(browser, server);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	let bytes = 0;
	cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
	await page.goto('/signin', { waitUntil: 'networkidle' });
	await page.waitForSelector('#signin-form');
	console.log(`# sign-in page first visit: ${bytes} bytes transferred (${page.requests.length} requests)`);
	assert.ok(bytes > 0 && bytes < 150 * 1024, `${bytes} bytes`);
	assert.deepEqual(foreignRequests(page, server), []);
	await page.context().close();
});

test('keyboard only: skip link, sign in with Tab and Enter, focus is visible', async () => {
	const page = await newPage(browser, server);
	await page.goto('/signin');
	await page.waitForSelector('#signin-form');
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
	// Tab through to the e-mail field, whatever sits in the header.
	for (let i = 0; i < 6 && await page.evaluate(() => document.activeElement.id) !== 'email'; i++) await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
	const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
	assert.notEqual(outline, 'none');
	await page.keyboard.type(people.advanced.email);
	await page.keyboard.press('Tab');
	await page.keyboard.type(PASSWORD);
	await page.keyboard.press('Enter');
	await page.waitForSelector('#sign-out');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	const focused = await page.evaluate(() => document.activeElement.textContent);
	assert.ok(focused.length > 0, 'something visible has the focus');
	await page.context().close();
});

test('phone-sized screen: nothing wider than the screen, menu reachable', async () => {
	const page = await newPage(browser, server, { viewport: { width: 360, height: 740 }, context: { isMobile: true, hasTouch: true } });
	await page.goto('/signin');
	await page.waitForSelector('#signin-form');
	await shot(page, 'phone-signin');
	const overflow = async () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(await overflow() <= 0, 'sign-in page fits');
	await signIn(page, people.advanced.email);
	await page.click('a.nav__link[href="/partners"]');
	await page.waitForSelector('#filters');
	assert.ok(await overflow() <= 0, 'partner list fits');
	await shot(page, 'phone-partners');
	await page.context().close();
});

test('the language switch translates the page and keeps what was typed', async () => {
	const page = await newPage(browser, server);
	await page.goto('/signin');
	await page.fill('#email', 'someone@example.org');
	await page.selectOption('#language', 'fr');
	await page.waitForSelector('h1:has-text("Se connecter")');
	assert.equal(await page.inputValue('#email'), 'someone@example.org');
	assert.equal(await page.getAttribute('html', 'lang'), 'fr');
	await page.selectOption('#language', 'es');
	await page.waitForSelector('h1:has-text("Iniciar sesión")');
	assert.equal(await page.inputValue('#email'), 'someone@example.org');
	await page.click('#signin-submit');
	await page.waitForSelector('.error-summary >> text=Hay un problema');
	await shot(page, 'signin-es-error');
	await page.context().close();
});

test('a person whose account is in French gets the interface in French', async () => {
	const fr = server.addUser('agency_editor', 'UNICEF', { name: 'Claire Martin', email: 'claire@unicef.org' });
	const { psea } = await import('../api/lib.mjs');
	psea(['user', 'add', '--db', server.db, '--email', 'luc@unicef.org', '--name', 'Luc Bernard', '--role', 'agency_editor', '--org', 'UNICEF', '--password-stdin', '--language', 'fr'], { input: PASSWORD + '\n' });
	const page = await newPage(browser, server);
	await signInWithForm(page, 'luc@unicef.org');
	await page.waitForSelector('h1:has-text("Bonjour, Luc")');
	assert.match(await page.textContent('h1'), /Bonjour, Luc/);
	assert.match(await page.textContent('nav'), /Se déconnecter/);
	assert.ok(fr.email);
	await page.context().close();
});

test('axe-core finds nothing serious or critical on the pages every role sees', async () => {
	const page = await newPage(browser, server);
	const check = async (name) => {
		const v = await axeViolations(page);
		assert.deepEqual(v, [], `${name}: ${v.join('; ')}`);
	};
	await page.goto('/signin');
	await page.waitForSelector('#signin-form');
	await check('sign-in');
	await page.click('#signin-submit');
	await page.waitForSelector('.error-summary');
	await check('sign-in with errors');
	await signIn(page, people.admin.email);
	await check('home (admin)');
	await shot(page, 'home-admin');
	await signOut(page);
	await signIn(page, people.advanced.email);
	await check('home (agency)');
	for (const [path, sel] of [['/partners', '#filters'], ['/partners/new', '#partner-form'], ['/no/such/page', 'h1']]) {
		await page.goto(path);
		await page.waitForSelector(sel);
		await check(path);
	}
	await page.click('#partner-save').catch(() => {});
	await page.goto('/partners/new');
	await page.waitForSelector('#partner-form');
	await page.click('#partner-save');
	await page.waitForSelector('.error-summary');
	await check('add a partner, with errors');
	await shot(page, 'partner-new-errors');
	assert.deepEqual(page.errors, []);
	assert.deepEqual(foreignRequests(page, server), []);
	await page.context().close();
});

test('clocks read as dates and as "due in 12 days" / "overdue by 3 days" in the person\'s language', async () => {
	const page = await newPage(browser, server);
	await page.goto('/signin');
	await page.waitForSelector('#signin-form');
	const words = await page.evaluate(async () => {
		const i18n = await import('/js/i18n.js');
		const fmt = await import('/js/format.js');
		const day = (n) => { const d = new Date(); d.setDate(d.getDate() + n); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; };
		const out = {};
		for (const lang of ['en', 'fr', 'es']) {
			await i18n.setLanguage(lang);
			out[lang] = { due: fmt.clock(day(12)), overdue: fmt.clock(day(-3)), one: fmt.clock(day(-1)), long: fmt.clock(day(-800)), date: fmt.date('2026-03-05'), rating: fmt.word('rating', 'medium') };
		}
		return out;
	});
	// Intl puts no-break spaces between a number and its unit in some languages.
	for (const lang of Object.keys(words)) for (const k of Object.keys(words[lang])) words[lang][k] = words[lang][k].replace(/\s/gu, ' ');
	assert.equal(words.en.due, 'due in 12 days');
	assert.equal(words.en.overdue, 'overdue by 3 days');
	assert.equal(words.en.one, 'overdue by 1 day');
	assert.equal(words.en.long, 'overdue by 2 years');
	assert.equal(words.en.date, '5 March 2026');
	assert.equal(words.en.rating, 'Medium capacity');
	assert.equal(words.fr.due, 'échéance dans 12 jours');
	assert.equal(words.fr.overdue, 'en retard de 3 jours');
	assert.equal(words.fr.one, 'en retard de 1 jour');
	assert.equal(words.fr.date, '5 mars 2026');
	assert.equal(words.es.due, 'vence dentro de 12 días');
	assert.equal(words.es.overdue, 'atrasado 3 días');
	assert.equal(words.es.date, '5 de marzo de 2026');
	await page.context().close();
});
