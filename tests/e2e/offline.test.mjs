// Working offline in the browser: the interface installs (manifest, service worker), a partner
// editor answers Section 1 and 2 without a connection, through a reload, and the answers reach
// the server when it returns; an edit made meanwhile by someone else is shown and the person
// chooses; a file uploaded offline waits in a counted queue; signing out leaves nothing behind;
// the first page loads none of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, signOut, shot, axeViolations, go } from './lib.mjs';
import { catalogue, PDF } from './journey.mjs';

let server, browser, agencyApi, colleagueApi, person;
const en = catalogue('en');

async function ok(res, what) {
	assert.ok(res.status < 300, `${what}: ${res.status} ${res.text}`);
	return res.json;
}

// A partner with an open assessment, a colleague answering through the API, and the person in
// the browser (a partner has one open assessment at a time).
let partners = 0;
async function newAssessment() {
	const partnerId = (await ok(await agencyApi.post('/api/v1/partners', { name: `Tumaini Youth Circle ${++partners}`, type: 'cbo', country: 'KE' }), 'partner')).id;
	colleagueApi = await server.signIn('partner_editor', `partner:${partnerId}`);
	person = server.addUser('partner_editor', `partner:${partnerId}`, { name: 'Wanjiru Kamau', email: `wanjiru.${partners}@tumaini.test` });
	return (await ok(await agencyApi.post('/api/v1/assessments', { partner_id: partnerId }), 'assessment')).id;
}

const assessment = async (id) => ok(await agencyApi.get(`/api/v1/assessments/${id}`), 'read');
const self = (a, n) => a.standards.find((s) => Number(s.number) === n).self;

// Errors the browser logs for requests refused while offline are expected, not script errors.
const scriptErrors = (page) => page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR_/.test(e));

// Waits until the service worker controls the page and keeps this assessment for offline use
// (polled from here: waitForFunction would take the promise of an async check for a yes).
async function readyOffline(page, id) {
	page.setDefaultTimeout(15000); // a worker installing on two busy cores takes its time
	const path = `/api/v1/assessments/${id}`;
	for (const until = Date.now() + 15000; ; await page.waitForTimeout(100)) {
		// caches.match with a cacheName never creates the cache it looks in
		if (await page.evaluate(async (p) => !!navigator.serviceWorker.controller && !!(await caches.match(p, { cacheName: 'psea-kept' })), path)) return;
		assert.ok(Date.now() < until, 'the assessment is kept for offline use');
	}
}

// Keeps the service worker without a network while the page has one, as on a busy machine where
// the worker learns last that the connection is back. Returns what lets it go.
async function holdWorkerOffline(browser) {
	const cdp = await browser.newBrowserCDPSession();
	const { targetInfos } = await cdp.send('Target.getTargets');
	const worker = targetInfos.find((t) => t.type === 'service_worker');
	assert.ok(worker, 'a service worker runs');
	const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
	let id = 0;
	const conditions = (offline) => cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({
		id: ++id, method: 'Network.emulateNetworkConditions', params: { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 } }) });
	await conditions(true);
	return async () => { await conditions(false); await cdp.detach(); };
}

