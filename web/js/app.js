// app.js: starts the interface. Finds out who is signed in, picks the language, draws the
// header and sends each address to its page (web/js/pages/<name>.js, loaded on first use).
import { get, del, setCsrf, ApiError } from './api.js';
import { setLanguage, language, LANGUAGES, t } from './i18n.js';
import { h, add, clear, snapshot, restore, notice } from './dom.js';

const LANG_KEY = 'psea.language';

// Address patterns → page module. `agency` pages need an agency role, `public` ones no session.
const ROUTES = [
	['/signin', 'signin', { public: true }],
	// links sent by e-mail, and asking for one
	['/forgot', 'forgot', { public: true }],
	['/reset/:token', 'reset', { public: true }],
	['/invitation/:token', 'invitation', { public: true }],
	['/', 'home'],
	['/alerts', 'alerts'],
	['/partners', 'observation', { agency: true }],
	['/partners/new', 'partner-new', { agency: true }],
	['/partners/:id', 'partner'],
	['/partners/:id/past-assessment', 'past', { agency: true }],
	['/assessments/:id', 'assessment'],
	['/assessments/:id/intro', 'intro'],
	['/assessments/:id/standards/:n', 'standard'],
	['/assessments/:id/check', 'check'],
	['/assessments/:id/verify', 'verify'],
	['/assessments/:id/finalize', 'finalize'],
	['/assessments/:id/unlock/:kind', 'unlock'],
	['/assessments/:id/plan', 'plan'],
	// the offline form, and bringing a filled one in
	['/offline-form', 'offline-form'],
	['/offline-imports/new', 'offline-import', { agency: true }],
	['/offline-imports/check', 'offline-import', { agency: true }],
	// the allegations register and the figures
	['/incidents', 'incidents', { agency: true }],
	['/incidents/new', 'incident', { agency: true }],
	['/incidents/:id', 'incident', { agency: true }],
	['/figures', 'figures'],
	['/disclose', 'disclose'],
	['/settings', 'settings'],
	// accounts and the audit log (administrators)
	['/users', 'users'],
	['/users/new', 'user'],
	['/users/:id', 'user'],
	['/invitations', 'invitations'],
	['/invitations/new', 'invitation-new'],
	['/audit', 'audit'],
	['/agencies', 'agencies'],
	['/agencies/:id', 'agencies'],
	// the signed-in person's API tokens
	['/tokens', 'tokens'],
	// two-step sign-in of one's own account
	['/account/security', 'security'],
];

export const app = {
	user: null,
	limits: {}, // from the session: upload_max_bytes
	main: null,
	isAgency() { return this.user && this.user.organization && this.user.organization.kind === 'agency'; },
	isPartner() { return this.user && this.user.organization && this.user.organization.kind === 'partner'; },
	can(...roles) { return this.user && roles.includes(this.user.role); },
	navigate(path, { replace = false } = {}) {
		if (replace) history.replaceState(null, '', path);
		else history.pushState(null, '', path);
		return route();
	},
	// Draws the current page again, keeping what was typed (language switch, reload after a
	// conflict). `after` runs once the page is back, e.g. to show a notice.
	// Only fields the person changed are put back, so a colleague's newer save shows through
	// wherever this person did not type.
	async rerender(after) {
		const now = snapshot(this.main);
		const changed = Object.fromEntries(Object.entries(now).filter(([id, v]) => this.loaded[id] !== v));
		await route({ keepFocus: true });
		restore(this.main, changed);
		if (after) after(this.main);
	},
	loaded: {}, // the form values as the page was drawn
	readFresh: false, // while drawn again after sending what waited offline: no kept copies
	flash: null, // a message for the next page, e.g. "Your answers are saved"
};

function match(pattern, path) {
	const names = [];
	const re = new RegExp('^' + pattern.replace(/:(\w+)/g, (m, name) => { names.push(name); return '([^/]+)'; }) + '/?$');
	const m = path.match(re);
	if (!m) return null;
	return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
}

function findRoute(path) {
	for (const [pattern, page, opts] of ROUTES) {
		const params = match(pattern, path);
		if (params) return { page, params, opts: opts || {} };
	}
	return null;
}

function skipLink() {
	return h('a', { href: '#main', class: 'skip-link', onclick: (e) => { e.preventDefault(); app.main.focus(); } }, t('nav.skip'));
}

