// Unlocks and comments in the browser: a partner asks for its self-assessment to be reopened,
// the agency reopens it with a reason the partner then reads; a rating reopened the same way;
// a comment from each side; and an error that only the server can find (an earlier assessment
// older than five years) shown beside its field, in French, with what was typed kept.
// The set-up between the browser steps goes through the API, which is quicker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue } from './journey.mjs';

let server, browser, agencyApi, partnerApi, partnerId, assessmentId, agency, partner;
const fr = catalogue('fr');
const en = catalogue('en');
const NO_DOCS = [1, 2, 3, 4, 5, 6, 7].map((n) => ({ standard: n, answer: 'no', comment: '' })).concat([{ standard: 8, answer: 'na', comment: '' }]);

async function ok(res, what) {
	assert.ok(res.status < 300, `${what}: ${res.status} ${res.text}`);
	return res.json;
}

before(async () => {
	server = await Server.start();
	agencyApi = await server.signIn('agency_advanced_editor', 'UNICEF');
	partnerId = (await ok(await agencyApi.post('/api/v1/partners', { name: 'Lumière Santé', type: 'national_ngo', country: 'SN' }), 'partner')).id;
	assessmentId = (await ok(await agencyApi.post('/api/v1/assessments', { partner_id: partnerId }), 'assessment')).id;
	partnerApi = await server.signIn('partner_editor', `partner:${partnerId}`);
	agency = server.addUser('agency_advanced_editor', 'UNICEF', { name: 'Amina Diallo', email: 'amina@unicef.org' });
	partner = server.addUser('partner_editor', `partner:${partnerId}`, { name: 'Awa Sarr', email: 'awa@lumiere.test' });
	const { psea } = await import('../api/lib.mjs');
	psea(['user', 'add', '--db', server.db, '--email', 'fatou@lumiere.test', '--name', 'Fatou Ba', '--role', 'partner_editor', '--org', `partner:${partnerId}`, '--password-stdin', '--language', 'fr'], { input: 'correct-horse-battery\n' });
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('an error only the server finds is shown beside its field, in French, keeping what was typed', async () => {
	const page = await newPage(browser, server);
	await signIn(page, 'fatou@lumiere.test');
	await go(page, `/assessments/${assessmentId}/intro`);
	await page.check('#contact');
	await page.check('#previously');
	await page.selectOption('#previous-agency', { index: 2 });
	const old = new Date(); old.setFullYear(old.getFullYear() - 6);
	const date = old.toISOString().slice(0, 10);
	await page.fill('#previous-date', date);
	await page.check('#previous-rating');
	await page.click('#intro-save');
	await page.waitForSelector('[data-field="previous.date"].field--error');
	assert.equal(await page.textContent('[data-field="previous.date"] .error-message'), `${fr('error.prefix')} ${fr('error.previous.date.out_of_range')}`);
	assert.match(await page.textContent('.error-summary'), new RegExp(fr('error.summary')));
	assert.equal(await page.inputValue('#previous-date'), date);
	assert.equal(await page.isChecked('#previous-rating'), true);
	const v = await axeViolations(page);
	assert.deepEqual(v, []);
	await shot(page, 'fr-intro-server-error');
	await page.context().close();
});

test('the partner asks for an unlock, the agency reopens the self-assessment with a reason the partner reads', async () => {
	const base = `/api/v1/assessments/${assessmentId}`;
	await ok(await partnerApi.put(`${base}/intro`, { contact_with_beneficiaries: true, previously_assessed: false, previous: null }), 'intro');
	await ok(await partnerApi.put(`${base}/self-assessment`, { answers: NO_DOCS }), 'answers');
	await ok(await partnerApi.post(`${base}/self-assessment/submit`, {}), 'submit');

	const p = await newPage(browser, server);
	await signIn(p, partner.email);
	await go(p, `/assessments/${assessmentId}`);
	await p.click('#go-unlock-request');
	await p.click('#unlock-submit');
	await p.waitForSelector('[data-field="reason"].field--error');
	await p.fill('#reason', 'We found our signed code of conduct and want to change standard 1.');
	await p.click('#unlock-submit');
	await p.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('unlock.request_done'))})`);

	const a = await newPage(browser, server);
	await signIn(a, agency.email);
	await a.waitForSelector('.alert-list');
	assert.match(await a.textContent('.alert-list'), /Lumière Santé/);
	await shot(a, 'agency-home-alerts');
	assert.deepEqual(await axeViolations(a), []);
	await go(a, `/assessments/${assessmentId}`);
	assert.match(await a.textContent('section[aria-labelledby="history"]'), new RegExp(en('event.unlock_requested')));
	await a.click('#go-unlock-self');
	await a.fill('#reason', 'Reopened as asked: add the signed code of conduct to standard 1.');
	await shot(a, 'agency-unlock-self');
	await a.click('#unlock-submit');
	await a.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('unlock.self_done'))})`);

	await go(p, `/assessments/${assessmentId}`);
	await p.waitForSelector('.notice--warning');
	assert.match(await p.textContent('.notice--warning'), /add the signed code of conduct/);
	// Editable again, the earlier answers kept as the starting point.
	await go(p, `/assessments/${assessmentId}/standards/1`);
	assert.equal(await p.isChecked('#answer-no'), true);
	assert.equal(await p.isDisabled('#answer'), false);
	// A comment from the partner, read by the agency.
	await go(p, `/assessments/${assessmentId}`);
	await p.fill('#comment-text', 'Thank you, we are adding it today.');
	await p.click('#comment-submit');
	await p.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('comments.posted'))})`);
	await go(a, `/assessments/${assessmentId}`);
	assert.match(await a.textContent('section[aria-labelledby="comments"]'), /we are adding it today/);
	await shot(p, 'partner-after-unlock');
	await p.context().close();
	await a.context().close();
});

test('a second agency joins the open assessment of a shared partner from the partner page', async () => {
	const wfp = server.addUser('agency_advanced_editor', 'WFP', { name: 'Walter Field', email: 'walter@wfp.org' });
	const w = await newPage(browser, server);
	await signIn(w, wfp.email);
	await go(w, `/partners/${partnerId}`);
	await w.waitForSelector('#join');
	assert.deepEqual(await axeViolations(w), []);
	await shot(w, 'wfp-partner-join');
	await w.click('#join');
	await w.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('assessment.joined'))})`);
	assert.match(await w.textContent('dl'), /WFP/);
	await go(w, `/partners/${partnerId}`);
	await w.waitForSelector('#open-assessment');
	assert.equal(await w.locator('#join').count(), 0, 'no second join once joined');
	await w.context().close();
});