// A new assessment with Section 1 answered, open in the person's browser on standard n.
async function openOnStandard(n) {
	const id = await newAssessment();
	await ok(await colleagueApi.put(`/api/v1/assessments/${id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false }), 'intro');
	const page = await newPage(browser, server);
	await signIn(page, person.email);
	await go(page, `/assessments/${id}/standards/${n}`);
	return { id, page, context: page.context() };
}

async function answer(page, n, value, comment) {
	await page.waitForSelector(`h1:has-text(${JSON.stringify(en(`standard.${n}.title`))})`);
	await page.check(value === 'yes' ? '#answer' : `#answer-${value}`);
	await page.fill('#comment', comment);
	await page.click('#save-continue');
}

before(async () => {
	server = await Server.start();
	agencyApi = await server.signIn('agency_advanced_editor', 'UNICEF');
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('the interface is installable and its offline parts are served as browsers require', async () => {
	const html = await fetch(server.url + '/');
	const csp = html.headers.get('content-security-policy');
	assert.match(csp, /worker-src 'self'/);
	assert.match(csp, /manifest-src 'self'/);
	const manifest = await fetch(server.url + '/manifest.webmanifest');
	assert.equal(manifest.headers.get('content-type'), 'application/manifest+json');
	const m = await manifest.json();
	assert.equal(m.start_url, '/');
	assert.equal(m.display, 'standalone');
	for (const icon of m.icons) assert.equal((await fetch(server.url + icon.src)).status, 200, icon.src);
	assert.ok(m.icons.some((i) => i.sizes === '512x512' && i.type === 'image/png'));
	const sw = await fetch(server.url + '/sw.js');
	assert.match(sw.headers.get('content-type'), /^text\/javascript/);
	assert.equal(sw.headers.get('cache-control'), 'no-cache', 'a new version of the worker is seen at once');
	// every file the worker keeps at installation exists (else it would never install)
	const shell = /const SHELL = \[([^\]]*)\]/.exec(await sw.text())[1].match(/'([^']+)'/g).map((s) => s.slice(1, -1));
	for (const path of shell) assert.equal((await fetch(server.url + path)).status, 200, path);
});

test('the first page loads without the offline code; it comes after the page has loaded', async () => {
	const page = await newPage(browser, server);
	await page.goto('/signin');
	await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15000 });
	const timing = await page.evaluate(() => {
		const load = performance.getEntriesByType('navigation')[0].loadEventStart;
		const offline = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/js/offline.js'));
		return { load, offline: offline ? offline.startTime : null };
	});
	assert.ok(timing.offline !== null, 'the offline code is loaded after the page');
	assert.ok(timing.offline >= timing.load, `offline.js at ${timing.offline} ms, load at ${timing.load} ms`);
	assert.equal(await page.getAttribute('link[rel=manifest]', 'href'), '/manifest.webmanifest');
	await page.context().close();
});

test('Section 1 and 2 answered offline, through a reload, reach the server when the connection returns', async () => {
	const id = await newAssessment();
	const page = await newPage(browser, server);
	const context = page.context();
	await signIn(page, person.email);
	await go(page, `/assessments/${id}/intro`);
	await page.waitForSelector('#intro-form');
	await readyOffline(page, id);

	await context.setOffline(true);
	await page.waitForSelector('#offline-now');
	assert.match(await page.textContent('#offline-status'), new RegExp(en('offline.offline')));
	await page.check('#contact');
	await page.check('#previously-false');
	await page.click('#intro-save');
	await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('offline.saved_here'))})`);
	await answer(page, 1, 'yes', 'Signed by every volunteer in March');
	await page.waitForSelector(`h1:has-text(${JSON.stringify(en('standard.2.title'))})`);
	assert.equal((await page.textContent('#offline-answers')).trim(), en('offline.answers_waiting', { n: 2 }));

	// a reload without a connection opens the same page, with what waits
	await page.reload();
	await page.waitForSelector(`h1:has-text(${JSON.stringify(en('standard.2.title'))})`);
	await page.waitForSelector('#offline-answers');
	await answer(page, 2, 'no', 'The policy is still a draft');
	await go(page, `/assessments/${id}/standards/1`);
	await page.waitForSelector('#answer:checked');
	assert.equal(await page.inputValue('#comment'), 'Signed by every volunteer in March');
	assert.equal((await page.textContent('#offline-answers')).trim(), en('offline.answers_waiting', { n: 3 }));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'offline-answers-waiting');
	const before = await assessment(id);
	assert.equal(self(before, 1).answer, null, 'nothing has reached the server yet');

	// the worker hears last that the connection is back: the page drawn again once the answers
	// are sent shows them as the server has them, not the worker's copy from before
	const releaseWorker = await holdWorkerOffline(browser);
	await context.setOffline(false);
	await page.waitForSelector(`#offline-note:has-text(${JSON.stringify(en('offline.sent'))})`, { timeout: 15000 });
	assert.equal(await page.locator('#offline-answers').count(), 0);
	await page.waitForFunction(() => !document.querySelector('#main[aria-busy]'));
	assert.ok(await page.isChecked('#answer'), 'the sent answer is still shown');
	assert.equal(await page.inputValue('#comment'), 'Signed by every volunteer in March');
	await releaseWorker();
	const a = await assessment(id);
	assert.equal(a.intro.contact_with_beneficiaries, true);
	assert.equal(a.intro.previously_assessed, false);
	assert.deepEqual([self(a, 1).answer, self(a, 1).comment], ['yes', 'Signed by every volunteer in March']);
	assert.deepEqual([self(a, 2).answer, self(a, 2).comment], ['no', 'The policy is still a draft']);
	assert.deepEqual(scriptErrors(page), []);
	await context.close();
});

