// offline.js: working without a connection. Loaded after the first page (app.js), or by an
// assessment page when something already waits. It keeps the open assessment for the service
// worker (sw.js) to answer from, keeps the answers and uploads made offline in IndexedDB, sends
// them when the connection returns, and asks the person to choose wherever someone else changed
// the same answer meanwhile: nothing saved by another person is overwritten unseen.
import { api, get, put, upload, ApiError } from './api.js';
import { t } from './i18n.js';
import { h, clear, radios, radioValue, showErrors, clearErrors, button } from './dom.js';
import * as fmt from './format.js';
import { app } from './app.js';
import { canEditSelf, standardTitle } from './psea.js';

const DB_NAME = 'psea-offline';
const KEPT_CACHE = 'psea-kept'; // the service worker reads it; see sw.js
// A hint read without loading this module: something of this browser's person waits to be sent.
export const PENDING_KEY = 'psea.offline-pending';
const RETRY_MS = 30 * 1000;

// --- IndexedDB: answers (one row per person, assessment and part), uploads, the owner ---

let dbPromise = null;
function db() {
	if (!dbPromise) dbPromise = new Promise((ok, fail) => {
		const open = indexedDB.open(DB_NAME, 1);
		open.onupgradeneeded = () => {
			const d = open.result;
			d.createObjectStore('answers', { keyPath: 'key' });
			d.createObjectStore('uploads', { keyPath: 'id', autoIncrement: true });
			d.createObjectStore('meta', { keyPath: 'key' });
		};
		open.onsuccess = () => {
			// another tab signing out deletes the database: let it
			open.result.onversionchange = () => { open.result.close(); dbPromise = null; };
			ok(open.result);
		};
		open.onerror = () => { dbPromise = null; fail(open.error); };
	});
	return dbPromise;
}

function done(request) {
	return new Promise((ok, fail) => { request.onsuccess = () => ok(request.result); request.onerror = () => fail(request.error); });
}
async function store(name, mode = 'readonly') { return (await db()).transaction(name, mode).objectStore(name); }
const rows = async (name) => done((await store(name)).getAll());
const row = async (name, key) => done((await store(name)).get(key));
const save = async (name, value) => done((await store(name, 'readwrite')).put(value));
const remove = async (name, key) => done((await store(name, 'readwrite')).delete(key));

const me = () => (app.user ? String(app.user.id) : null);
const mine = (list) => list.filter((r) => r.user === me());

// --- what one part of an assessment says: Section 1, or a standard's self-assessed answer ---

function introOf(a) {
	const i = a.intro || {};
	const p = i.previous;
	return {
		contact_with_beneficiaries: i.contact_with_beneficiaries ?? null,
		previously_assessed: i.previously_assessed ?? null,
		previous: p ? { agency_id: p.agency_id == null ? null : String(p.agency_id), date: p.date || null, rating: p.rating || null } : null,
	};
}

function selfOf(a, n) {
	const s = (a.standards || []).find((x) => Number(x.number) === n);
	const self = (s && s.self) || {};
	return { answer: self.answer || null, comment: self.comment || '' };
}

const valueOf = (a, part) => (part === 'intro' ? introOf(a) : selfOf(a, Number(part)));
const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);

// --- the status line: offline or not, and what waits ---

let lastNote = null; // the outcome of the last sending, shown until something changes

function statusBox() {
	let box = document.getElementById('offline-status');
	if (!box) {
		box = h('div', { id: 'offline-status', class: 'offline-status', role: 'status', 'aria-live': 'polite' });
		document.getElementById('main').before(box);
	}
	return box;
}

export async function refresh() {
	const box = statusBox();
	const answers = app.user ? mine(await rows('answers')).length : 0;
	const uploads = app.user ? mine(await rows('uploads')).length : 0;
	if (answers + uploads) localStorage.setItem(PENDING_KEY, '1'); else localStorage.removeItem(PENDING_KEY);
	const offline = !navigator.onLine;
	clear(box);
	const lines = [];
	if (offline) lines.push(h('p', { id: 'offline-now' }, h('strong', {}, t('offline.offline')), ' ', t('offline.offline_text')));
	if (answers) lines.push(h('p', { id: 'offline-answers' }, t('offline.answers_waiting', { n: answers })));
	if (uploads) lines.push(h('p', { id: 'offline-uploads' }, t('offline.uploads_waiting', { n: uploads })));
	if (lastNote) lines.push(h('p', { id: 'offline-note' }, lastNote));
	if (lines.length) box.append(h('div', { class: offline ? 'offline-status__inner offline-status__inner--offline' : 'offline-status__inner' }, lines));
}

function note(text) { lastNote = text; return refresh(); }

// --- keeping the open assessment for the service worker ---