test('the agency reopens a rating with a reason; the partner is told why', async () => {
	const base = `/api/v1/assessments/${assessmentId}`;
	await ok(await partnerApi.post(`${base}/self-assessment/submit`, {}), 'submit again');
	await ok(await agencyApi.put(`${base}/verification`, { answers: NO_DOCS }), 'verify');
	await ok(await agencyApi.post(`${base}/finalize`, {}), 'finalize');

	const a = await newPage(browser, server);
	await signIn(a, agency.email);
	await go(a, `/assessments/${assessmentId}`);
	assert.match(await a.textContent('#rating-panel'), new RegExp(en('rating.low')));
	await a.click('#go-unlock-rating');
	await a.fill('#reason', 'Monitoring found a new reporting channel; standard 5 needs a second look.');
	await a.click('#unlock-submit');
	await a.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('unlock.rating_done'))})`);
	assert.match(await a.textContent('dl'), new RegExp(en('status.rating_unlocked')));
	await a.context().close();

	const p = await newPage(browser, server);
	await signIn(p, partner.email);
	await p.waitForSelector('.alert-list');
	assert.match(await p.textContent('.alert-list'), /standard 5 needs a second look/);
	await shot(p, 'partner-home-rating-unlocked');
	await p.context().close();
});

test('the assessment page links to the PDF report in the language of the screen', async () => {
	const page = await newPage(browser, server);
	await signIn(page, 'fatou@lumiere.test');
	await go(page, `/assessments/${assessmentId}`);
	await page.waitForSelector('#report-pdf');
	assert.equal(await page.textContent('#report-pdf'), fr('assessment.report_pdf'));
	const href = await page.getAttribute('#report-pdf', 'href');
	assert.equal(href, `/api/v1/assessments/${assessmentId}/report.pdf?lang=fr`);
	const pdf = await page.request.get(href);
	assert.equal(pdf.status(), 200);
	assert.equal(pdf.headers()['content-type'], 'application/pdf');
	await page.context().close();
});
