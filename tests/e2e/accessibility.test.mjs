// axe-core on every page each role opens, in the three languages, on a desktop screen and on a
// phone (390 x 844): no serious or critical finding anywhere. The pages are those of the
// demonstration (`psea demo`), so lists, plans and registers have content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, launch, newPage, axeViolations, go } from './lib.mjs';
import { psea, sql } from '../api/lib.mjs';
import { catalogue } from './journey.mjs';

// A11Y_LANGUAGES=fr, A11Y_SCREENS=phone: a part of the loop, when working on one of them.
const LANGUAGES = (process.env.A11Y_LANGUAGES || 'en,fr,es').split(',');
const SCREENS = Object.fromEntries(Object.entries({ desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } })
  .filter(([k]) => !process.env.A11Y_SCREENS || process.env.A11Y_SCREENS.split(',').includes(k)));
const DEMO_PASSWORD = 'demo-password';

let server, browser, dir;
const pages = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'psea-a11y-'));
  const db = join(dir, 'demo.db');
  const data = join(dir, 'data');
  psea(['init', '--db', db]);
  psea(['demo', '--db', db, '--data', data]);
  server = await Server.start({ db, data });
  const one = (q) => sql(db, q)[0];
  const unicef = one("SELECT org_id FROM users WHERE email = 'advanced@unicef.demo.psea'");
  const partnerOrg = one("SELECT org_id FROM users WHERE email = 'editor@partner.demo.psea'");
  const ofUnicef = `JOIN assessment_agencies g ON g.assessment_id = a.id AND g.agency_id = ${unicef}`;
  const own = one(`SELECT id FROM assessments WHERE partner_id = ${partnerOrg} ORDER BY id LIMIT 1`);
  const submitted = one(`SELECT a.id FROM assessments a ${ofUnicef} WHERE a.status IN ('submitted', 'verification') ORDER BY a.id LIMIT 1`);
  const planned = one(`SELECT a.id FROM assessments a ${ofUnicef} JOIN csip_plans c ON c.assessment_id = a.id WHERE c.status = 'active' ORDER BY a.id LIMIT 1`);
  const partner = one(`SELECT a.partner_id FROM assessments a WHERE a.id = ${planned}`);
  const incident = one(`SELECT id FROM incidents WHERE agency_id = ${unicef} ORDER BY id LIMIT 1`);
  for (const [name, value] of Object.entries({ unicef, partnerOrg, own, submitted, planned, partner, incident })) assert.ok(value, `demo data: ${name}`);
  pages['advanced@unicef.demo.psea'] = ['/', '/partners', '/partners/new', `/partners/${partner}`, `/partners/${partner}/past-assessment`,
    `/assessments/${planned}`, `/assessments/${planned}/intro`, `/assessments/${planned}/standards/1`, `/assessments/${planned}/plan`,
    `/assessments/${submitted}`, `/assessments/${submitted}/verify`, `/assessments/${submitted}/finalize`, '/figures', '/tokens', '/account/security'];
  pages['focal@unicef.demo.psea'] = ['/', '/incidents', '/incidents/new', `/incidents/${incident}`, '/figures'];
  pages['editor@partner.demo.psea'] = ['/', `/partners/${partnerOrg}`, `/assessments/${own}`, `/assessments/${own}/intro`,
    `/assessments/${own}/standards/3`, `/assessments/${own}/check`, '/disclose'];
  pages['reader@partner.demo.psea'] = ['/', `/partners/${partnerOrg}`, `/assessments/${own}`, `/assessments/${own}/standards/3`];
  pages['admin@demo.psea'] = ['/', '/users', '/users/new', '/invitations', '/invitations/new', '/audit', '/agencies', '/settings'];
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); if (dir) rmSync(dir, { recursive: true, force: true }); });

// Signs in and switches the interface to lang (the account keeps it: set it back afterwards).
async function signInAs(page, email, lang) {
  await page.goto('/signin');
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('#signin-submit');
  await page.waitForSelector('#sign-out');
  await page.waitForFunction(() => !document.querySelector('#signin-submit') && document.querySelector('#main h1'));
  if (await page.inputValue('#language') !== lang) {
    await page.selectOption('#language', lang);
    await page.waitForSelector(`#sign-out:has-text(${JSON.stringify(catalogue(lang)('nav.signout'))})`);
  }
}

async function pageReady(page) {
  await page.waitForFunction(() => document.querySelector('#main h1') && !document.querySelector('.loading-text'));
}

// axe on the page as it is, on each screen in turn: one visit serves both sizes.
async function axeOnScreens(page, label, found) {
  for (const [screen, viewport] of Object.entries(SCREENS)) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    for (const v of await axeViolations(page)) found.push(`${label} (${screen}): ${v}`);
  }
}

const firstScreen = Object.values(SCREENS)[0];

for (const lang of LANGUAGES) {
  test(`axe: nothing serious or critical on any page, ${lang}, on ${Object.keys(SCREENS).join(' and ')}`, async () => {
    const found = [];
    const page = await newPage(browser, server, { viewport: firstScreen, locale: lang });
    await page.goto('/signin');
    await page.waitForSelector('#signin-form');
    await page.evaluate(async (l) => (await import('/js/i18n.js')).setLanguage(l), lang);
    await axeOnScreens(page, 'sign-in', found);
    await page.click('#signin-submit');
    await page.waitForSelector('.error-summary');
    await axeOnScreens(page, 'sign-in with errors', found);
    await page.context().close();
    for (const [email, paths] of Object.entries(pages)) {
      const p = await newPage(browser, server, { viewport: firstScreen, locale: lang });
      await signInAs(p, email, lang);
      for (const path of paths) {
        await p.setViewportSize(firstScreen);
        await go(p, path);
        await pageReady(p);
        await axeOnScreens(p, `${email} ${path}`, found);
      }
      assert.deepEqual(p.errors, [], `${email}: script errors`);
      await p.context().close();
    }
    assert.deepEqual(found, [], found.join('\n'));
  });
}
