// Coverage and rating figures, the corrective-action review's effect on a partner's standing,
// the exports and the import of past assessments, on a data set whose answers are worked out by
// hand below.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, psea } from './lib.mjs';

let server, adv, wfpAdv, fp, reader, admin, agencies, A1;
const P = {};

// A CSV record split into fields (quotes undone); enough for the export's rows.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\r') continue;
    else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += ch;
  }
  return rows;
}

async function partner(name, country = 'CO') {
  const r = await admin.post('/api/v1/partners', { name, type: 'national_ngo', country });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

async function partnership(client, partnerId, start, end) {
  const r = await client.post('/api/v1/partnerships', { partner_id: partnerId, start, ...(end ? { end } : {}) });
  assert.equal(r.status, 201, r.text);
}

async function past(partnerId, agency, date, extra) {
  const r = await admin.post('/api/v1/past-assessments', { partner_id: partnerId, agency_id: agencies[agency], date, ...extra });
  assert.equal(r.status, 201, r.text);
}

function pdfToText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'psea-pdf-'));
  writeFileSync(join(dir, 'r.pdf'), bytes);
  return execFileSync('pdftotext', [join(dir, 'r.pdf'), '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
}

const answers = (values) => ({ answers: values.map((answer, i) => ({ standard: i + 1, answer })) });

// A verified rating through the whole assessment: the self-assessment answers `no` (so that no
// evidence is needed), the agency verifies with `verified`.
async function rate(partnerId, verified) {
  const a = await adv.post('/api/v1/assessments', { partner_id: partnerId });
  assert.equal(a.status, 201, a.text);
  const id = a.json.id;
  const steps = [
    ['put', `/api/v1/assessments/${id}/intro`, { contact_with_beneficiaries: true, previously_assessed: false, previous: null }],
    ['put', `/api/v1/assessments/${id}/self-assessment`, answers(Array(8).fill('no'))],
    ['post', `/api/v1/assessments/${id}/self-assessment/submit`, {}],
    ['put', `/api/v1/assessments/${id}/verification`, answers(verified)],
    ['post', `/api/v1/assessments/${id}/finalize`, {}],
  ];
  for (const [method, path, body] of steps) {
    const r = await adv[method](path, body);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
  }
  return id;
}

// A client with an API token, so that it stays signed in while the tests move the clock by days.
async function tokenClient(role, org) {
  const c = await server.signIn(role, org);
  const r = await c.post('/api/v1/tokens', { name: 'tests' });
  assert.equal(r.status, 201, r.text);
  Object.assign(c, { token: r.json.token, cookie: null, csrf: null });
  return c;
}

before(async () => {
  server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
  admin = await tokenClient('admin', 'UNICEF');
  adv = await tokenClient('agency_advanced_editor', 'UNICEF');
  wfpAdv = await tokenClient('agency_advanced_editor', 'WFP');
  fp = await tokenClient('agency_focal_point', 'UNICEF');
  reader = await tokenClient('agency_reader', 'UNICEF');
  agencies = Object.fromEntries((await admin.get('/api/v1/agencies')).json.items.map((a) => [a.code, a.id]));
});
after(async () => { await server.stop(); });

// The data set:
//   P1 "Asociación Niñez Feliz"  verified full (all yes) on 2026-06-15       UNICEF active, WFP active
//   P2 "Bright Path"             migrated medium, 2022-01-10 (expiring)      UNICEF active
//   P3 "Cedar Trust"             migrated low, 2020-03-01 (expired)          UNICEF active
//   P4 "Delta Aid"               never rated                                 WFP active
//   P5 "Echo Relief"             migrated: UNICEF's risk "low" → full, 2025-01-01 (valid)
//                                UNICEF partnership ended 2026-01-01, WFP's starts 2026-07-01
// Coverage by hand: UNICEF active P1 P2 P3 = 3, valid P1 P2 = 2 → 66.7%;
//                   WFP active P1 P4 = 2, valid P1 = 1 → 50.0%; every other agency 0 of 0.
test('coverage per agency, worked out by hand', async () => {
  P[1] = await partner('Asociación Niñez Feliz');
  P[2] = await partner('Bright Path, "Ltd"');
  P[3] = await partner('Cedar Trust');
  P[4] = await partner('Delta Aid');
  P[5] = await partner('Echo Relief');
  for (const i of [1, 2, 3]) await partnership(adv, P[i], '2025-01-01');
  await partnership(adv, P[5], '2024-01-01', '2026-01-01');
  for (const i of [1, 4]) await partnership(wfpAdv, P[i], '2026-02-01');
  await partnership(wfpAdv, P[5], '2026-07-01');
  A1 = await rate(P[1], Array(8).fill('yes'));
  await past(P[2], 'UNICEF', '2022-01-10', { rating: 'medium' });
  await past(P[3], 'UNHCR', '2020-03-01', { rating: 'low' });
  await past(P[5], 'UNICEF', '2025-01-01', { legacy_sea_risk: 'low' });

  const r = await reader.get('/api/v1/reports/coverage');
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.json.items.map((i) => [i.agency.code, i]));
  assert.equal(r.json.items.length, 10);
  assert.deepEqual({ ...by.UNICEF, agency: undefined, text: undefined },
    { agency: undefined, active_partners: 3, assessed: 2, percent: 66.7, text: undefined });
  assert.equal(by.UNICEF.text, '66.7% (2 of 3)');
  assert.equal(by.UNICEF.agency.id, agencies.UNICEF);
  assert.deepEqual([by.WFP.active_partners, by.WFP.assessed, by.WFP.percent], [2, 1, 50]);
  assert.deepEqual([by.FAO.active_partners, by.FAO.assessed, by.FAO.percent], [0, 0, 0]);
  const partnerUser = await server.signIn('partner_reader', `partner:${P[1]}`);
  assert.equal((await partnerUser.get('/api/v1/reports/coverage')).status, 403);
});