// The browser's offline data belongs to one person: another one signing in starts afresh.
async function claim() {
	if (!app.user) return;
	const owner = await row('meta', 'owner');
	if (owner && owner.user === me()) return;
	if (owner) {
		await caches.delete(KEPT_CACHE).catch(() => {});
		for (const r of await rows('answers')) if (r.user !== me()) await remove('answers', r.key);
		for (const u of await rows('uploads')) if (u.user !== me()) await remove('uploads', u.id);
	}
	await save('meta', { key: 'owner', user: me() });
}

// Keeps the API answers an assessment's pages read (the session, the agencies, the assessment)
// once; the service worker refreshes them with every fresh read. Only an assessment this person
// can still answer is kept.
// Where the service worker keeps the assessment's answer: the address the page reads it from.
const keptAssessment = (a) => `/api/v1/assessments/${encodeURIComponent(a.id)}`;

export async function keep(a) {
	if (!app.user || !canEditSelf(a) || !('caches' in window)) return;
	await claim();
	const cache = await caches.open(KEPT_CACHE);
	for (const path of ['/api/v1/session', '/api/v1/agencies', keptAssessment(a)])
		if (!await cache.match(path, { ignoreVary: true })) await cache.add(path).catch(() => {});
}

// The assessment as this person left it: what waits to be sent shows in place of the saved answer.
export async function overlay(a) {
	const waiting = mine(await rows('answers')).filter((r) => r.assessment === String(a.id));
	if (!waiting.length) return a;
	const copy = structuredClone(a);
	copy.standards = copy.standards || [];
	for (const r of waiting) {
		if (r.part === 'intro') { copy.intro = { ...(copy.intro || {}), ...r.mine }; continue; }
		let s = copy.standards.find((x) => Number(x.number) === Number(r.part));
		if (!s) { s = { number: Number(r.part), self: {}, verified: {} }; copy.standards.push(s); }
		s.self = { ...(s.self || {}), ...r.mine };
	}
	return copy;
}

// A fresh read passes by the service worker, so the kept copy is brought up to date here.
async function keepFresh(a) {
	if (!('caches' in window) || !await caches.has(KEPT_CACHE)) return;
	const cache = await caches.open(KEPT_CACHE);
	const path = keptAssessment(a);
	if (await cache.match(path, { ignoreVary: true }))
		await cache.put(path, new Response(JSON.stringify(a), { headers: { 'Content-Type': 'application/json' } }));
}

// What an assessment page calls with what it read: keep it, show what waits.
export async function prepare(a, { fresh = false } = {}) {
	(fresh ? keepFresh(a) : keep(a)).catch(() => {});
	return overlay(a);
}

// --- queueing what is saved while offline ---

// part: 'intro' or a standard's number. `before` is the server's value this edit started from:
// the first queued edit of a part records it, later ones keep it.
export async function queueAnswer(a, part, value) {
	await claim();
	const key = `${me()}/${a.id}/${part}`;
	const earlier = await row('answers', key);
	await save('answers', earlier ? { ...earlier, mine: value } :
		{ key, user: me(), assessment: String(a.id), part: String(part), before: valueOf(a, String(part)), mine: value });
	lastNote = null;
	await refresh();
}

export async function queueUpload(a, fields, file) {
	await claim();
	await save('uploads', { user: me(), assessment: String(a.id), fields, file, name: file.name, type: file.type });
	lastNote = null;
	await refresh();
}

// --- sending when the connection returns ---

let sending = null;
export function sync() {
	if (!sending) sending = send().finally(() => { sending = null; });
	return sending;
}

// A failure that stops the sending; `unreachable` when the server could not be reached.
class Stop extends Error { constructor(unreachable) { super('stopped'); this.unreachable = unreachable; } }

// A failure that stops the sending: offline again, or signed out. Anything else is the answer's.
function stopOn(err) {
	if (err instanceof ApiError && err.status === 401) { note(t('offline.signin_again')); throw new Stop(false); }
	if (!(err instanceof ApiError) || err.status === 0) throw new Stop(true);
}

// The browser says it is online but the server could not be reached: a connection coming back
// often needs a few seconds (and the service worker's own view of the network catches up later),
// so try again soon, then less and less often, up to the regular retry interval.
let retryDelay = 0;
function retrySoon() {
	if (!navigator.onLine) return;
	retryDelay = Math.min(retryDelay ? retryDelay * 2 : 1000, RETRY_MS);
	setTimeout(() => { if (navigator.onLine) sync(); }, retryDelay);
}

