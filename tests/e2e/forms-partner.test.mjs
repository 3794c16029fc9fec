// The allegation and disclosure forms and the add-partner form, in Chromium: the partner picked by
// name (combobox), the register naming partners, an error summary naming each field once, no
// stray "null", the victims grid on a 390 px phone, and the country chosen by name and kept as
// its code. axe in three languages and on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeEverywhere, go } from './lib.mjs';

let server, browser, partnerId;
const PHONE = { width: 390, height: 844 };

before(async () => {
  server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
  browser = await launch();
  const admin = await server.signIn('admin', 'UNICEF');
  for (const name of ['Maji Safi Group', 'Maji Mazuri Trust']) {
    const r = await admin.post('/api/v1/partners', { name, type: 'cbo', country: 'TZ' });
    assert.equal(r.status, 201, r.text);
    partnerId ??= r.json.id;
  }
});
after(async () => { await browser?.close(); await server.stop(); });

const summaryItems = (page) => page.locator('.error-summary li').allTextContents();

test('a focal point picks the partner by name on a phone; the register shows its name', async () => {
  const page = await newPage(browser, server, { viewport: PHONE });
  await signIn(page, server.addUser('agency_focal_point', 'UNICEF').email);
  await go(page, '/incidents/new');
  await page.waitForSelector('#incident-form');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling');
  // the combobox pattern: a label, role, aria-expanded, a list it controls
  const input = page.locator('#incident-partner');
  assert.equal(await input.getAttribute('role'), 'combobox');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.textContent('label[for="incident-partner"]'), 'Partner concerned');
  // nothing chosen: each field in error once, named
  await page.fill('#victims-female-child', '-1');
  await page.fill('#victims-male-adult', '-2');
  await page.click('#incident-save');
  await page.waitForSelector('.error-summary');
  let items = await summaryItems(page);
  assert.deepEqual(items, [...new Set(items)]);
  assert.equal(items.filter((x) => /Victims/.test(x)).length, 1, items.join(' | '));
  assert.ok(items.some((x) => x.startsWith('Type of allegation')), items.join(' | '));
  // a name typed but not chosen is refused, never guessed
  await page.selectOption('#incident-type', 'sexual_abuse');
  await page.selectOption('#incident-category', 'implementing_partner');
  await page.selectOption('#incident-source', 'complaint');
  await page.fill('#incident-received', '2026-06-10T08:00');
  await page.fill('#victims-female-child', '1');
  await page.fill('#victims-male-adult', '');
  await input.pressSequentially('Maji', { delay: 30 });
  await page.waitForSelector('#incident-partner-options:not([hidden]) [role="option"]');
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('#incident-partner-options [role="option"]').count(), 2);
  await shot(page, 'incident-partner-picker-phone');
  await page.keyboard.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  await page.click('#incident-save');
  await page.waitForSelector('.error-summary');
  items = await summaryItems(page);
  assert.equal(items.length, 1, items.join(' | '));
  assert.match(items[0], /Choose the partner in the list/);
  // the keyboard chooses
  await input.focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('#incident-partner-options:not([hidden])');
  await page.keyboard.press('ArrowDown');
  const active = await input.getAttribute('aria-activedescendant');
  assert.equal(await page.getAttribute(`#${active}`, 'aria-selected'), 'true');
  const chosen = (await page.textContent(`#${active}`)).split(' · ')[0];
  await page.keyboard.press('Enter');
  assert.equal(await input.inputValue(), chosen);
  await page.click('#incident-save');
  await page.waitForSelector('#review-form');
  assert.equal(await page.inputValue('#incident-partner'), chosen);
  assert.doesNotMatch(await page.textContent('main'), /\bnull\b|undefined/);
  await axeEverywhere(page, 'an allegation');
  // the register names the partner
  await go(page, '/incidents');
  await page.waitForSelector('#incidents-table');
  assert.equal(await page.locator('#incidents-table a', { hasText: chosen }).count(), 1);
  assert.doesNotMatch(await page.textContent('main'), /\bnull\b|undefined|Partner \d/);
  await shot(page, 'incidents-register-phone');
  await go(page, '/incidents/new');
  await page.waitForSelector('#incident-form');
  await axeEverywhere(page, 'a new allegation');
  assert.deepEqual(page.errors, []);
});

test('a partner discloses on a phone: the summary names each field once', async () => {
  const page = await newPage(browser, server, { viewport: PHONE });
  await signIn(page, server.addUser('partner_editor', `partner:${partnerId}`).email);
  await go(page, '/disclose');
  await page.waitForSelector('#disclose-form');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling');
  await page.selectOption('#disclose-agency', { label: 'UNICEF' }).catch(async () => page.selectOption('#disclose-agency', { index: 1 }));
  await page.selectOption('#disclose-type', 'sexual_exploitation');
  await page.fill('#victims-female-adult', '-1');
  await page.fill('#victims-male-child', '-3');
  await page.click('#disclose-send');
  await page.waitForSelector('.error-summary');
  const items = await summaryItems(page);
  assert.equal(items.length, 1, items.join(' | '));
  assert.match(items[0], /Victims/);
  await shot(page, 'disclose-phone');
  await axeEverywhere(page, 'the disclosure form');
  assert.doesNotMatch(await page.textContent('main'), /\bnull\b|undefined/);
});

test('the country is chosen by name in the reader\'s language and kept as its code', async () => {
  const page = await newPage(browser, server, { locale: 'fr-FR' });
  await signIn(page, server.addUser('agency_advanced_editor', 'UNICEF').email);
  await page.selectOption('#language', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  await go(page, '/partners/new');
  await page.waitForSelector('#partner-form');
  // names in French, in French order; the values are codes
  const options = await page.locator('#partner-country option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  assert.equal(options.length, 250);
  assert.deepEqual(options.find(([v]) => v === 'DE'), ['DE', 'Allemagne']);
  assert.deepEqual(options.find(([v]) => v === 'KE'), ['KE', 'Kenya']);
  await page.fill('#partner-name', 'Nuru Kenya');
  await page.selectOption('#partner-type', 'cbo');
  await page.selectOption('#partner-country', { label: 'Kenya' });
  await axeEverywhere(page, 'the add-partner form');
  await page.selectOption('#language', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  await page.click('#partner-save');
  await page.waitForURL(/\/partners\/\d+$/);
  const id = page.url().split('/').pop();
  const admin = await server.signIn('admin', 'UNICEF');
  assert.equal((await admin.get(`/api/v1/partners/${id}`)).json.country, 'KE');
  await page.waitForSelector('.caption');
  assert.match(await page.textContent('.caption'), /Kenya/);
  // the list: filtered by a country chosen by name, shown by name
  await go(page, '/partners?country=TZ');
  await page.waitForSelector('#partners-table');
  assert.equal(await page.inputValue('#country'), 'TZ');
  assert.match(await page.textContent('#partners-table tbody'), /Tanzanie/);
  assert.doesNotMatch(await page.textContent('#partners-table tbody'), /\bTZ\b/);
  await shot(page, 'partners-country-fr');
  await axeEverywhere(page, 'the partner list');
  assert.deepEqual(page.errors, []);
});
