// The allegations register, the figures and a partner's disclosure, in Chromium, in the three
// languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, foreignRequests } from './lib.mjs';

let server, browser, partnerId;

before(async () => {
  server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
  browser = await launch();
  const admin = await server.signIn('admin', 'UNICEF');
  const made = await admin.post('/api/v1/partners', { name: 'Fundación Luz', type: 'national_ngo', country: 'CO' });
  assert.equal(made.status, 201, made.text);
  partnerId = made.json.id;
  // one active UNICEF partnership, rated: UNICEF's coverage is 100% (1 of 1)
  const adv = await server.signIn('agency_advanced_editor', 'UNICEF');
  assert.equal((await adv.post('/api/v1/partnerships', { partner_id: partnerId, start: '2026-01-01' })).status, 201);
  const agencies = (await admin.get('/api/v1/agencies')).json.items;
  const unicef = agencies.find((a) => a.code === 'UNICEF').id;
  assert.equal((await admin.post('/api/v1/past-assessments', { partner_id: partnerId, agency_id: unicef, date: '2025-03-01', rating: 'medium' })).status, 201);
});
after(async () => { await browser?.close(); await server.stop(); });

test('a focal point records an allegation, with victims as numbers only', async () => {
  const account = server.addUser('agency_focal_point', 'UNICEF');
  const page = await newPage(browser, server);
  await signIn(page, account.email);
  await page.click('#nav-incidents');
  await page.waitForSelector('#incidents-empty');
  await page.click('#incident-new');
  await page.waitForSelector('#incident-form');
  // nothing chosen: the summary lists each missing field and links to it
  await page.click('#incident-save');
  await page.waitForSelector('.error-summary');
  const summary = await page.textContent('.error-summary');
  assert.match(summary, /required|needed|must/i);
  await page.selectOption('#incident-type', 'sexual_abuse');
  await page.selectOption('#incident-category', 'implementing_partner');
  await page.selectOption('#incident-source', 'complaint');
  // the partner is picked by name: typed, then chosen from the list with the keyboard
  await page.locator('#incident-partner').pressSequentially('Luz', { delay: 30 });
  await page.waitForSelector('#incident-partner-options:not([hidden]) [role="option"]');
  assert.equal(await page.getAttribute('#incident-partner', 'aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('#incident-partner'), 'Fundación Luz');
  await page.fill('#incident-received', '2026-06-10T08:00');
  await page.fill('#incident-onward', '2026-06-11T09:30');
  await page.fill('#victims-female-child', '2');
  await page.fill('#victims-unknown-adult', '1');
  await page.check('#assistance');
  // the form offers no place for a name
  assert.equal(await page.locator('#incident-form input[type="text"]').count(), 1); // the partner's name only
  await page.click('#incident-save');
  await page.waitForSelector('#review-form');
  assert.equal(await page.inputValue('#victims-female-child'), '2');
  assert.match(await page.textContent('main'), /Within target/);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'incident-en');

  // judging the partner's corrective action
  await page.check('#review-adequate-false');
  await page.fill('#review-notes', 'No action taken.');
  await page.click('#review-save');
  await page.waitForSelector('.notice--warning');

  // the same page in French and Spanish
  await page.selectOption('#language', 'fr');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Allégation');
  assert.match(await page.textContent('main'), /Mesures correctives/);
  await shot(page, 'incident-fr');
  await page.selectOption('#language', 'es');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Denuncia');
  await page.selectOption('#language', 'en');

  await page.click('#nav-incidents');
  await page.waitForSelector('#incidents-table');
  assert.equal(await page.locator('#incidents-table tbody tr').count(), 1);
  assert.deepEqual(foreignRequests(page, server), []);
  assert.deepEqual(page.errors, []);
});

test('the figures page draws the register figures as a chart', async () => {
  const account = server.addUser('agency_focal_point', 'UNICEF');
  const page = await newPage(browser, server);
  await signIn(page, account.email);
  await page.goto('/figures?year=2026');
  await page.waitForSelector('#incidents-chart');
  assert.equal(await page.locator('#incidents-chart rect.chart__bar--blue').count(), 1); // one type has allegations
  assert.match(await page.textContent('#figure-onward'), /100% \(1 of 1\)/);
  assert.match(await page.textContent('#coverage-chart'), /UNICEF.*100% \(1 of 1\)/);
  // one medium partner, not eligible since the inadequate review of the first test
  assert.equal(await page.locator('#ratings-chart rect.chart__bar--red').count(), 1);
  assert.equal(await page.locator('#ratings-chart rect.chart__bar--green').count(), 0);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'figures-en');
  assert.deepEqual(page.errors, []);
});

