// The e-mail copy of the alerts (DOMAIN.md, "Alerts": optional, off by default): `psea alerts
// send` hands one message per active account with alerts to the sendmail command, in the
// account's language, listing what GET /api/v1/alerts lists for it, with well-formed headers that
// no name can break; nothing while the setting is off; a refused message fails the command after
// the others were tried. The sendmail command here is a script that keeps each message in a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, ROOT, psea, sql } from './lib.mjs';
import { tokenClient, createPartner, openAssessment } from './psea.mjs';

const NOW = '2026-03-02T08:00:00Z';
const BASE = 'https://psea.test';
const catalogue = (lang) => JSON.parse(readFileSync(join(ROOT, `web/i18n/${lang}.json`), 'utf8'));
const WORDS = { en: catalogue('en'), fr: catalogue('fr'), es: catalogue('es') };

let server, dir, admin, accounts;

// An account of that role with a token, its id and e-mail address, and optional changes.
async function account(role, org, changes = {}) {
  const c = await tokenClient(server, role, org);
  if (Object.keys(changes).length) {
    const r = await admin.patch(`/api/v1/users/${c.user.id}`, changes);
    assert.equal(r.status, 200, r.text);
  }
  return { client: c, id: c.user.id, email: c.user.email, language: changes.language || 'en' };
}

async function alertsOf(a) {
  const r = await a.client.get('/api/v1/alerts');
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

before(async () => {
  server = await Server.start({ clock: NOW });
  dir = mkdtempSync(join(tmpdir(), 'psea-mail-'));
  admin = await tokenClient(server, 'admin', 'UNICEF');
  const advanced = await account('agency_advanced_editor', 'UNICEF');
  // A name that tries to add a header of its own: the API refuses it, but a name written before
  // that check (put here with SQL) must still not break a message.
  const editor = await account('agency_editor', 'UNICEF', { language: 'es' });
  const refused = await admin.patch(`/api/v1/users/${editor.id}`, { name: 'Eve Editor\r\nBcc: intruder@evil.test' });
  assert.equal(refused.status, 422, refused.text);
  assert.equal(refused.json.errors[0].field, 'name');
  const crlf = server.db.startsWith('postgresql:') ? 'chr(13) || chr(10)' : 'char(13, 10)';
  sql(server.db, `UPDATE users SET name = 'Eve Editor' || ${crlf} || 'Bcc: intruder@evil.test' WHERE id = ${Number(editor.id)}`);
  // Partner 1: an assessment waiting for its Section 1, an alert for the partner's editors
  const p1 = await createPartner(advanced.client, { name: 'Fondation Étoile' });
  const a1 = await openAssessment(advanced.client, p1.id);
  const partnerFr = await account('partner_editor', `partner:${p1.id}`, { name: 'Inès Dupré', language: 'fr' });
  const leaving = await account('partner_editor', `partner:${p1.id}`);
  // Partner 2: a submitted self-assessment, an alert for the agency's editors only
  const p2 = await createPartner(advanced.client, { name: 'Clinic Two' });
  const a2 = await openAssessment(advanced.client, p2.id);
  const partnerEn = await account('partner_editor', `partner:${p2.id}`);
  let r = await partnerEn.client.put(`/api/v1/assessments/${a2.id}/intro`,
    { contact_with_beneficiaries: true, previously_assessed: false, previous: null });
  assert.equal(r.status, 200, r.text);
  r = await partnerEn.client.put(`/api/v1/assessments/${a2.id}/self-assessment`,
    { answers: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ standard: n, answer: 'no', comment: 'to be built' })) });
  assert.equal(r.status, 200, r.text);
  r = await partnerEn.client.post(`/api/v1/assessments/${a2.id}/self-assessment/submit`, {});
  assert.equal(r.status, 200, r.text);
  // the account that leaves had alerts like its colleague's until it was deactivated
  assert.equal((await alertsOf(leaving)).length, 1);
  r = await admin.patch(`/api/v1/users/${leaving.id}`, { active: false });
  assert.equal(r.status, 200, r.text);
  accounts = { advanced, editor, partnerFr, partnerEn, leaving, admin: { client: admin, email: admin.user.email } };
  accounts.a1 = a1;
  accounts.a2 = a2;
});
after(async () => {
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  rmSync(dir, { recursive: true, force: true });
});

