// Expiry is signalled (DOMAIN.md, "Validity" and "Alerts"): in the last expiring.months (12) of a
// rating's validity the partner's users and the agencies in partnership with it are alerted that
// it expires, and once it has expired that a reassessment is needed; a new rating ends both.
// Agencies without an active partnership hear nothing. The e-mail copy says the same in the
// account's language. Time moves through PSEA_CLOCK_FILE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, ROOT, psea } from './lib.mjs';
import { tokenClient, createPartner, openAssessment } from './psea.mjs';

const RATED = '2026-01-15T09:00:00Z';
let server, dir, admin, unicef, unicefReader, wfp, who, partnerEditor, partnerReader, partner, other;

// Rates the partner at the server's current instant; every standard verified yes but 7.
async function rate(partnerId) {
  const a = await openAssessment(unicef, partnerId);
  const base = `/api/v1/assessments/${a.id}`;
  let r = await partnerEditor.put(`${base}/intro`, { contact_with_beneficiaries: false, previously_assessed: false });
  assert.equal(r.status, 200, r.text);
  r = await partnerEditor.put(`${base}/self-assessment`, { answers: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'no' })) });
  assert.equal(r.status, 200, r.text);
  r = await partnerEditor.post(`${base}/self-assessment/submit`, {});
  assert.equal(r.status, 200, r.text);
  r = await unicef.put(`${base}/verification`, { answers: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: n === 7 ? 'no' : 'yes' })) });
  assert.equal(r.status, 200, r.text);
  r = await unicef.post(`${base}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  return a.id;
}

const EXPIRY = ['rating_expiring', 'rating_expired', 'standing_expiring', 'standing_expired'];
// The expiry alerts of a caller about a partner: [[kind, due]].
async function expiry(client, partnerId = partner.id) {
  const r = await client.get('/api/v1/alerts');
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((a) => EXPIRY.includes(a.kind) && a.partner.id === partnerId).map((a) => [a.kind, a.due]);
}

before(async () => {
  server = await Server.start({ clock: RATED });
  dir = mkdtempSync(join(tmpdir(), 'psea-expiry-'));
  admin = await tokenClient(server, 'admin');
  unicef = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  unicefReader = await tokenClient(server, 'agency_reader', 'UNICEF');
  wfp = await tokenClient(server, 'agency_advanced_editor', 'WFP');
  who = await tokenClient(server, 'agency_advanced_editor', 'WHO');
  partner = await createPartner(unicef, { name: 'Jamii Health' });
  other = await createPartner(unicef, { name: 'Never Rated' });
  partnerEditor = await tokenClient(server, 'partner_editor', `partner:${partner.id}`);
  partnerReader = await tokenClient(server, 'partner_reader', `partner:${partner.id}`);
  let r = await unicef.post('/api/v1/partnerships', { partner_id: partner.id, start: '2025-01-01' });
  assert.equal(r.status, 201, r.text);
  // WFP worked with the partner until the end of 2027 only
  r = await wfp.post('/api/v1/partnerships', { partner_id: partner.id, start: '2025-01-01', end: '2027-12-31' });
  assert.equal(r.status, 201, r.text);
  await rate(partner.id);
});
// A clean exit: under the sanitizers, a leak in these routes would make it fail.
after(async () => { rmSync(dir, { recursive: true, force: true }); assert.deepEqual(await server.stop(), { code: 0, signal: null }); });

test('nothing is signalled while the rating is valid, before its last twelve months', async () => {
  for (const c of [partnerEditor, partnerReader, unicef, unicefReader, wfp, who]) assert.deepEqual(await expiry(c), []);
  server.setClock('2030-01-14T23:00:00Z');
  for (const c of [partnerEditor, unicef]) assert.deepEqual(await expiry(c), []);
});

test('twelve months before the end: the partner and the agencies in partnership are alerted', async () => {
  server.setClock('2030-01-15T10:00:00Z');
  assert.deepEqual(await expiry(partnerEditor), [['rating_expiring', '2031-01-15']]);
  assert.deepEqual(await expiry(partnerReader), [['rating_expiring', '2031-01-15']]);
  assert.deepEqual(await expiry(unicef), [['standing_expiring', '2031-01-15']]);
  assert.deepEqual(await expiry(unicefReader), [['standing_expiring', '2031-01-15']]);
  // WFP's partnership has ended; WHO never worked with the partner
  assert.deepEqual(await expiry(wfp), []);
  assert.deepEqual(await expiry(who), []);
  // a partner never rated has nothing to renew
  const never = await tokenClient(server, 'partner_editor', `partner:${other.id}`);
  assert.deepEqual(await expiry(never, other.id), []);
});

test('the warning period is the setting expiring.months', async () => {
  let r = await admin.patch('/api/v1/settings', { 'expiring.months': 6 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await expiry(partnerEditor), []);
  assert.deepEqual(await expiry(unicef), []);
  server.setClock('2030-07-15T10:00:00Z');
  assert.deepEqual(await expiry(partnerEditor), [['rating_expiring', '2031-01-15']]);
  assert.deepEqual(await expiry(unicef), [['standing_expiring', '2031-01-15']]);
  r = await admin.patch('/api/v1/settings', { 'expiring.months': 12 });
  assert.equal(r.status, 200, r.text);
});

function sendmail(name) {
  const out = join(dir, name);
  const script = join(dir, `${name}.sh`);
  writeFileSync(script, `#!/bin/sh\nmkdir -p '${out}'\nf=$(mktemp '${out}/mail.XXXXXX')\ncat > "$f"\nexit 0\n`);
  return { command: `sh ${script}`, out };
}