function languageSwitch() {
	const sel = h('select', { id: 'language', class: 'select select--small', onchange: async (e) => {
		sessionStorage.setItem(LANG_KEY, e.target.value);
		await setLanguage(e.target.value);
		drawHeader();
		await app.rerender();
		document.getElementById('language')?.focus();
	} }, LANGUAGES.map((l) => h('option', { value: l, selected: l === language(), lang: l }, t(`language.${l}`))));
	return h('div', { class: 'language' }, h('label', { for: 'language', class: 'language__label' }, t('nav.language')), sel);
}

async function signOut() {
	const offline = await import('./offline.js').catch(() => null);
	const needsConnection = () => (offline ? offline.signOutNeedsConnection() : window.alert(t('offline.signout_needs_connection')));
	if (!navigator.onLine) return needsConnection();
	if (offline && !await offline.readyToSignOut()) return;
	try { await del('/session'); } catch (err) {
		if (err.status === 0) return needsConnection(); // the server never heard of it
		/* any other answer: signed out already */
	}
	// what this person kept for working offline leaves the browser with them
	if (offline) await offline.forget().catch(() => {});
	app.user = null;
	setCsrf(null);
	drawHeader();
	app.navigate('/signin');
}

function drawHeader() {
	const header = document.getElementById('header');
	clear(header);
	const u = app.user;
	const nav = u ? h('nav', { class: 'nav', 'aria-label': t('nav.label') },
		h('ul', { class: 'nav__list' },
			h('li', {}, h('a', { href: '/', class: 'nav__link' }, t('nav.home'))),
			app.isAgency() ? h('li', {}, h('a', { href: '/partners', class: 'nav__link' }, t('nav.partners'))) : null,
			app.isPartner() ? h('li', {}, h('a', { href: `/partners/${u.organization.id}`, class: 'nav__link' }, t('nav.organisation'))) : null,
			// the allegations register and the figures
			app.can('agency_focal_point', 'admin') ? h('li', {}, h('a', { href: '/incidents', class: 'nav__link', id: 'nav-incidents' }, t('nav.incidents'))) : null,
			app.isAgency() || app.can('admin') ? h('li', {}, h('a', { href: '/figures', class: 'nav__link', id: 'nav-figures' }, t('nav.figures'))) : null,
			app.isAgency() || app.isPartner() ? h('li', {}, h('a', { href: '/offline-form', class: 'nav__link', id: 'nav-offline' }, t('offline.nav'))) : null,
			app.can('partner_editor') ? h('li', {}, h('a', { href: '/disclose', class: 'nav__link', id: 'nav-disclose' }, t('nav.disclose'))) : null,
			app.can('admin') ? h('li', {}, h('a', { href: '/settings', class: 'nav__link', id: 'nav-settings' }, t('nav.settings'))) : null,
			app.can('admin') ? h('li', {}, h('a', { href: '/users', class: 'nav__link', id: 'nav-users' }, t('nav.users'))) : null,
			app.can('admin') ? h('li', {}, h('a', { href: '/audit', class: 'nav__link', id: 'nav-audit' }, t('nav.audit'))) : null,
			app.can('admin') ? h('li', {}, h('a', { href: '/agencies', class: 'nav__link', id: 'nav-agencies' }, t('nav.agencies'))) : null,
			h('li', {}, h('a', { href: '/tokens', class: 'nav__link', id: 'nav-tokens' }, t('nav.tokens'))),
			!u.sso ? h('li', {}, h('a', { href: '/account/security', class: 'nav__link', id: 'nav-security' }, t('nav.security'))) : null,
			h('li', {}, h('button', { type: 'button', class: 'nav__link nav__button', id: 'sign-out', onclick: signOut }, t('nav.signout'))))) : null;
	add(header,
		skipLink(),
		h('div', { class: 'header__inner' },
			h('a', { href: '/', class: 'brand' }, h('span', { class: 'brand__mark', 'aria-hidden': 'true' }), t('app.name')),
			u ? h('p', { class: 'header__user' }, h('span', { class: 'visually-hidden' }, t('nav.signedinas') + ' '), u.name, h('span', { class: 'header__org' }, u.organization ? u.organization.name : '')) : null,
			languageSwitch()));
	if (nav) header.append(nav);
	document.getElementById('footer-text').textContent = t('app.footer');
	if (app.offline) app.offline.refresh(); // its words, and whose queue it counts
}

// Marks the navigation link of the current section for screen readers and the eye.
function markCurrent(path) {
	document.querySelectorAll('.nav__link[href]').forEach((a) => {
		const href = a.getAttribute('href');
		const current = href === '/' ? path === '/' : path.startsWith(href);
		if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
	});
}