// Ratings by hand (all five partners): P1 full eligible (valid), P2 medium eligible (expiring),
// P3 expired, P4 not assessed, P5 full eligible (valid).
test('ratings by capacity and eligibility, worked out by hand', async () => {
  const r = await reader.get('/api/v1/reports/ratings');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.partners, 5);
  assert.deepEqual(r.json.by_capacity, { low: 0, medium: 1, full: 2 });
  assert.deepEqual(r.json.eligibility, { eligible: 3, not_eligible: 0 });
  assert.deepEqual(r.json.standings, { not_assessed: 1, valid: 2, expiring: 1, expired: 1 });
  assert.equal(r.json.standings_expiring, 1);
  const wfpOnly = await reader.get(`/api/v1/reports/ratings?agency_id=${agencies.WFP}`);
  assert.equal(wfpOnly.json.partners, 3); // P1, P4, P5 have a partnership with WFP
});

test('an inadequate corrective action makes standard 8 no and the partner not eligible at once', async () => {
  server.setClock('2026-06-20T09:00:00Z');
  const inc = await fp.post('/api/v1/incidents', { personnel_category: 'implementing_partner', type: 'sexual_exploitation',
    source: 'complaint', received_at: '2026-06-18T10:00:00Z', partner_id: P[1] });
  assert.equal(inc.status, 201, inc.text);
  const rev = await fp.post(`/api/v1/incidents/${inc.json.id}/corrective-action-review`, { adequate: false, notes: 'No action.' });
  assert.equal(rev.status, 200, rev.text);

  const page = await reader.get(`/api/v1/partners/${P[1]}`);
  assert.equal(page.json.psea.eligible, false);
  assert.equal(page.json.psea.rating, 'medium'); // 7 of 8 met
  assert.equal(page.json.psea.standards[7], 'no');
  const obs = await reader.get('/api/v1/observation?limit=200');
  const row = obs.json.items.find((i) => i.partner.id === P[1]);
  assert.equal(row.psea.eligible, false);
  assert.equal(row.psea.standards[7], 'no');
  const ratings = await reader.get('/api/v1/reports/ratings');
  assert.deepEqual(ratings.json.by_capacity, { low: 0, medium: 2, full: 1 });
  assert.deepEqual(ratings.json.eligibility, { eligible: 2, not_eligible: 1 });
  assert.deepEqual(ratings.json.by_capacity_and_eligibility.medium, { eligible: 1, not_eligible: 1 });
  const pdf = await reader.get(`/api/v1/assessments/${A1}/report.pdf`);
  assert.equal(pdf.status, 200, pdf.text);
  const pdfText = pdfToText(pdf.body);
  assert.match(pdfText, /Rating: medium/);
  assert.match(pdfText, /Standards met: 7 of 8/);
  assert.match(pdfText, /Eligible for partnership: no/);
  const csv = parseCsv((await reader.get('/api/v1/exports/observation.csv')).text.replace(/^\uFEFF/, ''));
  const p1 = csv.find((f) => f[0] === P[1]);
  assert.equal(p1[csv[0].indexOf('eligible')], 'false');
  assert.equal(p1[csv[0].indexOf('standard_8')], 'no');
  assert.equal(p1[csv[0].indexOf('rating')], 'medium');
});