test('once expired, both sides are told a reassessment is needed, by e-mail too', async () => {
  server.setClock('2031-01-15T10:00:00Z');
  assert.deepEqual(await expiry(partnerEditor), [['rating_expired', '2031-01-15']]);
  assert.deepEqual(await expiry(unicef), [['standing_expired', '2031-01-15']]);
  assert.deepEqual(await expiry(wfp), []);
  assert.deepEqual(await expiry(who), []);

  let r = await admin.patch('/api/v1/settings', { 'alerts.email': 1 });
  assert.equal(r.status, 200, r.text);
  r = await admin.patch(`/api/v1/users/${partnerEditor.user.id}`, { language: 'fr' });
  assert.equal(r.status, 200, r.text);
  const { command, out } = sendmail('expired');
  const run = psea(['alerts', 'send', '--db', server.db, '--sendmail', command, '--from', 'portal@psea.test', '--base-url', 'https://psea.test/'],
    { env: { PSEA_CLOCK_FILE: server.clockFile }, allowFail: true });
  assert.equal(run.status, 0, run.stderr);
  const mails = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'));
  const fr = JSON.parse(readFileSync(join(ROOT, 'web/i18n/fr.json'), 'utf8'));
  const en = JSON.parse(readFileSync(join(ROOT, 'web/i18n/en.json'), 'utf8'));
  const toPartner = mails.find((m) => m.includes(`To: `) && m.includes(partnerEditor.user.email));
  assert.ok(toPartner, 'the partner editor gets a message');
  assert.ok(toPartner.includes(`- ${fr['alert.rating_expired']}`), toPartner);
  assert.ok(toPartner.includes(fr['mail.expired'].replace('{date}', '2031-01-15')), toPartner);
  assert.ok(toPartner.includes(`https://psea.test/partners/${partner.id}`), toPartner);
  const toAgency = mails.find((m) => m.includes(unicef.user.email));
  assert.ok(toAgency.includes(`- ${en['alert.standing_expired']}`), toAgency);
  assert.ok(toAgency.includes(en['mail.expired'].replace('{date}', '2031-01-15')), toAgency);
  assert.ok(!mails.some((m) => m.includes(wfp.user.email) && m.includes(en['alert.standing_expired'])));
});

test('a new rating ends the alerts', async () => {
  await rate(partner.id);
  assert.deepEqual(await expiry(partnerEditor), []);
  assert.deepEqual(await expiry(unicef), []);
});
