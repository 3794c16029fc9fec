// An agency person's home page: "Find a partner" first, then the alerts they can act on, grouped
// by kind with a count and a link to the list of that kind; readers and focal points are not
// shown the assessment work of editors. Checked with axe in three languages and on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeEverywhere, go } from './lib.mjs';
import { createPartner, openAssessment, ALL } from '../api/psea.mjs';

let server, browser;
const names = ['Amani Trust', 'Baraka Aid', 'Chanzo Care'];

// A new partner whose self-assessment is submitted: the agency has a verification to do.
async function submitted(advanced, name) {
  const p = await createPartner(advanced, { name });
  const a = await openAssessment(advanced, p.id);
  const pe = await server.signIn('partner_editor', `partner:${p.id}`);
  const base = `/api/v1/assessments/${a.id}`;
  assert.equal((await pe.put(`${base}/intro`, { contact_with_beneficiaries: false, previously_assessed: false })).status, 200);
  assert.equal((await pe.put(`${base}/self-assessment`, { answers: ALL('no') })).status, 200);
  assert.equal((await pe.post(`${base}/self-assessment/submit`, {})).status, 200);
  return { a, pe };
}

before(async () => {
  server = await Server.start();
  browser = await launch();
  const advanced = await server.signIn('agency_advanced_editor', 'UNICEF');
  const made = [];
  for (const name of names) made.push(await submitted(advanced, name));
  const r = await made[0].pe.post(`/api/v1/assessments/${made[0].a.id}/unlock-requests`, { reason: 'A new policy was adopted.' });
  assert.equal(r.status, 201, r.text);
});
after(async () => { await browser?.close(); await server.stop(); });

test('an advanced editor: "Find a partner" first, alerts of one kind counted and listed', async () => {
  const page = await newPage(browser, server);
  await signIn(page, server.addUser('agency_advanced_editor', 'UNICEF').email);
  await page.waitForSelector('#alert-groups');
  // the search comes before the alerts
  assert.ok(await page.evaluate(() => document.querySelector('#find-partner').compareDocumentPosition(document.querySelector('#alerts-title')) & Node.DOCUMENT_POSITION_FOLLOWING));
  // three verifications: one entry with its count, not three identical links
  const group = page.locator('[data-kind="verification_to_do"]');
  assert.equal(await group.count(), 1);
  assert.match(await group.textContent(), /A self-assessment is ready to verify\s*3 waiting/);
  assert.equal(await page.locator('#alert-groups a', { hasText: 'A self-assessment is ready to verify' }).count(), 1);
  // a kind with one alert is shown whole, with its partner
  assert.match(await page.textContent('#alert-groups'), /A partner asks to reopen its self-assessment\s*Amani Trust/);
  await shot(page, 'home-agency-en');
  await axeEverywhere(page, 'home');

  // the count leads to the list of that kind: one link per partner
  await group.locator('a').click();
  await page.waitForSelector('#alerts-of-kind');
  assert.equal(new URL(page.url()).search, '?kind=verification_to_do');
  assert.deepEqual((await page.locator('#alerts-of-kind a').allTextContents()).sort(), names);
  assert.match(await page.textContent('#alerts-count'), /3 waiting/);
  await shot(page, 'alerts-kind-en');
  await axeEverywhere(page, 'alerts of one kind');

  // the search opens the partner list filtered by the name typed
  await go(page, '/');
  await page.fill('#find-partner-q', 'Baraka');
  await page.click('#find-partner-go');
  await page.waitForURL(/\/partners\?q=Baraka$/);
  assert.equal(await page.inputValue('#q'), 'Baraka');
  assert.deepEqual(page.errors, []);
});

test('a reader and a focal point are not shown the editors\' assessment work', async () => {
  for (const role of ['agency_reader', 'agency_focal_point']) {
    const page = await newPage(browser, server);
    await signIn(page, server.addUser(role, 'UNICEF').email);
    await page.waitForSelector('#alerts-title');
    await page.waitForFunction(() => document.querySelector('#alerts-title').parentElement.querySelector('.empty, #alert-groups'));
    assert.equal(await page.locator('#alert-groups').count(), 0, role);
    assert.match(await page.textContent('main'), /Nothing is waiting for you/);
    assert.equal(await page.locator('#find-partner').count(), 1);
    // nor in the list of one kind, reached by its address
    await go(page, '/alerts?kind=verification_to_do');
    await page.waitForSelector('#alerts-empty');
    await shot(page, `home-${role}`);
    await page.context().close();
  }
  // an editor verifies, but does not grant unlocks
  const page = await newPage(browser, server);
  await signIn(page, server.addUser('agency_editor', 'UNICEF').email);
  await page.waitForSelector('#alert-groups');
  assert.equal(await page.locator('[data-kind="verification_to_do"]').count(), 1);
  assert.doesNotMatch(await page.textContent('#alert-groups'), /reopen its self-assessment/);
});