test('when the first try after the connection returns cannot reach the server, the answers go seconds later', async () => {
	const { id, page, context } = await openOnStandard(7);
	await readyOffline(page, id);

	await context.setOffline(true);
	await page.waitForSelector('#offline-now');
	await answer(page, 7, 'yes', 'Complaints box at each site');
	await page.waitForSelector('#offline-answers');
	// a network that comes back slowly: the page hears "online", but its first request fails
	await page.evaluate(() => {
		const real = window.fetch;
		let failures = 1;
		window.fetch = (...args) => (failures-- > 0 ? Promise.reject(new TypeError('Failed to fetch')) : real(...args));
	});
	await context.setOffline(false);
	// well within the regular retry interval (30 s): the next try comes in seconds
	await page.waitForSelector(`#offline-note:has-text(${JSON.stringify(en('offline.sent'))})`, { timeout: 10000 });
	const a = await assessment(id);
	assert.deepEqual([self(a, 7).answer, self(a, 7).comment], ['yes', 'Complaints box at each site']);
	await context.close();
});

test('an edit made meanwhile by someone else is shown, and the person chooses which to keep', async () => {
	const id = await newAssessment();
	const base = `/api/v1/assessments/${id}`;
	await ok(await colleagueApi.put(`${base}/intro`, { contact_with_beneficiaries: true, previously_assessed: false }), 'intro');
	await ok(await colleagueApi.put(`${base}/self-assessment`, { answers: [{ standard: 3, answer: 'no', comment: 'First look' }] }), 'answers');
	const page = await newPage(browser, server);
	const context = page.context();
	await signIn(page, person.email);
	await go(page, `/assessments/${id}/standards/3`);
	await readyOffline(page, id);

	await context.setOffline(true);
	await page.waitForSelector('#offline-now');
	await answer(page, 3, 'yes', 'Mine: the code was signed in May');
	await answer(page, 4, 'yes', 'Mine: a focal point is named');
	await answer(page, 5, 'no', 'Mine: no training yet');
	await page.waitForSelector(`h1:has-text(${JSON.stringify(en('standard.6.title'))})`);
	// meanwhile a colleague, online, changes standards 3 and 4 (not 5)
	const version = (await assessment(id)).version;
	await ok(await colleagueApi.put(`${base}/self-assessment`, { answers: [{ standard: 3, answer: 'no', comment: 'Theirs: not signed' },
		{ standard: 4, answer: 'no', comment: 'Theirs: vacant post' }] }, { headers: { 'If-Match': `"${version}"` } }), 'colleague');

	await context.setOffline(false);
	await page.waitForSelector('#offline-conflict', { timeout: 15000 });
	assert.match(await page.textContent('#offline-mine-3'), /Mine: the code was signed in May/);
	assert.match(await page.textContent('#offline-theirs-3'), /Theirs: not signed/);
	assert.match(await page.textContent('#offline-theirs-4'), /Theirs: vacant post/);
	assert.equal(await page.locator('#offline-compare-5').count(), 0, 'an answer nobody else touched is no conflict');
	assert.equal(await page.locator('#offline-note').count(), 0, 'not "sent" while two answers still wait for a choice');
	// the untouched one is already saved; the others wait for the person
	let a = await assessment(id);
	assert.equal(self(a, 5).comment, 'Mine: no training yet');
	assert.equal(self(a, 3).comment, 'Theirs: not signed');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'offline-conflict');
	// saving without choosing says what is missing
	await page.click('#offline-conflict-save');
	await page.waitForSelector('#offline-conflict .error-summary, #offline-conflict .field--error');
	await page.check('#offline-choice-0'); // standard 3: keep mine
	await page.check('#offline-choice-1-theirs'); // standard 4: keep the other edit
	await page.click('#offline-conflict-save');
	await page.waitForSelector(`#offline-note:has-text(${JSON.stringify(en('offline.resolved'))})`);
	assert.equal(await page.locator('#offline-conflict').count(), 0);
	a = await assessment(id);
	assert.deepEqual([self(a, 3).answer, self(a, 3).comment], ['yes', 'Mine: the code was signed in May']);
	assert.deepEqual([self(a, 4).answer, self(a, 4).comment], ['no', 'Theirs: vacant post']);
	assert.deepEqual([self(a, 5).answer, self(a, 5).comment], ['no', 'Mine: no training yet']);
	assert.equal(await page.locator('#offline-answers').count(), 0);
	assert.deepEqual(scriptErrors(page), []);
	await context.close();
});