test('a new rating after the review says otherwise', async () => {
  server.setClock('2026-07-01T09:00:00Z');
  const list = await adv.get(`/api/v1/partners/${P[1]}`);
  assert.equal(list.json.psea.eligible, false);
  // the agency assesses again: unlock the rating, verify, finalize
  const assessmentId = A1;
  let r = await adv.post(`/api/v1/assessments/${assessmentId}/unlock-rating`, { reason: 'Corrective action taken since.' });
  assert.equal(r.status, 200, r.text);
  r = await adv.put(`/api/v1/assessments/${assessmentId}/verification`, answers(Array(8).fill('yes')));
  assert.equal(r.status, 200, r.text);
  r = await adv.post(`/api/v1/assessments/${assessmentId}/finalize`, {});
  assert.equal(r.status, 200, r.text);
  const page = await reader.get(`/api/v1/partners/${P[1]}`);
  assert.equal(page.json.psea.eligible, true);
  assert.equal(page.json.psea.rating, 'full');
  assert.equal(page.json.psea.standards[7], 'yes');
});

test('the observation list as CSV: a header, a row per partner, escaped', async () => {
  const r = await reader.get('/api/v1/exports/observation.csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /observation\.csv/);
  const rows = parseCsv(r.text.replace(/^\uFEFF/, ''));
  const head = rows[0];
  for (const c of ['partner_id', 'name', 'country', 'type', 'rating', 'eligible', 'rated_at', 'valid_until',
    ...Array.from({ length: 8 }, (_, i) => `standard_${i + 1}`)]) assert.ok(head.includes(c), c);
  assert.equal(rows.length, 6);
  const get = (id, col) => rows.find((f) => f[0] === id)[head.indexOf(col)];
  assert.equal(get(P[2], 'name'), 'Bright Path, "Ltd"');
  assert.equal(get(P[2], 'rating'), 'medium');
  assert.equal(get(P[2], 'valid_until'), '2027-01-10');
  assert.equal(get(P[2], 'standard_1'), ''); // a migrated rating has no answers per standard
  assert.equal(get(P[1], 'name'), 'Asociación Niñez Feliz');
  assert.equal(get(P[1], 'standard_1'), 'yes');
  // finalized again after the review (2026-07-01): a revision keeps the rating's date
  assert.equal(get(P[1], 'rated_at'), '2026-06-15T12:00:00Z');
  assert.equal(get(P[3], 'rating'), ''); // expired: no rating in force
  assert.equal(get(P[4], 'eligible'), '');
  const partnerUser = await server.signIn('partner_editor', `partner:${P[2]}`);
  assert.equal((await partnerUser.get('/api/v1/exports/observation.csv')).status, 403);
});

test('the observation list as XLSX: a column per standard, real dates', async () => {
  const r = await reader.get('/api/v1/exports/observation.xlsx');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  const dir = mkdtempSync(join(tmpdir(), 'psea-xlsx-'));
  writeFileSync(join(dir, 'o.xlsx'), r.body);
  const sheet = execFileSync('unzip', ['-p', join(dir, 'o.xlsx'), 'xl/worksheets/sheet1.xml']).toString();
  for (let i = 1; i <= 8; i++) assert.ok(sheet.includes(`standard_${i}`), `standard_${i}`);
  assert.ok(sheet.includes('Asociación Niñez Feliz'));
  // 2027-01-10 is day 46397 of Excel's calendar: a number with a date style, not text
  assert.match(sheet, /<c r="H\d+" s="\d+"><v>46397<\/v><\/c>/);
  const styles = execFileSync('unzip', ['-p', join(dir, 'o.xlsx'), 'xl/styles.xml']).toString();
  assert.match(styles, /formatCode="yyyy-mm-dd"/);
});

test('the observation list in French: the columns for programs keep their codes, those for people are in words', async () => {
  for (const format of ['csv', 'xlsx']) {
    const r = await reader.get(`/api/v1/exports/observation.${format}?lang=fr`);
    assert.equal(r.status, 200, r.text);
    let rows;
    if (format === 'csv') rows = parseCsv(r.text.replace(/^\uFEFF/, ''));
    else {
      const dir = mkdtempSync(join(tmpdir(), 'psea-xlsx-'));
      writeFileSync(join(dir, 'o.xlsx'), r.body);
      // constant-memory workbooks write their text inline in the sheet
      const text = execFileSync('unzip', ['-p', join(dir, 'o.xlsx'), 'xl/worksheets/sheet1.xml']).toString();
      for (const w of ['Notation (en toutes lettres)', 'Capacité moyenne', '10 janvier 2027', 'standard_1', 'medium']) assert.ok(text.includes(w), `${w} in the workbook`);
      continue;
    }
    const head = rows[0];
    const get = (id, col) => rows.find((f) => f[0] === id)[head.indexOf(col)];
    // the codes, as before, for programs
    assert.deepEqual(head.slice(0, 18), ['partner_id', 'name', 'country', 'type', 'rating', 'eligible', 'rated_at', 'valid_until',
      ...Array.from({ length: 8 }, (_, i) => `standard_${i + 1}`), 'standing', 'assessed_by']);
    assert.equal(get(P[2], 'rating'), 'medium');
    assert.equal(get(P[2], 'valid_until'), '2027-01-10');
    assert.equal(get(P[2], 'type'), 'national_ngo');
    // the same facts for people, in French
    assert.deepEqual(head.slice(18), ['Type (en toutes lettres)', 'Notation (en toutes lettres)', 'Éligibilité', 'Situation (en toutes lettres)', 'Valide jusqu\'au (date)']);
    assert.equal(get(P[2], 'Notation (en toutes lettres)'), 'Capacité moyenne');
    assert.equal(get(P[2], 'Type (en toutes lettres)'), 'ONG nationale');
    assert.equal(get(P[2], 'Valide jusqu\'au (date)'), '10 janvier 2027');
    assert.equal(get(P[2], 'Situation (en toutes lettres)'), 'Expire bientôt'); // within the last 12 months
    assert.equal(get(P[3], 'Notation (en toutes lettres)'), ''); // expired: no rating in force
    assert.equal(get(P[3], 'Situation (en toutes lettres)'), 'Expirée');
  }
  // without lang, the account's language (English here); a language the portal lacks is refused
  const en = parseCsv((await reader.get('/api/v1/exports/observation.csv')).text.replace(/^\uFEFF/, ''));
  assert.equal(en[0][19], 'Rating (in words)');
  assert.ok(en.some((row) => row[22] === '10 January 2027'));
  const bad = await reader.get('/api/v1/exports/observation.csv?lang=de');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.code, 'bad_parameter');
  assert.match(bad.json.detail, /en, fr or es/);
});

