// What each role reads and where its focus lands: Section 1 with an earlier assessment says what
// comes next and goes there; a plan's status chosen but not saved is marked so; the summary of a
// refused submission names each standard; the focus moves to the result of an upload and of a
// disclosure; read-only answers read as answers; the partner's own pages speak to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue, PDF } from './journey.mjs';
import { agencyClients, ratedPartner, activePlan } from '../api/plans.mjs';
import { agencyId, createPartner, openAssessment } from '../api/psea.mjs';

let server, browser, agency;
const en = catalogue('en');
const fr = catalogue('fr');

before(async () => {
  server = await Server.start();
  agency = await agencyClients(server);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

// A partner with an open assessment and one of its editors, signed in a browser.
async function partnerAt(stage, options = {}) {
  const p = await createPartner(agency.advanced, { name: options.name || `Upendo ${stage}` });
  const a = await openAssessment(agency.advanced, p.id);
  const account = server.addUser('partner_editor', `partner:${p.id}`, { name: 'Neema Mushi' });
  const page = await newPage(browser, server, options);
  await signIn(page, account.email);
  return { partnerId: p.id, id: a.id, page, base: `/assessments/${a.id}` };
}

const focusedText = (page) => page.evaluate(() => document.activeElement?.textContent || '');

test('Section 1 with an earlier assessment: the button says what comes next, saving goes to the upload, then on to Section 2', async () => {
  const { page, base, id } = await partnerAt('intro');
  await go(page, `${base}/intro`);
  await page.check('#contact');
  assert.equal(await page.textContent('#intro-next'), en('intro.next_section2'));
  await page.check('#previously');
  assert.equal(await page.textContent('#intro-next'), en('intro.next_upload'));
  await page.selectOption('#previous-agency', String(await agencyId(agency.reader, 'WFP')));
  const lastYear = new Date(Date.now() - 365 * 86400e3).toISOString().slice(0, 10);
  await page.fill('#previous-date', lastYear);
  await page.check('#previous-rating-medium');
  await page.click('#intro-save');
  // saved; the page says the upload comes next, with the focus on that sentence
  await page.waitForSelector('#previous-documents');
  assert.equal(await focusedText(page), en('intro.saved_upload_next'));
  assert.equal(new URL(page.url()).pathname, `${base}/intro`);
  assert.equal(await page.getAttribute('#intro-to-section2', 'href'), `${base}/standards/1`);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'intro-upload-next');
  // the upload: the focus moves to its result
  const form = page.locator('#previous-documents form.upload');
  await form.locator('select').first().selectOption({ label: en('intro.doc_previous') });
  await form.locator('input[type=file]').setInputFiles({ name: 'earlier.pdf', mimeType: 'application/pdf', buffer: PDF });
  await form.locator('input[type=checkbox]').check();
  await form.locator('button[type=submit]').click();
  await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('upload.done', { title: en('intro.doc_previous') }))})`);
  assert.equal(await focusedText(page), en('upload.done', { title: en('intro.doc_previous') }));
  // with the earlier assessment uploaded, "Save and continue" goes on to Section 2
  assert.equal(await page.textContent('#intro-next'), en('intro.next_section2'));
  await page.click('#intro-save');
  await page.waitForURL(`**${base}/standards/1`);
  await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('intro.saved_section2_next'))})`);
  const a = (await agency.reader.get(`/api/v1/assessments/${id}`)).json;
  assert.equal(a.intro.previously_assessed, true);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('plan: a status chosen but not saved is marked "Not saved", and stays marked when another row is saved', async () => {
  const ctx = await ratedPartner(server, agency, { unmet: [3, 5], name: 'Jamii Health' });
  const ids = await activePlan(ctx, agency);
  const account = server.addUser('partner_editor', `partner:${ctx.partnerId}`);
  const page = await newPage(browser, server);
  await signIn(page, account.email);
  await go(page, `/assessments/${ctx.id}/plan`);
  await page.waitForSelector('#activities');
  assert.equal(await page.isVisible(`#activity-${ids[3]}-unsaved`), false);
  await page.selectOption(`#activity-${ids[3]}-status`, 'in_progress');
  await page.selectOption(`#activity-${ids[5]}-status`, 'in_progress');
  for (const n of [3, 5]) {
    assert.equal(await page.isVisible(`#activity-${ids[n]}-unsaved`), true);
    assert.match(await page.textContent(`#activity-${ids[n]}-unsaved`), new RegExp(en('plan.status_unsaved')));
  }
  await shot(page, 'plan-unsaved');
  // choosing the saved status again takes the mark away
  await page.selectOption(`#activity-${ids[5]}-status`, 'not_started');
  assert.equal(await page.isVisible(`#activity-${ids[5]}-unsaved`), false);
  await page.selectOption(`#activity-${ids[5]}-status`, 'in_progress');
  // saving one row: that row is saved and unmarked, the other keeps the choice and the mark
  await page.click(`#activity-${ids[3]}-save`);
  await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(en('plan.activity_saved'))})`);
  assert.equal(await focusedText(page), en('plan.activity_saved'));
  assert.equal(await page.isVisible(`#activity-${ids[3]}-unsaved`), false);
  assert.equal(await page.inputValue(`#activity-${ids[5]}-status`), 'in_progress');
  assert.equal(await page.isVisible(`#activity-${ids[5]}-unsaved`), true);
  const acts = (await agency.reader.get(`/api/v1/assessments/${ctx.id}/csip`)).json.activities;
  assert.deepEqual(acts.map((x) => x.status), ['in_progress', 'not_started']);
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