test('investigation dates are entered on the form and the figures show every category, outcome and action', async () => {
  const account = server.addUser('agency_focal_point', 'UNICEF');
  const page = await newPage(browser, server);
  await signIn(page, account.email);
  await page.goto('/incidents/new');
  await page.waitForSelector('#incident-form');
  await page.selectOption('#incident-type', 'sexual_assault');
  // the categories agencies report; the older one is no longer offered for new records
  const categories = await page.locator('#incident-category option').evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(categories, ['', 'agency_staff', 'implementing_partner', 'other']);
  await page.selectOption('#incident-category', 'agency_staff');
  await page.selectOption('#incident-source', 'complaint');
  await page.fill('#incident-received', '2026-02-02T08:00');
  await page.fill('#incident-onward', '2026-02-02T20:00');
  await page.selectOption('#incident-status', 'substantiated');
  await page.fill('#incident-started', '2026-02-03');
  await page.fill('#incident-concluded', '2026-07-01'); // after today, 15 June
  await page.check('input[name="actions"][value="dismissal"]');
  await page.check('#actions-referral_to_national_authorities');
  await page.click('#incident-save');
  await page.waitForSelector('.error-summary');
  assert.match(await page.textContent('.error-summary'), /future/);
  await page.fill('#incident-concluded', '2026-03-04'); // 30 days after receipt
  await page.click('#incident-save');
  await page.waitForSelector('#review-needs-partner');
  assert.equal(await page.inputValue('#incident-concluded'), '2026-03-04');
  assert.match(await page.textContent('main'), /30/);

  await page.goto('/figures?year=2026');
  await page.waitForSelector('#incident-figures-table');
  // the chart writes each label and count as text, so it reads without colour
  const written = (id) => page.locator(`#${id} text`).allTextContents();
  const types = await written('incidents-chart');
  assert.deepEqual(types, ['Sexual exploitation', '0', 'Sexual abuse', '1', 'Sexual harassment', '0', 'Sexual assault', '1', 'Other', '0']);
  assert.deepEqual((await written('actions-chart')).slice(0, 2), ['Dismissal', '1']);
  assert.deepEqual((await written('outcomes-chart')).slice(0, 2), ['Substantiated', '1']);
  assert.equal(await page.locator('#outcomes-chart rect.chart__bar--blue').count(), 2); // substantiated, under way
  assert.deepEqual(await written('partners-chart'), ['Pertaining to implementing partners', '1', 'Disclosed by the partner itself', '0']);
  assert.deepEqual(await written('onward-chart'), ['Within the target', '2', 'Late, or not reported onward', '0']);
  assert.deepEqual(await written('days-chart'), ['Average investigation time', '30', 'Median investigation time', '30', 'Longest investigation time', '30']);
  assert.deepEqual((await written('personnel-chart')).slice(0, 2), ['Agency staff', '1']);
  assert.match(await page.textContent('#figure-total'), /2/);
  assert.match(await page.textContent('#figure-pertaining'), /1/); // the allegation naming the partner
  assert.match(await page.textContent('#figure-action-referral_to_national_authorities'), /1/);
  assert.match(await page.textContent('#figure-median'), /30 days/);
  assert.match(await page.textContent('#figure-longest'), /30 days/);
  assert.equal(await page.getAttribute('#export-incident-figures', 'href'), '/api/v1/exports/incidents-figures.csv?year=2026');
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'figures-register-en');
  await page.selectOption('#language', 'fr');
  await page.waitForFunction(() => /Agression sexuelle/.test(document.querySelector('#incidents-chart').textContent));
  assert.match(await page.textContent('#incident-figures-table'), /Durée médiane des enquêtes/);
  await page.selectOption('#language', 'es');
  await page.waitForFunction(() => /Agresión sexual/.test(document.querySelector('#incidents-chart').textContent));
  assert.deepEqual(await axeViolations(page), []);
  await page.selectOption('#language', 'en');
  assert.deepEqual(page.errors, []);
});

test('the register is hidden from other roles', async () => {
  const account = server.addUser('agency_reader', 'UNICEF');
  const page = await newPage(browser, server);
  await signIn(page, account.email);
  assert.equal(await page.locator('#nav-incidents').count(), 0);
  await page.goto('/incidents');
  await page.waitForSelector('h1');
  assert.match(await page.textContent('h1'), /not found/i);
});

test('a partner discloses an allegation to an agency', async () => {
  const account = server.addUser('partner_editor', `partner:${partnerId}`);
  const page = await newPage(browser, server, { locale: 'es-ES' });
  await signIn(page, account.email);
  await page.click('#nav-disclose');
  await page.waitForSelector('#disclose-form');
  await page.click('#disclose-send');
  await page.waitForSelector('.error-summary');
  const agencies = await page.locator('#disclose-agency option').allTextContents();
  assert.ok(agencies.includes('WFP'));
  await page.selectOption('#disclose-agency', { label: 'WFP' });
  await page.selectOption('#disclose-type', 'sexual_exploitation');
  await page.fill('#victims-female-adult', '1');
  await page.click('#disclose-send');
  await page.waitForSelector('.notice--success');
  assert.match(await page.textContent('.notice--success'), /WFP/);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'disclose');
  assert.deepEqual(page.errors, []);
});

test('the focal point is alerted to the partner\'s disclosure and opens it from the home page', async () => {
  const account = server.addUser('agency_focal_point', 'WFP');
  const page = await newPage(browser, server);
  await signIn(page, account.email);
  await page.waitForSelector('.alert-list');
  const link = page.locator('.alert-card__title a', { hasText: "A partner's disclosure awaits your assessment" });
  assert.equal(await link.count(), 1);
  assert.match(await page.textContent('.alert-list'), /Fundación Luz/);
  assert.deepEqual(await axeViolations(page), []);
  await link.click();
  await page.waitForSelector('#incident-form');
  assert.equal(await page.inputValue('#incident-source'), 'self_disclosure');
  assert.deepEqual(page.errors, []);
});