test('a file uploaded offline waits in the counted queue and is sent when the connection returns; signing out forgets it all', async () => {
	const { id, page, context } = await openOnStandard(6);
	await page.waitForSelector('form.upload');
	await readyOffline(page, id);

	await context.setOffline(true);
	await page.waitForSelector('#offline-now');
	await page.selectOption('form.upload select[id$="-kind"]', '__other');
	await page.fill('form.upload input[id$="-other"]', 'Complaints register');
	await page.setInputFiles('form.upload input[type=file]', { name: 'register.pdf', mimeType: 'application/pdf', buffer: PDF });
	await page.check('form.upload input[id$="-approved"]');
	await page.click('form.upload button[type=submit]');
	await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('offline.upload_queued', { title: 'Complaints register' }))})`);
	assert.equal((await page.textContent('#offline-uploads')).trim(), en('offline.uploads_waiting', { n: 1 }));
	assert.equal(self(await assessment(id), 6).documents.length, 0);

	// the page is back online before its worker: what it shows once sent is the server's answer,
	// not the copy the worker kept from before the upload
	const releaseWorker = await holdWorkerOffline(browser);
	await context.setOffline(false);
	await page.waitForSelector(`#offline-note:has-text(${JSON.stringify(en('offline.sent'))})`, { timeout: 15000 });
	assert.equal(await page.locator('#offline-uploads').count(), 0);
	const docs = self(await assessment(id), 6).documents;
	assert.deepEqual(docs.map((d) => d.title), ['Complaints register']);
	await page.waitForSelector(`#document-${docs[0].id}`);
	await releaseWorker();

	// signing out leaves neither the kept assessment nor the queue in the browser
	await signOut(page);
	const left = await page.evaluate(async () => ({
		caches: (await caches.keys()).filter((k) => k === 'psea-kept'),
		databases: (await indexedDB.databases()).map((d) => d.name).filter((n) => n === 'psea-offline'),
	}));
	assert.deepEqual(left, { caches: [], databases: [] });
	await context.setOffline(true);
	await page.goto(`/assessments/${id}/standards/6`);
	await page.waitForSelector('#signin-form');
	assert.deepEqual(scriptErrors(page), []);
	await context.close();
});

