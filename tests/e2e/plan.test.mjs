// The capacity strengthening plan in the browser, both sides acting: the partner starts its own
// plan, adds, changes and deletes draft activities and submits it; once approved it reports an
// activity completed; the agency sends it back with a reason the partner reads, then confirms
// the completion reported again, and only then does the rating rise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue } from './journey.mjs';
import { agencyClients, ratedPartner } from '../api/plans.mjs';

let server, browser, agency, ctx, partnerUser, agencyUser;
const en = catalogue('en');

before(async () => {
  server = await Server.start();
  agency = await agencyClients(server);
  ctx = await ratedPartner(server, agency, { unmet: [3, 5], name: 'Tumaini Youth Network' });
  partnerUser = server.addUser('partner_editor', `partner:${ctx.partnerId}`, { name: 'Neema Mushi', email: 'neema@tumaini.test' });
  agencyUser = server.addUser('agency_editor', 'UNICEF', { name: 'Omar Haddad', email: 'omar@unicef.org' });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

const planPath = () => `/assessments/${ctx.id}/plan`;
const flash = (key) => `.notice--success:has-text(${JSON.stringify(en(key))})`;
const rating = async () => (await agency.reader.get(`/api/v1/partners/${ctx.partnerId}`)).json.psea.rating;

// Adds an activity through the form and waits for its row: the message of the previous addition
// says the same words, so it alone cannot tell that this one is saved.
async function addActivity(page, standard, description) {
  const rows = () => page.locator('[id^="activity-"][id$="-edit"]').count();
  const before = await rows();
  await page.selectOption('#activity-standard', String(standard));
  await page.fill('#activity-description', description);
  await page.fill('#activity-responsible', 'Programme manager');
  await page.fill('#activity-due', '2030-06-30');
  await page.click('#activity-add');
  await page.waitForFunction((n) => document.querySelectorAll('[id^="activity-"][id$="-edit"]').length === n, before + 1);
  await page.waitForSelector(flash('plan.activity_added'));
}

test('the partner starts its plan, revises its draft and submits it', async () => {
  const p = await newPage(browser, server);
  p.on('dialog', (d) => d.accept());
  await signIn(p, partnerUser.email);
  await go(p, planPath());
  await p.click('#plan-create');
  await p.waitForSelector(flash('plan.created'));
  await addActivity(p, 3, 'Check references for every new hire');
  await addActivity(p, 5, 'Open a hotline');
  await addActivity(p, 5, 'A duplicate to remove');
  const plan = async () => (await agency.reader.get(`/api/v1/assessments/${ctx.id}/csip`)).json;
  let acts = (await plan()).activities;
  assert.equal(acts.length, 3);
  // change the first one through the form, delete the third
  await p.click(`#activity-${acts[0].id}-edit`);
  assert.equal(await p.inputValue('#activity-description'), 'Check references for every new hire');
  await p.fill('#activity-description', 'Check two references for every new hire');
  await p.click('#activity-add');
  await p.waitForSelector(flash('plan.activity_saved'));
  await p.click(`#activity-${acts[2].id}-delete`);
  await p.waitForSelector(flash('plan.activity_deleted'));
  acts = (await plan()).activities;
  assert.deepEqual(acts.map((a) => a.description), ['Check two references for every new hire', 'Open a hotline']);
  assert.deepEqual(await axeViolations(p), []);
  await shot(p, 'partner-plan-draft');
  await p.click('#plan-submit');
  await p.waitForSelector(flash('plan.submitted'));
  assert.equal((await plan()).status, 'submitted');
  // submitted: the activities can no longer be changed or deleted here
  assert.equal(await p.locator(`#activity-${acts[0].id}-edit`).count(), 0);
  await p.context().close();
});

test('the partner reports, the agency sends back, then confirms; the rating rises at the confirmation', async () => {
  const approved = await agency.advanced.post(`/api/v1/assessments/${ctx.id}/csip/approve`, {});
  assert.equal(approved.status, 200, approved.text);
  const acts = approved.json.csip.activities;
  const [a3, a5] = acts;

  const p = await newPage(browser, server);
  await signIn(p, partnerUser.email);
  for (const a of [a3, a5]) {
    await go(p, planPath());
    await p.selectOption(`#activity-${a.id}-status`, 'completed');
    await p.click(`#activity-${a.id}-save`);
    await p.waitForSelector(`#activity-${a.id}-completion`);
  }
  assert.match(await p.textContent(`#activity-${a3.id}`), new RegExp(en('plan.awaiting_confirmation').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(await p.locator(`#activity-${a3.id}-confirm`).count(), 0, 'the partner cannot confirm');
  assert.equal(await rating(), 'medium');

  const a = await newPage(browser, server);
  await signIn(a, agencyUser.email);
  await a.waitForSelector('.alert-list');
  assert.match(await a.textContent('.alert-list'), new RegExp(en('alert.csip_activity_to_confirm').split(':')[0]));
  await go(a, planPath());
  await a.click(`#activity-${a3.id} summary`);
  await a.click(`#activity-${a3.id}-return`);
  await a.waitForSelector('[data-field="reason"].field--error');
  await a.fill(`#activity-${a3.id}-return-reason`, 'Send the signed reference-check forms.');
  await a.click(`#activity-${a3.id}-return`);
  await a.waitForSelector(flash('plan.returned'));
  await a.click(`#activity-${a5.id}-confirm`);
  await a.waitForSelector(flash('plan.confirmed'));
  assert.equal(await rating(), 'medium');
  assert.deepEqual(await axeViolations(a), []);
  await shot(a, 'agency-plan-confirm');

  await go(p, planPath());
  assert.match(await p.textContent(`#activity-${a3.id}-completion`), /Send the signed reference-check forms\./);
  await p.selectOption(`#activity-${a3.id}-status`, 'completed');
  await p.click(`#activity-${a3.id}-save`);
  await p.waitForSelector(`#activity-${a3.id}-completion`);
  await shot(p, 'partner-plan-reported');

  await go(a, planPath());
  await a.click(`#activity-${a3.id}-confirm`);
  await a.waitForSelector(flash('plan.confirmed'));
  assert.equal(await rating(), 'full');
  await go(a, `/assessments/${ctx.id}`);
  const history = await a.textContent('section[aria-labelledby="history"]');
  for (const k of ['event.csip_activity_returned', 'event.csip_activity_confirmed']) assert.match(history, new RegExp(en(k)));
  assert.match(history, /Send the signed reference-check forms\./);
  await p.context().close();
  await a.context().close();
});
