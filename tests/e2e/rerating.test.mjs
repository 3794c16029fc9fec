// Rating again in the browser: the partner asks for its rated assessment to be reopened after
// organisational changes, the agency grants it in one step from its alert; the new rating finds
// a gap, the completed plan is active again, its earlier completion marked as no longer counted,
// and the partner adds an activity for the gap.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, axeViolations, go } from './lib.mjs';
import { catalogue } from './journey.mjs';
import { agencyClients, ratedPartner, activePlan, verify } from '../api/plans.mjs';

let server, browser, agency, ctx, ids, partnerUser, agencyUser;
const en = catalogue('en');
const flash = (key) => `.notice--success:has-text(${JSON.stringify(en(key))})`;

before(async () => {
  server = await Server.start();
  agency = await agencyClients(server);
  ctx = await ratedPartner(server, agency, { unmet: [3], name: 'Upendo Community Care' });
  ids = await activePlan(ctx, agency, [3]);
  const done = await agency.editor.patch(`/api/v1/csip-activities/${ids[3]}`, { status: 'completed' });
  assert.equal(done.status, 200, done.text);
  partnerUser = server.addUser('partner_editor', `partner:${ctx.partnerId}`, { name: 'Baraka Said', email: 'baraka@upendo.test' });
  agencyUser = server.addUser('agency_advanced_editor', 'UNICEF', { name: 'Lena Berg', email: 'lena@unicef.org' });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('the partner asks, the agency reopens in one step, and the new gap gets an activity', async () => {
  const base = `/assessments/${ctx.id}`;
  const p = await newPage(browser, server);
  await signIn(p, partnerUser.email);
  await go(p, base);
  await p.click('#go-unlock-request');
  await p.fill('#reason', 'We merged with another organisation and our recruitment changed.');
  await p.click('#unlock-submit');
  await p.waitForSelector(flash('unlock.request_done'));

  const a = await newPage(browser, server);
  await signIn(a, agencyUser.email);
  await a.waitForSelector('.alert-list');
  await a.click(`.alert-list a[href="${base}/unlock/self"]`);
  await a.fill('#reason', 'Please answer again for the merged organisation.');
  await a.click('#unlock-submit');
  await a.waitForSelector(flash('unlock.self_done'));
  let x = (await agency.reader.get(`/api/v1${base}`)).json;
  assert.equal(x.status, 'self_assessment');
  assert.ok(x.unlock_requests.every((u) => u.resolved_at));

  // the partner answers again, the agency verifies: standard 3 is wanting again
  const api = ctx.partnerEditor;
  assert.equal((await api.post(`/api/v1${base}/self-assessment/submit`, {})).status, 200);
  await verify(agency.editor, ctx.id, [3]);
  assert.equal((await agency.advanced.post(`/api/v1${base}/finalize`, {})).status, 200);

  await go(a, `${base}/plan`);
  await a.waitForSelector(`#activity-${ids[3]}-completion`);
  assert.match(await a.textContent(`#activity-${ids[3]}-completion`), new RegExp(en('plan.completion_superseded').slice(0, 20)));
  assert.deepEqual(await axeViolations(a), []);
  await shot(a, 'agency-plan-rerated');

  await go(p, `${base}/plan`);
  await p.selectOption('#activity-standard', '3');
  await p.fill('#activity-description', 'Vet the staff who joined with the merger');
  await p.fill('#activity-responsible', 'HR lead');
  await p.fill('#activity-due', '2030-03-31');
  await p.click('#activity-add');
  await p.waitForSelector(flash('plan.activity_added'));
  x = (await agency.reader.get(`/api/v1${base}/csip`)).json;
  assert.equal(x.status, 'active');
  assert.equal(x.activities.length, 2);
  await p.context().close();
  await a.context().close();
});
