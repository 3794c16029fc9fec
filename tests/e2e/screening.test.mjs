// A focal point enters the agency's screening and training figures of a year on the figures
// page, sees a mistake named beside its box, corrects it, and sees the figures beside the
// register's; the same in French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations } from './lib.mjs';

let server, browser;

before(async () => {
  server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
  browser = await launch();
});
after(async () => { await browser?.close(); await server.stop(); });

test('a focal point enters the year\'s screening and training figures and sees them beside the register\'s', async () => {
  const account = server.addUser('agency_focal_point', 'WFP');
  const page = await newPage(browser, server);
  await signIn(page, account.email);
  await page.goto('/figures?year=2025');
  await page.waitForSelector('#screening-form');
  assert.match(await page.textContent('#figure-personnel-screened'), /Not entered/);
  await page.fill('#screening-personnel-screened', '80');
  await page.fill('#screening-screened-out', '90');
  await page.fill('#screening-people-to-train', '40');
  await page.fill('#screening-people-trained', '30');
  await page.click('#screening-save');
  await page.waitForSelector('.error-summary');
  assert.match(await page.textContent('[data-field="screened_out"] .error-message'), /more than the personnel screened/);
  assert.match(await page.textContent('#figure-personnel-screened'), /Not entered/, 'nothing was saved');
  await page.fill('#screening-screened-out', '2');
  await page.click('#screening-save');
  await page.waitForSelector('#screening-saved');
  assert.equal(await page.locator('.error-summary').count(), 0);
  assert.match(await page.textContent('#figure-personnel-screened'), /80/);
  assert.match(await page.textContent('#figure-screened-out-percent'), /2\.5%/);
  assert.match(await page.textContent('#figure-training-percent'), /75%/);
  // a count left empty is not known; the figures stay after a reload
  await page.fill('#screening-people-trained', '');
  await page.click('#screening-save');
  await page.waitForFunction(() => /Not entered/.test(document.querySelector('#figure-people-trained').textContent));
  await page.reload();
  await page.waitForSelector('#screening-figures');
  assert.match(await page.textContent('#figure-people-to-train'), /40/);
  assert.equal(await page.inputValue('#screening-people-to-train'), '40');
  assert.match(await page.textContent('#figure-training-percent'), /None/);
  // the register's figures of the same year, with the downloads of both
  assert.ok(await page.isVisible('#incident-figures-table'));
  for (const chart of ['#incidents-chart', '#personnel-chart', '#partners-chart', '#outcomes-chart', '#actions-chart', '#onward-chart', '#days-chart']) {
    assert.ok(await page.isVisible(chart), chart);
  }
  assert.match(await page.getAttribute('#export-incident-figures-xlsx', 'href'), /incidents-figures\.xlsx\?year=2025/);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'figures-screening-en');
  assert.deepEqual(page.errors, []);
});

test('the same in French', async () => {
  const account = server.addUser('agency_focal_point', 'FAO');
  const page = await newPage(browser, server);
  await signIn(page, account.email);
  await page.goto('/figures?year=2026');
  await page.waitForSelector('#screening-form');
  await page.selectOption('#language', 'fr');
  await page.waitForSelector('text=Personnel vérifié avant recrutement');
  await page.fill('#screening-personnel-screened', 'douze');
  await page.click('#screening-save');
  await page.waitForSelector('.error-summary');
  assert.match(await page.textContent('[data-field="personnel_screened"] .error-message'), /valeur|nombre/);
  await page.fill('#screening-personnel-screened', '12');
  await page.click('#screening-save');
  await page.waitForSelector('#screening-saved');
  assert.match(await page.textContent('#screening-saved'), /enregistrés/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.errors, []);
});