async function send() {
	if (!app.user || !navigator.onLine) return;
	let sent = 0;
	try {
		await claim();
		// while the person is choosing between two edits, their answers wait for that choice
		const choosing = !!document.getElementById('offline-conflict');
		const answers = choosing ? [] : mine(await rows('answers'));
		for (const id of new Set(answers.map((r) => r.assessment))) sent += await sendAnswers(id);
		sent += await sendUploads();
	} catch (err) {
		if (!(err instanceof Stop)) throw err;
		if (err.unreachable) retrySoon();
		return refresh();
	}
	retryDelay = 0;
	// while the person still has to choose, the count says what waits; "sent" would mislead
	if (sent && !document.getElementById('offline-conflict')) {
		lastNote = t('offline.sent');
		rerenderIfShowing();
	}
	return refresh();
}

// The assessment page on screen shows the answers as the server now has them, keeping whatever
// the person is typing there.
async function rerenderIfShowing() {
	if (!/^\/assessments\//.test(location.pathname)) return;
	app.readFresh = true;
	try { await app.rerender(); } finally { app.readFresh = false; }
}

// Sends the waiting answers of one assessment with its current version. A part nobody else
// touched since goes as it is; a part someone else changed goes to the person to decide.
async function sendAnswers(id) {
	const path = `/assessments/${encodeURIComponent(id)}`;
	for (let attempt = 0; attempt < 3; attempt++) {
		const waiting = mine(await rows('answers')).filter((r) => r.assessment === id);
		if (!waiting.length) return 0;
		let a;
		try { a = await api('GET', path, undefined, { fresh: true }); } catch (err) { stopOn(err); return refusedAll(id, waiting, err); }
		const ready = [], conflicts = [];
		let sent = 0;
		for (const r of waiting) {
			const now = valueOf(a, r.part);
			if (same(now, r.mine)) { await remove('answers', r.key); sent++; }
			else if (same(now, r.before)) ready.push(r);
			else conflicts.push({ ...r, theirs: now });
		}
		try {
			let version = a.version;
			const intro = ready.find((r) => r.part === 'intro');
			if (intro) {
				const after = await put(`${path}/intro`, intro.mine, { version });
				await remove('answers', intro.key);
				sent++;
				version = after && after.version !== undefined ? after.version : version;
			}
			const standards = ready.filter((r) => r.part !== 'intro');
			if (standards.length) {
				await put(`${path}/self-assessment`, { answers: standards.map((r) => ({ standard: Number(r.part), ...r.mine })) }, { version });
				for (const r of standards) await remove('answers', r.key);
				sent += standards.length;
			}
		} catch (err) {
			if (err instanceof ApiError && err.code === 'version_conflict') continue; // saved meanwhile: look again
			stopOn(err);
			return sent + await refusedAll(id, ready, err);
		}
		if (conflicts.length) showConflicts(id, a, conflicts);
		return sent;
	}
	return 0;
}

// The server refused them for good (the self-assessment was submitted or locked meanwhile): say
// which and why, and keep them until the person has read them.
async function refusedAll(id, list, err) {
	showConflicts(id, null, list.map((r) => ({ ...r, refused: err.message })));
	return 0;
}

async function sendUploads() {
	let sent = 0;
	for (const u of mine(await rows('uploads'))) {
		const data = new FormData();
		for (const [name, value] of Object.entries(u.fields)) if (value !== undefined && value !== null) data.append(name, value);
		data.append('file', new File([u.file], u.name, { type: u.type }));
		try {
			await upload(`/assessments/${encodeURIComponent(u.assessment)}/documents`, data);
			sent++;
		} catch (err) {
			stopOn(err);
			lastNote = t('offline.upload_refused', { title: u.fields.title, reason: err.message });
		}
		await remove('uploads', u.id);
	}
	return sent;
}

// --- choosing between this device's answer and the other edit ---

function describe(part, value) {
	if (part === 'intro') {
		const yesNo = (v) => (v === null ? t('answer.none') : t(v ? 'answer.yes' : 'answer.no'));
		return [h('p', {}, `${t('intro.contact')} ${yesNo(value.contact_with_beneficiaries)}`),
			h('p', {}, `${t('intro.previously')} ${yesNo(value.previously_assessed)}`),
			value.previous ? h('p', {}, `${t('intro.previous_date')} ${value.previous.date || '–'}; ${t('intro.previous_rating')} ${fmt.word('rating', value.previous.rating)}`) : null];
	}
	return [h('p', {}, h('strong', {}, fmt.word('answer', value.answer))),
		value.comment ? h('p', { class: 'offline-compare__comment' }, value.comment) : h('p', { class: 'hint' }, t('offline.no_comment'))];
}

const partTitle = (part) => (part === 'intro' ? t('intro.title') : `${t('standard.counter', { n: Number(part), of: 8 })}: ${standardTitle(Number(part))}`);

function showConflicts(id, a, list) {
	document.getElementById('offline-conflict')?.remove();
	const refused = list.some((c) => c.refused);
	const form = h('form', { class: 'form', novalidate: true, id: 'offline-conflict-form' },
		list.map((c, i) => h('div', { class: 'offline-compare', id: `offline-compare-${c.part}` },
			h('h3', { class: 'heading-s' }, partTitle(c.part)),
			h('div', { class: 'offline-compare__sides' },
				h('div', { class: 'offline-compare__side', id: `offline-mine-${c.part}` }, h('h4', {}, t('offline.mine')), describe(c.part, c.mine)),
				c.refused ? h('div', { class: 'offline-compare__side' }, h('h4', {}, t('offline.refused_reason')), h('p', {}, c.refused))
					: h('div', { class: 'offline-compare__side', id: `offline-theirs-${c.part}` }, h('h4', {}, t('offline.theirs')), describe(c.part, c.theirs))),
			c.refused ? null : radios({ id: `offline-choice-${i}`, label: t('offline.choose', { part: partTitle(c.part) }), field: `choice-${i}`,
				options: [['mine', t('offline.keep_mine')], ['theirs', t('offline.keep_theirs')]] }))),
		h('div', { class: 'button-group' }, button(t(refused ? 'offline.discard' : 'offline.save_choices'), { type: 'submit', id: 'offline-conflict-save' })));
	const panel = h('section', { class: 'offline-conflict notice notice--conflict', id: 'offline-conflict', tabindex: '-1', 'aria-labelledby': 'offline-conflict-title' },
		h('h2', { class: 'heading-m', id: 'offline-conflict-title' }, t(refused ? 'offline.refused_title' : 'offline.conflict_title')),
		h('p', {}, t(refused ? 'offline.refused_text' : 'offline.conflict_text')),
		form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(form);
		if (refused) {
			for (const c of list) await remove('answers', c.key);
			panel.remove();
			return refresh();
		}
		const choices = list.map((c, i) => radioValue(form, `offline-choice-${i}`));
		const missing = choices.map((c, i) => (c ? null : { field: `choice-${i}`, message: t('offline.choose_missing', { part: partTitle(list[i].part) }) })).filter(Boolean);
		if (missing.length) { showErrors(form, missing); return; }
		// "mine" now starts from the other edit the person has seen: it goes unless that changed again
		for (const [i, c] of list.entries()) {
			const { theirs, ...r } = c;
			if (choices[i] === 'theirs') await remove('answers', c.key);
			else await save('answers', { ...r, before: theirs });
		}
		panel.remove();
		lastNote = null;
		await sync();
		if (!document.getElementById('offline-conflict')) { await note(t('offline.resolved')); rerenderIfShowing(); }
	});
	statusBox().after(panel);
	panel.focus();
}

