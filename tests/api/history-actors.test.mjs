// An assessment's history names who took each step, with their organisation, beside the codes
// programs read (`by`, `action`); every step it can hold has words in the interface's three
// languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, ROOT } from './lib.mjs';
import { agencyClients, ratedPartner, activePlan, historyOf } from './plans.mjs';

let server, agency, ctx;

before(async () => {
  server = await Server.start();
  agency = await agencyClients(server);
  ctx = await ratedPartner(server, agency, { unmet: [3], name: 'Tumaini Youth' });
  await activePlan(ctx, agency, [3]);
});
after(async () => { await server?.stop(); });

test('each history entry names the person who acted and their organisation', async () => {
  const history = await historyOf(agency.reader, ctx.id);
  const byAction = Object.fromEntries(history.map((e) => [e.action, e]));
  const advanced = agency.advanced.user;
  const partner = ctx.partnerEditor.user;
  // opened by the agency's advanced editor
  assert.equal(byAction.opened.by, advanced.id);
  assert.deepEqual(byAction.opened.actor, { id: advanced.id, name: advanced.name,
    organization: { id: advanced.organization.id, kind: 'agency', code: 'UNICEF', name: byAction.opened.actor.organization.name } });
  assert.ok(byAction.opened.actor.organization.name.length > 0);
  // submitted by the partner: its organisation has a name and no code
  const submitted = byAction.self_assessment_submitted;
  assert.equal(submitted.actor.name, partner.name);
  assert.equal(submitted.actor.organization.kind, 'partner');
  assert.equal(submitted.actor.organization.code, null);
  assert.equal(submitted.actor.organization.name, 'Tumaini Youth');
  // the plan's steps are in the same history, with their actor too
  for (const action of ['csip_create', 'csip_submit', 'csip_approve']) assert.ok(byAction[action]?.actor?.name, action);
  // the partner reads the same history
  const own = await historyOf(ctx.partnerEditor, ctx.id);
  assert.deepEqual(own.map((e) => e.actor?.name), history.map((e) => e.actor?.name));
});

test('every step a history holds has words in English, French and Spanish', async () => {
  const history = await historyOf(agency.reader, ctx.id);
  const source = ['assessments.c', 'csip.c', 'psea.c'].map((f) => readFileSync(join(ROOT, 'src/api', f), 'utf8')).join('\n');
  // the steps written with a fixed name, and the plan's steps ("csip_" + action)
  const fixed = [...source.matchAll(/store_history_add\([^;]*?r->user->id, "([a-z_]+)"/g)].map((m) => m[1]);
  const transitions = [...source.matchAll(/transition\(r, &x, version, \w+, "([a-z_]+)"/g)].map((m) => m[1]);
  const plan = [...source.matchAll(/record\(r, c, [^,]+, "([a-z_]+)"/g)].map((m) => `csip_${m[1]}`);
  const plannedPlanSteps = [...source.matchAll(/transition\(r, &c, if_version, "[a-z_]+", "([a-z_]+)"\)/g)].map((m) => `csip_${m[1]}`);
  const steps = new Set([...fixed, ...transitions, ...plan, ...plannedPlanSteps, ...history.map((e) => e.action),
    'csip_activity_reported', 'csip_activity_confirmed', 'csip_activity_returned']);
  assert.ok(steps.size >= 15, [...steps].join(' '));
  for (const lang of ['en', 'fr', 'es']) {
    const words = JSON.parse(readFileSync(join(ROOT, 'web/i18n', `${lang}.json`), 'utf8'));
    for (const step of steps) assert.ok(words[`event.${step}`], `${lang}: event.${step}`);
  }
});