test('signing out needs the connection, and asks before deleting what could not be sent', async () => {
	const { id, page, context } = await openOnStandard(7);
	await readyOffline(page, id);
	const dialogs = [];
	let accept = false;
	page.on('dialog', (d) => { dialogs.push(d.message()); (accept ? d.accept() : d.dismiss()).catch(() => {}); });

	// offline, signing out would only look done: the person stays signed in, with the answer kept
	await context.setOffline(true);
	await page.waitForSelector('#offline-now');
	await answer(page, 7, 'yes', 'Mine: a box at each site');
	await page.waitForSelector('#offline-answers');
	await page.click('#sign-out');
	await page.waitForSelector(`#offline-note:has-text(${JSON.stringify(en('offline.signout_needs_connection'))})`);
	assert.equal(await page.locator('#sign-out').count(), 1, 'still signed in');
	assert.equal((await page.textContent('#offline-answers')).trim(), en('offline.answers_waiting', { n: 1 }));
	assert.deepEqual(dialogs, []);
	await shot(page, 'offline-signout-needs-connection');

	// online, but the answer cannot reach the server: the person is asked, and may stay
	await page.evaluate(() => {
		const real = window.fetch;
		window.fetch = (url, options) => (/self-assessment$/.test(String(url)) ? Promise.reject(new TypeError('Failed to fetch')) : real(url, options));
	});
	await context.setOffline(false);
	await page.waitForSelector('#offline-now', { state: 'detached' });
	await page.click('#sign-out');
	await page.waitForFunction(() => document.querySelector('#sign-out')); // still there once asked
	await expectDialog(dialogs, en('offline.signout_confirm', { n: 1 }));
	assert.equal(await page.locator('#sign-out').count(), 1, 'staying signed in');
	assert.equal((await page.textContent('#offline-answers')).trim(), en('offline.answers_waiting', { n: 1 }));

	// choosing to sign out anyway ends the session on the server and forgets the answer here
	const cookie = (await context.cookies()).find((c) => c.name === 'psea_session');
	accept = true;
	await page.click('#sign-out');
	await page.waitForSelector('#signin-form');
	assert.equal(dialogs.length, 2);
	const after = await fetch(`${server.url}/api/v1/session`, { headers: { Cookie: `psea_session=${cookie.value}` } });
	assert.equal(after.status, 401, 'the session has ended on the server');
	assert.equal(await page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'psea-offline')), false);
	assert.deepEqual([self(await assessment(id), 7).answer], [null]);
	await context.close();
});

// Waits for the one question the page asked, and checks its words.
async function expectDialog(dialogs, text) {
	for (const until = Date.now() + 10000; !dialogs.length; await new Promise((ok) => setTimeout(ok, 50)))
		assert.ok(Date.now() < until, 'the page asks before signing out');
	assert.deepEqual(dialogs, [text]);
}

test('answers the server no longer accepts (submitted meanwhile) are listed with the reason before they are discarded', async () => {
	const id = await newAssessment();
	const base = `/api/v1/assessments/${id}`;
	await ok(await colleagueApi.put(`${base}/intro`, { contact_with_beneficiaries: true, previously_assessed: false }), 'intro');
	const all = [1, 2, 3, 4, 5, 6, 7, 8].map((standard) => ({ standard, answer: 'no', comment: 'Not yet' }));
	await ok(await colleagueApi.put(`${base}/self-assessment`, { answers: all }), 'answers');
	const page = await newPage(browser, server);
	const context = page.context();
	await signIn(page, person.email);
	await go(page, `/assessments/${id}/standards/7`);
	await readyOffline(page, id);

	await context.setOffline(true);
	await page.waitForSelector('#offline-now');
	await answer(page, 7, 'yes', 'Mine: the plan exists');
	await page.waitForSelector(`h1:has-text(${JSON.stringify(en('standard.8.title'))})`);
	// meanwhile the colleague submits the self-assessment: answers can no longer change
	await ok(await colleagueApi.post(`${base}/self-assessment/submit`, {}), 'submit');

	await context.setOffline(false);
	await page.waitForSelector('#offline-conflict', { timeout: 15000 });
	assert.match(await page.textContent('#offline-conflict-title'), new RegExp(en('offline.refused_title')));
	assert.match(await page.textContent('#offline-mine-7'), /Mine: the plan exists/);
	assert.equal((await page.textContent('#offline-answers')).trim(), en('offline.answers_waiting', { n: 1 }), 'kept until the person has read it');
	assert.deepEqual(await axeViolations(page), []);
	await page.click('#offline-conflict-save');
	await page.waitForSelector('#offline-conflict', { state: 'detached' });
	assert.equal(await page.locator('#offline-answers').count(), 0);
	const a = await assessment(id);
	assert.equal(a.status, 'submitted');
	assert.deepEqual([self(a, 7).answer, self(a, 7).comment], ['no', 'Not yet']);
	assert.deepEqual(scriptErrors(page), []);
	await context.close();
});
