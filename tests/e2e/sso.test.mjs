// Single sign-on through a real OpenID provider (the oidc-provider package, oidc-provider.mjs):
// a person clicks "Sign in with ..." on the sign-in page, signs in at the provider, consents, and
// comes back signed in to a new account in the agency of their e-mail domain; the same flow
// driven over HTTP with a cookie jar; and the sign-in page explaining a refusal in French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, shot, axeViolations } from './lib.mjs';
import { psea } from '../api/lib.mjs';
import { startProvider } from './oidc-provider.mjs';
import { catalogue } from './journey.mjs';

let server, browser, idp;
const en = catalogue('en');
const fr = catalogue('fr');
const SECRET_ENV = 'PSEA_E2E_OIDC_SECRET';

before(async () => {
	// the secret reaches the server through its environment, as a deployment would give it
	process.env[SECRET_ENV] = 'e2e-' + Math.random().toString(36).slice(2);
	server = await Server.start();
	idp = await startProvider({ redirectUri: `${server.url}/api/v1/auth/oidc/callback`, secret: process.env[SECRET_ENV],
		people: { mireille: { email: 'mireille@wfp.org', name: 'Mireille Dupont' } } });
	psea(['oidc', 'add', '--db', server.db, '--name', 'agency-id', '--display-name', 'Agency ID', '--issuer', idp.issuer,
		'--client-id', idp.clientId, '--secret-env', SECRET_ENV, '--agency', 'UNICEF,WFP', '--role', 'agency_editor']);
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); await idp?.stop(); });

test('a person signs in through the agency provider in the browser and lands signed in, with a new account', async () => {
	const page = await newPage(browser, server);
	await page.goto('/signin');
	const button = page.locator('a[data-provider="agency-id"]');
	await button.waitFor();
	assert.equal((await button.textContent()).trim(), en('signin.sso_button', { name: 'Agency ID' }));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'sso-signin');
	await button.click();
	// the provider's own pages: its sign-in form, then its consent
	await page.waitForSelector('input[name=login]');
	assert.ok(page.url().startsWith(idp.issuer), page.url());
	await page.fill('input[name=login]', 'mireille');
	await page.fill('input[name=password]', 'anything');
	await page.click('button[type=submit]');
	await page.waitForSelector('button[type=submit]:has-text("Continue")');
	await page.click('button[type=submit]');
	await page.waitForSelector('#sign-out', { timeout: 15000 });
	assert.equal(new URL(page.url()).origin, new URL(server.url).origin);
	assert.match(await page.textContent('.header__user'), /Mireille Dupont/);
	const me = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
	assert.equal(me.user.email, 'mireille@wfp.org');
	assert.equal(me.user.role, 'agency_editor');
	assert.equal(me.user.organization.code, 'WFP');
	// the provider's development pages ask for a web font, which this machine cannot reach
	assert.deepEqual(page.errors.filter((e) => !/ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED/.test(e)), []);
});

// The browser's part over plain HTTP: a cookie jar per origin, each redirect followed by hand,
// each HTML form of the provider submitted with its own fields.
async function httpFlow(login) {
	const jars = new Map();
	const cookieFor = (url) => [...(jars.get(new URL(url).origin) || new Map())].map(([k, v]) => `${k}=${v}`).join('; ');
	const keep = (url, res) => {
		const origin = new URL(url).origin;
		const jar = jars.get(origin) || new Map();
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const eq = pair.indexOf('=');
			jar.set(pair.slice(0, eq), pair.slice(eq + 1));
		}
		jars.set(origin, jar);
	};
	const go = async (url, init = {}) => {
		const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, Cookie: cookieFor(url) } });
		keep(url, res);
		return res;
	};
	let url = `${server.url}/api/v1/auth/oidc/agency-id/start?next=/partners`;
	let res = await go(url);
	const seen = [];
	for (let i = 0; i < 20; i++) {
		seen.push(`${res.status} ${url}`);
		if (res.status >= 300 && res.status < 400) {
			url = new URL(res.headers.get('location'), url).href;
			if (new URL(url).origin === new URL(server.url).origin && !url.includes('/api/v1/auth/oidc/')) break; // back home
			res = await go(url);
			continue;
		}
		const html = await res.text();
		const action = /<form[^>]*action="([^"]+)"/.exec(html);
		assert.ok(action, `a form at ${url}: ${html.slice(0, 300)}`);
		const fields = new URLSearchParams();
		for (const [tag] of html.matchAll(/<input[^>]*>/g)) {
			const name = /name="([^"]+)"/.exec(tag), value = /value="([^"]*)"/.exec(tag);
			if (name) fields.set(name[1], value ? value[1] : '');
		}
		if (fields.has('login')) { fields.set('login', login); fields.set('password', 'anything'); }
		url = new URL(action[1].replace(/&amp;/g, '&'), url).href;
		res = await go(url, { method: 'POST', body: fields, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
	}
	return { url, seen, session: (jars.get(new URL(server.url).origin) || new Map()).get('psea_session') };
}

test('the same flow over HTTP: the code comes back once, a session starts and the page asked for opens', async () => {
	const r = await httpFlow('luis');
	assert.equal(r.url, `${server.url}/partners`, r.seen.join('\n'));
	assert.ok(r.session, r.seen.join('\n'));
	const me = await (await fetch(`${server.url}/api/v1/session`, { headers: { Cookie: `psea_session=${r.session}` } })).json();
	assert.equal(me.user.email, 'luis@unicef.org');
	assert.equal(me.user.organization.code, 'UNICEF');
	// the same person again: the same account, found by the provider's subject
	const again = await httpFlow('luis');
	const me2 = await (await fetch(`${server.url}/api/v1/session`, { headers: { Cookie: `psea_session=${again.session}` } })).json();
	assert.equal(me2.user.id, me.user.id);
});

test('a refused sign-in is explained on the sign-in page, in the person\'s language', async () => {
	const page = await newPage(browser, server, { locale: 'fr-FR' });
	await page.goto('/signin?sso_error=domain_not_allowed');
	await page.waitForSelector('.error-summary');
	assert.ok((await page.textContent('.error-summary')).includes(fr('error.sso_domain_not_allowed')));
	assert.equal((await page.locator('a[data-provider="agency-id"]').textContent()).trim(), fr('signin.sso_button', { name: 'Agency ID' }));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'sso-refused-fr');
});