test('one assessment as a PDF report, accents included', async () => {
  const id = A1;
  const r = await adv.get(`/api/v1/assessments/${id}/report.pdf`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.body.subarray(0, 5).toString(), '%PDF-');
  const text = pdfToText(r.body);
  assert.ok(text.includes('Asociación Niñez Feliz'), text);
  assert.ok(text.includes('Rating: full'));
  const stranger = await server.signIn('partner_reader', `partner:${P[4]}`);
  assert.equal((await stranger.get(`/api/v1/assessments/${id}/report.pdf`)).status, 404);
});

test('the PDF report speaks the language asked for, else the account\'s', async () => {
  const id = A1;
  const fr = pdfToText((await adv.get(`/api/v1/assessments/${id}/report.pdf?lang=fr`)).body);
  for (const words of ['Évaluation des capacités PSEA', 'Note: capacité complète', 'Normes respectées: 8 sur 8',
    'Éligible au partenariat: oui', 'Les huit normes essentielles', "1. Politique de l'organisation", 'Vérification: oui.'])
    assert.ok(fr.includes(words), `${words} in ${fr}`);
  assert.ok(!fr.includes('Rating:'), 'no English label left');
  // dates as French readers write them, not as programs do
  assert.ok(fr.includes('Notée le: 15 juin 2026'), fr);
  assert.ok(!/\d{4}-\d{2}-\d{2}/.test(fr), 'no ISO date left');
  const es = pdfToText((await adv.get(`/api/v1/assessments/${id}/report.pdf?lang=es`)).body);
  assert.ok(es.includes('Calificación: capacidad plena'), es);
  // without lang: the account's language
  psea(['user', 'add', '--db', server.db, '--email', 'lecteur@unicef.org', '--name', 'Lecteur', '--role', 'agency_reader',
    '--org', 'UNICEF', '--password-stdin', '--language', 'fr'], { input: 'correct-horse-battery\n' });
  const lecteur = server.client();
  assert.equal((await lecteur.post('/api/v1/session', { email: 'lecteur@unicef.org', password: 'correct-horse-battery' })).status, 200);
  assert.ok(pdfToText((await lecteur.get(`/api/v1/assessments/${id}/report.pdf`)).body).includes('Évaluation des capacités PSEA'));
  const bad = await adv.get(`/api/v1/assessments/${id}/report.pdf?lang=de`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.code, 'bad_parameter');
  assert.match(bad.json.detail, /en, fr or es/);
});

