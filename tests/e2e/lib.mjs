// lib.mjs: the browser side of the end-to-end tests. A real `psea serve` on a fresh database
// (tests/api/lib.mjs starts it) and Debian's Chromium driven by playwright-core.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, ROOT, PASSWORD } from '../api/lib.mjs';

export { Server, PASSWORD };
export const SCREENSHOTS = join(ROOT, 'tests/e2e/screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
	'--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launch() {
	return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

// A page that records every request, so tests can check that none leaves the origin, and fails
// on any script error.
export async function newPage(browser, server, options = {}) {
	const context = await browser.newContext({ baseURL: server.url, locale: options.locale || 'en-GB', viewport: options.viewport || { width: 1280, height: 900 }, ...options.context });
	const page = await context.newPage();
	page.requests = [];
	page.errors = [];
	page.on('request', (r) => page.requests.push(r.url()));
	page.on('pageerror', (e) => page.errors.push(e.message));
	page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.errors.push(m.text()); });
	page.setDefaultTimeout(8000);
	return page;
}

// Signs in through the sign-in form, as a person does (the form's own tests, and the journeys).
export async function signInWithForm(page, email, password = PASSWORD) {
	await page.goto('/signin');
	await page.fill('#email', email);
	await page.fill('#password', password);
	await page.click('#signin-submit');
	await page.waitForSelector('#sign-out');
	// The header is drawn before the next page: wait until that page has replaced the form.
	await page.waitForFunction(() => !document.querySelector('#signin-submit') && document.querySelector('#main h1'));
}

// Signs in through the API on the page's own cookie jar, then opens the home page: for tests
// about what comes after; a load of the sign-in page less each time, a tenth of the browser
// stage. The form is tested by signInWithForm's callers and by the accessibility test.
export async function signIn(page, email, password = PASSWORD) {
	const r = await page.request.post('/api/v1/session', { data: { email, password } });
	assert.equal(r.status(), 200, `sign-in of ${email}: ${await r.text()}`);
	await page.goto('/');
	await page.waitForSelector('#sign-out');
	await page.waitForFunction(() => document.querySelector('#main h1') && !document.querySelector('#main[aria-busy]'));
}

export async function signOut(page) {
	await page.click('#sign-out');
	await page.waitForSelector('#signin-form');
}

export async function shot(page, name) {
	await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const AXE = readFileSync(join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');

// Moves to path inside the running interface, as its own links do (no reload, so axe-core stays
// loaded); a page that has not loaded the interface yet gets a full load.
export async function go(page, path) {
	const loaded = page.url().startsWith('http') && await page.evaluate(() => !!document.querySelector('#header > *')).catch(() => false);
	if (!loaded) return page.goto(path);
	await page.evaluate(async (p) => (await import('/js/app.js')).app.navigate(p), path);
	await settled(page);
}

// Waits until the page on screen is the one last asked for: the router keeps the old page, marked
// aria-busy, until the new one is drawn, so a selector both share would otherwise match the old.
export async function settled(page) {
	await page.waitForSelector('#main:not([aria-busy])', { state: 'attached' });
}

// axe-core's serious and critical findings on the page as it is now ([] when none).
export async function axeViolations(page) {
	// Injected through the DevTools protocol, so the page's CSP (no inline scripts) stays intact;
	// once per loaded document.
	if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(AXE);
	const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
	return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

// Every request that went to another origin than the server's.
export function foreignRequests(page, server) {
	const origin = new URL(server.url).origin;
	return page.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

// axe on the page as it is, in English, French and Spanish, then on a 390 px wide screen.
export async function axeEverywhere(page, label) {
  for (const lang of ['en', 'fr', 'es']) {
    await page.selectOption('#language', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l && document.querySelector('#main h1'), lang);
    assert.deepEqual(await axeViolations(page), [], `${label} in ${lang}`);
  }
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.querySelector('#main h1'));
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await axeViolations(page), [], `${label} at 390 px`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), `${label}: no sideways scrolling at 390 px`);
  await page.setViewportSize(size);
}
