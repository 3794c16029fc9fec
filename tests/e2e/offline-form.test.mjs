// The offline form, round trip: an agency advanced editor downloads the workbook from the
// partner's page, a script fills it as a person would in a spreadsheet program (each value in
// the cell its defined name points at), the editor uploads it, is shown the bad cells of a first
// attempt (a bad evidence file among them), checks the answers and the evidence of a corrected
// one and imports it; the assessment holds the same answers and the evidence under its standard.
// A partner user finds the form in the navigation, in French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue } from './journey.mjs';
import { fillWorkbook, readCell } from '../api/workbook.mjs';
import { pdf, script } from '../api/files.mjs';

let server, browser, api, partnerId, editor, partnerUser;
const en = catalogue('en');

before(async () => {
	server = await Server.start({ clock: '2026-11-20T10:00:00Z' });
	api = await server.signIn('agency_advanced_editor', 'UNICEF');
	const r = await api.post('/api/v1/partners', { name: 'Solidarité Rurale', type: 'national_ngo', country: 'SN' });
	assert.equal(r.status, 201, r.text);
	partnerId = r.json.id;
	editor = server.addUser('agency_advanced_editor', 'UNICEF', { name: 'Awa Diop', email: 'awa@unicef.org' });
	partnerUser = server.addUser('partner_editor', `partner:${partnerId}`, { name: 'Moussa Fall', email: 'moussa@solidarite.test' });
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

// Standard 5 verified no, standard 8 not applicable; one activity for standard 5.
function answers() {
	const v = {
		s1_contact: 'Yes', s1_previously_assessed: 'No', verify_rating_date: '2026-11-12',
		plan_act1_standard: '5', plan_act1_description: 'Set up a community complaints line',
		plan_act1_responsible: 'Programme manager', plan_act1_due_date: '2027-02-15',
	};
	for (let k = 1; k <= 8; k++) {
		v[`s2_std${k}_answer`] = k === 8 ? 'Not applicable' : 'Yes';
		v[`verify_std${k}_answer`] = k === 5 ? 'No' : k === 8 ? 'Not applicable' : 'Yes';
	}
	v.s2_std1_comment = 'Policy adopted by the board in 2025';
	v.verify_std5_comment = 'No channel for children yet';
	return v;
}

test('download, fill by script, check the answers, import: the same answers', async () => {
	const page = await newPage(browser, server);
	await signIn(page, editor.email);
	await go(page, `/partners/${partnerId}`);
	await page.waitForSelector('#offline-download-partner');
	const [download] = await Promise.all([page.waitForEvent('download'), page.click('#offline-download-partner')]);
	const blank = readFileSync(await download.path());
	assert.equal(readCell(blank, 'partner_id'), String(partnerId), 'the partner is filled in');
	assert.equal(readCell(blank, 'form_language'), 'en');

	// a first attempt with a bad cell: listed by sheet and cell, nothing saved
	const bad = join(server.dir, 'bad.xlsx');
	writeFileSync(bad, fillWorkbook(blank, { ...answers(), s2_std2_answer: 'Sometimes' }));
	await page.click('#offline-import-partner');
	await page.waitForSelector('#offline-upload');
	assert.equal(await page.inputValue('#offline-partner'), String(partnerId));
	await page.setInputFiles('#offline-file', bad);
	await page.setInputFiles('#offline-evidence-2', { name: 'clause.pdf', mimeType: 'application/pdf', buffer: script() });
	await page.click('#offline-read');
	await page.waitForSelector('.error-summary');
	assert.ok((await page.textContent('.error-summary')).includes(en('error.document_not_approved')), 'the files must be confirmed as approved');
	await page.check('#offline-approved');
	await page.click('#offline-read');
	await page.waitForFunction(() => document.querySelector('.error-summary')?.textContent.includes('Section 2!E6'));
	const summary = await page.textContent('.error-summary');
	assert.ok(summary.includes(en('offline.errors_title')), summary);
	assert.ok(summary.includes('Section 2!E6: choose Yes or No from the list'), summary);
	assert.ok(summary.includes(`clause.pdf: ${en('error.unsupported_media_type')}`), summary);
	assert.ok((await page.textContent('[data-field="evidence_2"] .error-message')).includes('clause.pdf'), 'said beside its standard too');
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'offline-import-errors');
	assert.equal((await api.get(`/api/v1/partners/${partnerId}/assessments`)).json.items.length, 0);

	// the corrected workbook: check the answers, then import
	const good = join(server.dir, 'good.xlsx');
	writeFileSync(good, fillWorkbook(blank, answers()));
	await page.setInputFiles('#offline-file', good);
	await page.setInputFiles('#offline-evidence-2', []);
	await page.setInputFiles('#offline-evidence-1', { name: 'conduct-policy.pdf', mimeType: 'application/pdf', buffer: pdf() });
	await page.click('#offline-read');
	await page.waitForSelector('#offline-confirm');
	assert.ok((await page.textContent('#offline-evidence-list')).includes('conduct-policy.pdf'), 'the check page lists the evidence');
	assert.equal(await page.textContent('h1'), en('offline.check_title'));
	assert.match(await page.textContent('#offline-standard-5'), new RegExp(`${en('answer.yes')}.*${en('answer.no')}.*No channel for children yet`));
	assert.ok((await page.textContent('#offline-standard-1')).includes('Policy adopted by the board in 2025'));
	assert.ok((await page.textContent('#offline-rating')).includes(en('rating.medium')));
	assert.ok((await page.textContent('#offline-activities')).includes('Set up a community complaints line'));
	assert.deepEqual(await axeViolations(page), []);
	await shot(page, 'offline-import-check');
	await page.click('#offline-confirm');
	await page.waitForSelector('#imported-from');
	const main = await page.textContent('#main');
	assert.ok(main.includes(en('offline.done')));
	assert.ok(main.includes(en('event.imported_offline_form')), 'the history says where the assessment came from');
	assert.deepEqual(await axeViolations(page), []);

	const items = (await api.get(`/api/v1/partners/${partnerId}/assessments`)).json.items;
	assert.equal(items.length, 1);
	const x = (await api.get(`/api/v1/assessments/${items[0].id}`)).json;
	const filled = answers();
	const word = { Yes: 'yes', No: 'no', 'Not applicable': 'na' };
	for (let k = 1; k <= 8; k++) {
		assert.equal(x.standards[k - 1].self.answer, word[filled[`s2_std${k}_answer`]], `self ${k}`);
		assert.equal(x.standards[k - 1].verified.answer, word[filled[`verify_std${k}_answer`]], `verified ${k}`);
	}
	assert.equal(x.standards[0].self.comment, 'Policy adopted by the board in 2025');
	assert.equal(x.rating.rated_at, '2026-11-12T00:00:00Z');
	assert.equal(x.csip.activities[0].description, 'Set up a community complaints line');
	const [doc] = x.standards[0].self.documents;
	assert.equal(doc.title, 'conduct-policy.pdf');
	assert.deepEqual((await api.get(`/api/v1/documents/${doc.id}`)).body, pdf());
	await go(page, `/assessments/${x.id}/standards/1`);
	await page.waitForSelector(`#document-${doc.id}`);
	assert.ok((await page.textContent(`#document-${doc.id}`)).includes('conduct-policy.pdf'), 'the evidence shows under its standard');
	assert.deepEqual(page.errors, []);
});

test('a partner user finds the form in the navigation, in its language', async () => {
	const page = await newPage(browser, server);
	await signIn(page, partnerUser.email);
	await page.click('#nav-offline');
	await page.waitForSelector('#offline-download');
	assert.equal(await page.$('#offline-import-link'), null, 'only agency advanced editors bring a form in');
	await page.selectOption('#offline-language', 'fr');
	const [download] = await Promise.all([page.waitForEvent('download'), page.click('#offline-download')]);
	const book = readFileSync(await download.path());
	assert.equal(readCell(book, 'form_language'), 'fr');
	assert.equal(readCell(book, 'partner_id'), String(partnerId));
	assert.deepEqual(await axeViolations(page), []);
	assert.deepEqual(page.errors, []);
});