// A sendmail that keeps each message in its own file under out/, and exits 1 when its message
// is for an address containing `refuse`.
function sendmail(name, refuse = null) {
  const out = join(dir, name);
  const script = join(dir, `${name}.sh`);
  writeFileSync(script, `#!/bin/sh\nmkdir -p '${out}'\nf=$(mktemp '${out}/mail.XXXXXX')\ncat > "$f"\n` +
    (refuse ? `if grep -q '^To:.*${refuse}' "$f"; then exit 1; fi\n` : '') + 'exit 0\n');
  return { command: `sh ${script}`, out };
}

function sent(out) {
  let files = [];
  try { files = readdirSync(out); } catch { return []; }
  return files.map((f) => readFileSync(join(out, f), 'utf8'));
}

function send(command, extra = []) {
  return psea(['alerts', 'send', '--db', server.db, '--sendmail', command, '--from', 'portal@psea.test', '--base-url', BASE + '/', ...extra],
    { env: { PSEA_CLOCK_FILE: server.clockFile }, allowFail: true });
}

// RFC 2047 encoded words back to text.
const decodeWords = (v) => v.replace(/\r?\n /g, '').replace(/=\?utf-8\?B\?([^?]*)\?=/g, (_, b) => Buffer.from(b, 'base64').toString('utf8'));

// Headers and body of a message; the headers checked for shape on the way.
function parse(text) {
  const end = text.indexOf('\n\n');
  assert.ok(end > 0, 'a blank line ends the headers');
  const head = text.slice(0, end), body = text.slice(end + 2);
  const headers = {};
  let last = null;
  for (const line of head.split('\n')) {
    assert.ok(line.length <= 998, 'no header line over 998 characters');
    if (line.startsWith(' ')) { headers[last] += '\n' + line; continue; }
    const m = /^([A-Za-z-]+): (.*)$/.exec(line);
    assert.ok(m, `a header line: ${JSON.stringify(line)}`);
    assert.ok(!(m[1] in headers), `${m[1]} once`);
    last = m[1];
    headers[last] = m[2];
  }
  for (const v of Object.values(headers)) assert.match(v, /^[\x20-\x7e\n]*$/, 'headers in ASCII');
  assert.deepEqual(Object.keys(headers).sort(), ['Auto-Submitted', 'Content-Transfer-Encoding', 'Content-Type', 'Date', 'From',
    'MIME-Version', 'Subject', 'To']);
  assert.equal(headers['MIME-Version'], '1.0');
  assert.equal(headers['Content-Type'], 'text/plain; charset=utf-8');
  assert.equal(headers['Content-Transfer-Encoding'], '8bit');
  assert.equal(headers.Date, 'Mon, 02 Mar 2026 08:00:00 +0000');
  assert.match(headers.From, /<portal@psea\.test>$/);
  const to = /<([^>]+)>$/.exec(headers.To);
  assert.ok(to, headers.To);
  return { headers, body, to: to[1], name: decodeWords(headers.To.replace(/ <[^>]+>$/, '')).replace(/^"|"$/g, '') };
}

// The alert as the message should tell it, in the account's language.
function expectedLines(alert, lang) {
  const w = WORDS[lang];
  const lines = [`- ${w[`alert.${alert.kind}`]}`, `  ${w['mail.partner'].replace('{name}', alert.partner.name)}`];
  const page = { intro_to_fill: '/intro', verification_to_do: '/verify' }[alert.kind];
  assert.ok(page, `a kind this test knows: ${alert.kind}`);
  lines.push(`  ${BASE}/assessments/${alert.assessment_id}${page}`);
  return lines.join('\n') + '\n';
}

test('with the setting off, nothing is sent', async () => {
  const { command, out } = sendmail('off');
  const r = send(command);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /off/);
  assert.deepEqual(sent(out), []);
});

