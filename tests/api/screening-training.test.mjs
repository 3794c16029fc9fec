// An agency's screening and training figures per year, entered by its focal points: counts only,
// checked against each other, audited, and read beside the register's figures and in its files.
// On FAO's 2025: 120 screened, 3 screened out (2.5 %); 200 to train, 150 trained (75.0 %).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from './lib.mjs';

let server, fao, who, admin, reader, agencies;
const path = (code, year) => `/api/v1/agencies/${agencies[code]}/screening-training/${year}`;
const counts = { personnel_screened: 120, screened_out: 3, people_to_train: 200, people_trained: 150 };

before(async () => {
  server = await Server.start({ clock: '2026-03-01T09:00:00Z' });
  fao = await server.signIn('agency_focal_point', 'FAO');
  who = await server.signIn('agency_focal_point', 'WHO');
  admin = await server.signIn('admin', 'UNICEF');
  reader = await server.signIn('agency_reader', 'FAO');
  agencies = Object.fromEntries((await fao.get('/api/v1/agencies')).json.items.map((a) => [a.code, a.id]));
});
after(async () => { await server.stop(); });

test('a year with nothing entered reads as unknown counts', async () => {
  const r = await fao.get(path('FAO', 2024));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.year, 2024);
  assert.equal(r.json.agency.code, 'FAO');
  for (const k of Object.keys(counts)) assert.equal(r.json[k], null, k);
  assert.equal(r.json.training_percent, null);
  assert.equal(r.json.updated_at, null);
});

test('a focal point enters its agency\'s year; the rates follow; the write is audited', async () => {
  const r = await fao.put(path('FAO', 2025), counts);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual({ ...r.json, agency: r.json.agency.code }, { agency: 'FAO', year: 2025, ...counts,
    screened_out_percent: 2.5, training_percent: 75, updated_at: '2026-03-01T09:00:00Z' });
  const read = await fao.get(path('FAO', 2025));
  assert.deepEqual(read.json, r.json);
  // a second entry replaces the first; a count left out is not known
  const again = await fao.put(path('FAO', 2025), { personnel_screened: 130, screened_out: 0 });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.personnel_screened, 130);
  assert.equal(again.json.screened_out, 0);
  assert.equal(again.json.screened_out_percent, 0);
  assert.equal(again.json.people_trained, null);
  assert.equal((await fao.put(path('FAO', 2025), counts)).status, 200);
  const log = await admin.get(`/api/v1/audit?object_type=screening_training&object_id=${agencies.FAO}`);
  assert.equal(log.status, 200);
  assert.equal(log.json.items.filter((e) => e.action === 'update 2025').length, 3);
});

test('bad counts are refused with every field named, and nothing is written', async () => {
  const bad = await fao.put(path('FAO', 2025), { personnel_screened: -1, screened_out: 'three', people_to_train: 10.5,
    people_trained: 10000001, names: ['someone'] });
  assert.equal(bad.status, 422, bad.text);
  const fields = bad.json.errors.map((e) => `${e.field}:${e.code}`).sort();
  assert.deepEqual(fields, ['names:unknown_field', 'people_to_train:invalid_type', 'people_trained:out_of_range',
    'personnel_screened:out_of_range', 'screened_out:invalid_type']);
  const parts = await fao.put(path('FAO', 2025), { personnel_screened: 5, screened_out: 6, people_to_train: 9, people_trained: 10 });
  assert.equal(parts.status, 422);
  assert.deepEqual(parts.json.errors.map((e) => e.code), ['more_than_screened', 'more_than_to_train']);
  assert.match(parts.json.errors[0].message, /cannot be more than personnel screened/);
  assert.equal((await fao.put(path('FAO', 2025), [1, 2])).status, 422);
  const kept = await fao.get(path('FAO', 2025));
  assert.equal(kept.json.personnel_screened, 120);
  assert.equal(kept.json.people_trained, 150);
});

test('the year must have begun, and the path must name an agency', async () => {
  const future = await fao.put(path('FAO', 2027), counts);
  assert.equal(future.status, 400);
  assert.match(future.json.detail, /from 2000 to 2026/);
  assert.equal((await fao.get(path('FAO', 1999))).status, 400);
  assert.equal((await fao.put(path('FAO', 2026), counts)).status, 200, 'the year under way');
  const partner = await admin.post('/api/v1/partners', { name: 'Riverside Aid', type: 'national_ngo', country: 'KE' });
  assert.equal((await admin.get(`/api/v1/agencies/${partner.json.id}/screening-training/2025`)).status, 404);
  assert.equal((await admin.get('/api/v1/agencies/999999/screening-training/2025')).status, 404);
});

test('only the agency\'s focal points and administrators enter or read them', async () => {
  assert.equal((await who.put(path('FAO', 2025), counts)).status, 403);
  assert.equal((await who.get(path('FAO', 2025))).status, 403);
  assert.equal((await reader.get(path('FAO', 2025))).status, 403);
  assert.equal((await reader.put(path('FAO', 2025), counts)).status, 403);
  const byAdmin = await admin.put(path('WHO', 2025), { personnel_screened: 40, screened_out: 1 });
  assert.equal(byAdmin.status, 200, byAdmin.text);
  assert.equal((await who.get(path('WHO', 2025))).json.personnel_screened, 40);
});

test('beside the register\'s figures, in the JSON, the CSV and the XLSX', async () => {
  const report = await fao.get('/api/v1/reports/incidents?year=2025');
  assert.equal(report.status, 200, report.text);
  assert.deepEqual(report.json.screening_training, { ...counts, screened_out_percent: 2.5, training_percent: 75,
    updated_at: '2026-03-01T09:00:00Z' });
  const csv = await fao.get('/api/v1/exports/incidents-figures.csv?year=2025');
  assert.equal(csv.status, 200);
  for (const line of ['FAO,2025,screening,personnel_screened,120', 'FAO,2025,screening,screened_out,3',
    'FAO,2025,screening,screened_out_percent,2.5', 'FAO,2025,training,people_to_train,200',
    'FAO,2025,training,people_trained,150', 'FAO,2025,training,percent,75.0']) assert.ok(csv.text.includes(line + '\r\n'), line);
  const none = await fao.get('/api/v1/exports/incidents-figures.csv?year=2023');
  assert.ok(none.text.includes('FAO,2023,training,percent,\r\n'));
  const xlsx = await fao.get('/api/v1/exports/incidents-figures.xlsx?year=2025');
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  const dir = mkdtempSync(join(tmpdir(), 'psea-xlsx-'));
  writeFileSync(join(dir, 'f.xlsx'), xlsx.body);
  const strings = execFileSync('unzip', ['-p', join(dir, 'f.xlsx'), 'xl/sharedStrings.xml']).toString();
  assert.ok(strings.includes('people_trained'));
  const sheet = execFileSync('unzip', ['-p', join(dir, 'f.xlsx'), 'xl/worksheets/sheet1.xml']).toString();
  assert.match(sheet, /<c r="E\d+"><v>150<\/v><\/c>/, 'a count is a number');
  assert.match(sheet, /<c r="E\d+"><v>75<\/v><\/c>/);
});