// --- signing out: nothing of this person stays in the browser ---

export async function forget() {
	await caches.delete(KEPT_CACHE).catch(() => {});
	if (dbPromise) { (await dbPromise.catch(() => null))?.close(); dbPromise = null; }
	await new Promise((ok) => { const r = indexedDB.deleteDatabase(DB_NAME); r.onsuccess = r.onerror = r.onblocked = () => ok(); });
	localStorage.removeItem(PENDING_KEY);
	lastNote = null;
	document.getElementById('offline-conflict')?.remove();
	clear(statusBox());
}

// Signing out ends the session on the server: without a connection the interface would only
// look signed out, and the next person to open it online would be signed in as this one.
export function signOutNeedsConnection() { return note(t('offline.signout_needs_connection')); }

// Before signing out: a last try at sending what waits. What still could not be sent is lost with
// the sign-out (forget), so the person is asked first; false: they stay signed in.
export async function readyToSignOut() {
	await sync().catch(() => {});
	const waiting = app.user ? mine(await rows('answers')).length + mine(await rows('uploads')).length : 0;
	return !waiting || window.confirm(t('offline.signout_confirm', { n: waiting }));
}

// --- start ---

let started = null;
export function start() {
	if (!started) started = (async () => {
		const api = { refresh, prepare, sync, forget };
		window.addEventListener('online', () => { refresh(); sync(); });
		window.addEventListener('offline', () => refresh());
		app.offline = api;
		// a server out of reach while the browser thinks it is online: try again now and then
		setInterval(() => { if (navigator.onLine && localStorage.getItem(PENDING_KEY)) sync(); }, RETRY_MS);
		await claim();
		await refresh();
		if (navigator.onLine) sync();
		// the page already drawn before this module arrived: keep its assessment too
		const m = /^\/assessments\/([^/]+)/.exec(location.pathname);
		if (m && app.user && navigator.onLine) get(`/assessments/${m[1]}`).then(keep).catch(() => {});
		return api;
	})();
	return started;
}