test('with it on, each active account with alerts gets one message in its language listing them', async () => {
  let r = await admin.patch('/api/v1/settings', { 'alerts.email': 1 });
  assert.equal(r.status, 200, r.text);
  const { command, out } = sendmail('on');
  r = send(command);
  assert.equal(r.status, 0, r.stderr);
  const messages = sent(out).map(parse);
  const byEmail = Object.fromEntries(messages.map((m) => [m.to, m]));
  assert.equal(Object.keys(byEmail).length, messages.length, 'one message per account');

  const { advanced, editor, partnerFr, partnerEn, leaving } = accounts;
  for (const a of [advanced, editor, partnerFr]) {
    const alerts = await alertsOf(a);
    assert.ok(alerts.length > 0, a.email);
    const m = byEmail[a.email];
    assert.ok(m, `a message to ${a.email}`);
    const w = WORDS[a.language];
    assert.equal(decodeWords(m.headers.Subject), w['mail.subject'].replace('{n}', alerts.length));
    assert.equal(m.body.split('\n').filter((l) => l.startsWith('- ')).length, alerts.length, 'every alert, no more');
    for (const alert of alerts) assert.ok(m.body.includes(expectedLines(alert, a.language)), `${a.email}: ${alert.kind}\n${m.body}`);
    assert.ok(m.body.includes(w['mail.footer']));
  }
  // the partner's alert: Section 1 of its assessment, in French, the subject encoded
  assert.match(byEmail[partnerFr.email].headers.Subject, /^=\?utf-8\?B\?/);
  assert.equal(byEmail[partnerFr.email].name, 'Inès Dupré');
  assert.ok(byEmail[partnerFr.email].body.startsWith('Bonjour Inès Dupré,\n'));
  assert.ok(byEmail[partnerFr.email].body.includes(`${BASE}/assessments/${accounts.a1.id}/intro\n`));
  // the agency's alert: the submitted self-assessment to verify
  assert.ok(byEmail[advanced.email].body.includes(`${BASE}/assessments/${accounts.a2.id}/verify\n`));
  // the name with a line break stayed on its line: no header of its own
  assert.equal(byEmail[editor.email].name, 'Eve Editor  Bcc: intruder@evil.test');
  assert.ok(!/^Bcc:/im.test(sent(out).join('\n')), 'no Bcc header anywhere');
  // nothing for accounts without alerts, nor for the deactivated one
  assert.deepEqual(await alertsOf(partnerEn), []);
  assert.deepEqual(await alertsOf(accounts.admin), []);
  for (const a of [partnerEn, leaving, accounts.admin]) assert.ok(!byEmail[a.email], `nothing to ${a.email}`);
  assert.deepEqual(Object.keys(byEmail).sort(), [advanced.email, editor.email, partnerFr.email].sort());
  assert.match(r.stdout, /^3 messages sent, 2 accounts without alerts, 0 failures\n$/);
});

test('a message the sendmail command refuses fails the command, after the others were sent', async () => {
  const refused = accounts.partnerFr.email;
  const { command, out } = sendmail('refuse', refused.split('@')[0]);
  const r = send(command);
  assert.equal(r.status, 1);
  assert.ok(r.stderr.includes(refused), r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, 'one line, for that recipient');
  assert.match(r.stdout, /^2 messages sent, 2 accounts without alerts, 1 failure\n$/);
  assert.equal(sent(out).length, 3, 'all three were tried');
  // a command that cannot run at all fails every message
  const broken = send(join(dir, 'no-such-sendmail'));
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /^0 messages sent, 2 accounts without alerts, 3 failures\n$/);
});

test('the command checks its arguments', async () => {
  const ok = sendmail('args');
  for (const args of [['alerts'], ['alerts', 'send'], ['alerts', 'mail', '--db', server.db],
    ['alerts', 'send', '--db', server.db, '--base-url', 'psea.test'],
    ['alerts', 'send', '--db', server.db, '--base-url', 'https://psea.test/a b'],
    ['alerts', 'send', '--db', server.db, '--no-such-option', '1']]) {
    const r = psea(args, { allowFail: true });
    assert.equal(r.status, 2, args.join(' '));
  }
  const badFrom = psea(['alerts', 'send', '--db', server.db, '--sendmail', ok.command, '--from', 'portal@psea.test\nBcc: x@evil.test'],
    { allowFail: true });
  assert.equal(badFrom.status, 2);
  // without the interface's words, nothing is sent: one sentence, exit 1
  const noWords = send(ok.command, ['--web', join(dir, 'no-such-web')]);
  assert.equal(noWords.status, 1);
  assert.match(noWords.stderr, /^psea: [^\n]+\n$/);
  assert.deepEqual(sent(ok.out), []);
  const help = psea(['alerts', '--help']);
  assert.match(help.stdout, /^usage: psea alerts send --db PATH/);
  assert.match(psea(['--help']).stdout, /^ {2}alerts /m);
});