test('psea import past-assessments: every row checked, nothing written on a bad row', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'psea-import-'));
  const file = join(dir, 'past.csv');
  const before_ = (await reader.get(`/api/v1/partners/${P[4]}`)).json.psea;
  writeFileSync(file, 'partner_id,agency,date,rating\n1,UNICEF,2024-01-01,full\n');
  let r = psea(['import', 'past-assessments', '--db', server.db, file], { allowFail: true, env: server.env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 1: the header must be/);

  writeFileSync(file, [
    'partner_id,agency,date,rating,legacy_sea_risk',
    `${P[4]},UNICEF,2024-05-01,medium,`,
    `${P[4]},NOPE,2024-05-01,medium,`,
    `${P[4]},WFP,2024-05-01,excellent,`,
    `${P[4]},WFP,2027-01-01,full,`,
    `${P[4]},WFP,2024-05-01,full,high`,
    '999999,WFP,2024-05-01,,moderate',
  ].join('\n') + '\n');
  r = psea(['import', 'past-assessments', '--db', server.db, file], { allowFail: true, env: server.env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 3: unknown agency/);
  assert.match(r.stderr, /line 4: the rating must be full, medium or low/);
  assert.match(r.stderr, /line 5: the date is in the future/);
  assert.match(r.stderr, /line 6: give either rating or legacy_sea_risk/);
  assert.match(r.stderr, /line 7: there is no partner/);
  assert.doesNotMatch(r.stderr, /line 2:/);
  assert.deepEqual((await reader.get(`/api/v1/partners/${P[4]}`)).json.psea, before_); // nothing written

  writeFileSync(file, '\uFEFFpartner_id,agency,date,rating,legacy_sea_risk\r\n' +
    `${P[4]},UNICEF,2024-05-01,,moderate\r\n${P[3]},WFP,2023-02-01,,15\r\n`);
  r = psea(['import', 'past-assessments', '--db', server.db, file], { env: server.env });
  assert.match(r.stdout, /imported 2 past assessments/);
  const p4 = (await reader.get(`/api/v1/partners/${P[4]}`)).json.psea;
  assert.equal(p4.rating, 'medium'); // moderate risk → medium
  assert.equal(p4.rating_date, '2024-05-01');
  const p3 = (await reader.get(`/api/v1/partners/${P[3]}`)).json.psea;
  assert.equal(p3.rating, 'full'); // a total of 15 is low risk → full
  // the same file again: already imported, refused whole
  r = psea(['import', 'past-assessments', '--db', server.db, file], { allowFail: true, env: server.env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 2: this partner, agency and date are already imported/);
});