let routing = 0;
async function route({ keepFocus = false } = {}) {
	const my = ++routing;
	const path = location.pathname;
	const found = findRoute(path);
	const main = app.main;
	if (!app.user && !(found && found.opts.public)) {
		const next = path + location.search;
		history.replaceState(null, '', '/signin' + (path !== '/' && path !== '/signin' ? `?next=${encodeURIComponent(next)}` : ''));
		return route({ keepFocus });
	}
	if (app.user && found && found.page === 'signin') {
		history.replaceState(null, '', '/');
		return route({ keepFocus });
	}
	// an account whose role must sign in in two steps turns it on before anything else
	if (app.user && app.twoStepDue && !(found && found.page === 'security')) {
		history.replaceState(null, '', '/account/security');
		return route({ keepFocus });
	}
	markCurrent(path);
	// the old page stays until the new one is ready: say so to assistive technology (and to
	// anything waiting for the page, such as the browser tests)
	main.setAttribute('aria-busy', 'true');
	let page = found ? found.page : 'notfound';
	if (found && found.opts.agency && !app.isAgency()) page = 'notfound';
	const flash = app.flash;
	app.flash = null;
	let flashNotice = null;
	try {
		const mod = await import(`./pages/${page}.js`);
		if (my !== routing) return;
		const content = h('div', { class: 'page' });
		const query = Object.fromEntries(new URLSearchParams(location.search));
		await mod.render(content, { params: found ? found.params : {}, query });
		if (my !== routing) return;
		clear(main);
		if (flash) main.append(flashNotice = notice(flash, 'success'));
		main.append(content);
		app.loaded = snapshot(main);
	} catch (err) {
		if (my !== routing) return;
		if (err instanceof ApiError && err.status === 401) {
			app.user = null;
			drawHeader();
			return app.navigate('/signin', { replace: true });
		}
		clear(main);
		main.append(pageError(err));
	}
	main.removeAttribute('aria-busy');
	const h1 = main.querySelector('h1');
	document.title = h1 ? `${h1.textContent} – ${t('app.name')}` : t('app.name');
	if (!keepFocus) {
		window.scrollTo(0, 0);
		if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
	} else if (flashNotice) {
		// The page was drawn again after an action (an upload, a saved row): the control that had
		// the focus is gone, so the focus goes to the sentence that says what came of it.
		flashNotice.setAttribute('tabindex', '-1');
		flashNotice.focus({ preventScroll: true });
		flashNotice.scrollIntoView({ block: 'nearest' });
	}
}

function pageError(err) {
	const notFound = err instanceof ApiError && (err.status === 404 || err.status === 403);
	return h('div', { class: 'page' },
		h('h1', { class: 'heading-l' }, t(notFound ? 'notfound.title' : 'error.page_title')),
		h('p', {}, t(notFound ? 'notfound.text' : (err.status === 0 ? 'error.network' : 'error.page_text'))),
		h('p', {}, h('a', { href: '/' }, t('notfound.home'))));
}

// Links inside the page move through the router instead of reloading the page.
document.addEventListener('click', (e) => {
	const a = e.target.closest('a[href]');
	if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
	const href = a.getAttribute('href');
	if (!href.startsWith('/') || href.startsWith('/api/') || a.hasAttribute('download') || a.target) return;
	e.preventDefault();
	app.navigate(href);
});
window.addEventListener('popstate', () => route());

export function signedIn(user, csrf, limits, twoStepDue = false) {
	app.user = user;
	app.limits = limits || {};
	app.twoStepDue = !!twoStepDue;
	setCsrf(csrf);
	if (app.offline) app.offline.sync(); // what this person saved offline before signing in again
}

export async function applyUserLanguage() {
	const chosen = sessionStorage.getItem(LANG_KEY);
	await setLanguage(chosen || (app.user && app.user.language) || 'en');
	drawHeader();
}

async function start() {
	app.main = document.getElementById('main');
	try {
		const s = await get('/session');
		signedIn(s.user, s.csrf_token, s.limits, s.two_step_due);
	} catch { app.user = null; }
	const browser = (navigator.language || 'en').slice(0, 2);
	const chosen = sessionStorage.getItem(LANG_KEY);
	await setLanguage(chosen || (app.user && app.user.language) || (LANGUAGES.includes(browser) ? browser : 'en'));
	drawHeader();
	document.body.classList.remove('loading');
	await route({ keepFocus: true });
}

// Working offline (js/offline.js, sw.js) loads once the first page is there, so that page
// stays light.
window.addEventListener('load', () => {
	if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
	import('./offline.js').then((m) => m.start()).catch(() => {});
});

export { drawHeader };
start();