test('check your answers: the summary of a refused submission names each standard in error, once', async () => {
  const { page, base, id } = await partnerAt('check');
  await page.selectOption('#language', 'fr');
  await page.waitForSelector(`#sign-out:has-text(${JSON.stringify(fr('nav.signout'))})`);
  // Section 1 and two answers, given by the agency on the partner's behalf
  const intro = await agency.editor.put(`/api/v1/assessments/${id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false, previous: null });
  assert.equal(intro.status, 200, intro.text);
  const saved = await agency.editor.put(`/api/v1/assessments/${id}/self-assessment`, { answers: [{ standard: 1, answer: 'yes' }, { standard: 2, answer: 'no' }] });
  assert.equal(saved.status, 200, saved.text);
  await go(page, `${base}/check`);
  await page.click('#submit-self');
  await page.waitForSelector('.error-summary');
  const items = await page.locator('.error-summary__list li').allTextContents();
  // standard 1 lacks a document, 3 to 8 an answer: seven lines, each naming its standard
  assert.equal(items.length, 7);
  assert.equal(new Set(items).size, 7);
  const standard = (n) => fr('standard.heading', { n, title: fr(`standard.${n}.title`) });
  assert.ok(items[0].startsWith(standard(1)), items[0]);
  for (let n = 3; n <= 8; n++) assert.ok(items.some((x) => x.startsWith(standard(n)) && x.includes(fr('error.missing_answer'))), `standard ${n}: ${items.join(' | ')}`);
  assert.ok(!items.some((x) => x.startsWith(standard(2))));
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'check-errors-fr');
  await page.context().close();
});

test('after sending a disclosure the focus is on the receipt', async () => {
  const { page } = await partnerAt('disclose');
  await go(page, '/disclose');
  await page.selectOption('#disclose-agency', { label: 'WFP' });
  await page.selectOption('#disclose-type', 'sexual_exploitation');
  await page.click('#disclose-send');
  await page.waitForSelector('#disclose-result');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'disclose-result');
  assert.match(await focusedText(page), /WFP/);
  await page.context().close();
});

test('read-only answers read as answers, and the partner\'s own pages say "your organisation"', async () => {
  const ctx = await ratedPartner(server, agency, { unmet: [2], name: 'Amani Women' });
  const reader = server.addUser('agency_reader', 'UNICEF');
  const page = await newPage(browser, server);
  await signIn(page, reader.email);
  await go(page, `/assessments/${ctx.id}/intro`);
  await page.waitForSelector('#intro-form');
  const look = (sel) => page.$eval(sel, (el) => {
    const s = getComputedStyle(el);
    const label = getComputedStyle(el.labels[0] || el);
    return { disabled: el.disabled, appearance: s.appearance, image: s.backgroundImage, bg: s.backgroundColor, border: s.borderTopWidth, opacity: s.opacity, labelWeight: label.fontWeight, labelColor: label.color };
  });
  const chosen = await look('#contact');
  assert.equal(chosen.disabled, true);
  // the given answer: drawn by the page (not the browser's pale disabled dot), its label bold and dark
  assert.equal(chosen.appearance, 'none');
  assert.match(chosen.image, /radial-gradient\(.*rgb\(29, 36, 48\)/);
  assert.equal(chosen.labelWeight, '700');
  assert.equal(chosen.labelColor, 'rgb(29, 36, 48)');
  const other = await look('#contact-false');
  assert.equal(other.image, 'none');
  // a disabled box has no frame and the page's wash behind it: nothing to fill in
  await go(page, `/assessments/${ctx.id}/standards/1`);
  const box = await page.waitForSelector('textarea:disabled, select:disabled, input[type=text]:disabled');
  const boxLook = await box.evaluate((el) => { const s = getComputedStyle(el); return { bg: s.backgroundColor, border: s.borderTopWidth, color: s.color, opacity: s.opacity }; });
  assert.deepEqual(boxLook, { bg: 'rgb(243, 245, 248)', border: '0px', color: 'rgb(29, 36, 48)', opacity: '1' });
  await shot(page, 'standard-read-only');
  await page.context().close();

  // the partner reads of itself in the second person; the agency of "this partner"
  const account = server.addUser('partner_reader', `partner:${ctx.partnerId}`);
  const own = await newPage(browser, server);
  await signIn(own, account.email);
  await go(own, `/partners/${ctx.partnerId}`);
  await own.waitForSelector('.panel h2');
  assert.equal(await own.textContent('.panel h2'), en('partner.standing_title_own'));
  await go(own, `/assessments/${ctx.id}`);
  await own.waitForSelector('#tasks');
  assert.equal(await own.textContent('#tasks'), en('assessment.partner_steps_own'));
  assert.match(await own.textContent('main'), new RegExp(en('status_help.rated_own').slice(0, 40)));
  assert.deepEqual(await axeViolations(own), []);
  await shot(own, 'partner-own-assessment');
  await own.context().close();
  const agencyPage = await newPage(browser, server);
  await signIn(agencyPage, reader.email);
  await go(agencyPage, `/assessments/${ctx.id}`);
  await agencyPage.waitForSelector('#tasks');
  assert.equal(await agencyPage.textContent('#tasks'), en('assessment.partner_steps'));
  await agencyPage.context().close();
});

test('history in words, in the reader\'s language, with who acted', async () => {
  const ctx = await ratedPartner(server, agency, { unmet: [4], name: 'Baraka Trust' });
  await activePlan(ctx, agency, [4]);
  const check = async (page, lang, ownWords) => {
    const w = catalogue(lang);
    await go(page, `/assessments/${ctx.id}`);
    await page.waitForSelector('#history');
    const items = await page.locator('.timeline__item').allTextContents();
    const api = (await agency.reader.get(`/api/v1/assessments/${ctx.id}`)).json.history;
    assert.equal(items.length, api.length);
    // newest first: each line is the step in words and who took it, never a code
    api.slice().reverse().forEach((e, i) => {
      assert.ok(items[i].includes(w(`event.${e.action}`)), `${items[i]} has ${e.action}`);
      assert.ok(!items[i].includes(e.action), items[i]);
      assert.ok(items[i].includes(e.actor.name), items[i]);
    });
    const approved = items.find((x) => x.includes(w('event.csip_approve')));
    assert.ok(approved.includes(w('assessment.history_by_org', { name: agency.advanced.user.name, organisation: 'UNICEF' })) || ownWords, approved);
    return items;
  };
  const reader = server.addUser('agency_reader', 'UNICEF');
  const page = await newPage(browser, server);
  await signIn(page, reader.email);
  await page.selectOption('#language', 'fr');
  await page.waitForSelector(`#sign-out:has-text(${JSON.stringify(fr('nav.signout'))})`);
  await check(page, 'fr');
  await shot(page, 'history-fr');
  await page.context().close();
  // the partner reads its own people's steps as "your organisation"
  const account = server.addUser('partner_reader', `partner:${ctx.partnerId}`);
  const own = await newPage(browser, server);
  await signIn(own, account.email);
  await own.selectOption('#language', 'es');
  await own.waitForSelector(`#sign-out:has-text(${JSON.stringify(catalogue('es')('nav.signout'))})`);
  const items = await check(own, 'es', true);
  const es = catalogue('es');
  const submitted = items.find((x) => x.includes(es('event.self_assessment_submitted')));
  assert.ok(submitted.includes(es('assessment.history_by_own', { name: ctx.partnerEditor.user.name })), submitted);
  await own.context().close();
});
