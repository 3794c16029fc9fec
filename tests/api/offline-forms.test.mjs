// The offline form: the workbook to download (named cells, choices in the reader's language),
// and the import of a filled one: preview, confirmation, bad cells listed with nothing written,
// who may do it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Server, psea } from './lib.mjs';
import { tokenClient, createPartner, openAssessment, assertProblem } from './psea.mjs';
import { fillWorkbook, readCell, unzip, definedNames } from './workbook.mjs';
import * as files from './files.mjs';
import { exchange } from './raw.mjs';

let server, advanced, editor, whoAdvanced, partnerEditor, partner, other;

before(async () => {
  server = await Server.start({ clock: '2026-11-20T10:00:00Z' });
  advanced = await tokenClient(server, 'agency_advanced_editor');
  editor = await tokenClient(server, 'agency_editor');
  whoAdvanced = await tokenClient(server, 'agency_advanced_editor', 'WHO');
  partner = await createPartner(advanced, { name: 'Offline Partner' });
  other = await createPartner(advanced);
  partnerEditor = await tokenClient(server, 'partner_editor', `partner:${partner.id}`);
});
after(async () => { await server.stop(); });

async function download(client, query = '') {
  const r = await client.get(`/api/v1/offline-forms/assessment.xlsx${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// evidence: [[standard, bytes, name]], each sent as the part evidence_<standard>.
function send(client, path, workbook, fields = {}, evidence = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([workbook]), 'filled.xlsx');
  for (const [standard, bytes, name] of evidence) form.append(`evidence_${standard}`, new Blob([bytes]), name);
  return client.request('POST', path, { form });
}

async function admin() { return tokenClient(server, 'admin', 'UNICEF'); }

function blob(doc) { return readFileSync(join(server.data, 'blobs', doc.sha256.slice(0, 2), doc.sha256.slice(2))); }

// A whole form: Section 1, eight answers on each side (standard 3 verified no), a rating date,
// one plan activity for standard 3.
function goodAnswers(words = { yes: 'Yes', no: 'No', na: 'Not applicable' }) {
  const v = {
    s1_contact: words.yes, s1_previously_assessed: words.no,
    verify_rating_date: '2026-11-10',
    plan_act1_standard: '3', plan_act1_description: 'Check references of every new hire',
    plan_act1_responsible: 'HR officer', plan_act1_due_date: '2027-01-31',
  };
  for (let k = 1; k <= 8; k++) {
    v[`s2_std${k}_answer`] = k === 8 ? words.na : words.yes;
    v[`s2_std${k}_comment`] = `Partner comment ${k}`;
    v[`verify_std${k}_answer`] = k === 3 ? words.no : k === 8 ? words.na : words.yes;
  }
  v.verify_std3_comment = 'No reference checks seen';
  return v;
}

test('the workbook names every answer cell and offers the choices in the reader\'s language', async () => {
  const en = await download(advanced, `?lang=en&partner_id=${partner.id}`);
  const names = definedNames(unzip(en));
  for (let k = 1; k <= 8; k++)
    for (const n of [`s2_std${k}_answer`, `s2_std${k}_comment`, `verify_std${k}_answer`, `verify_std${k}_comment`])
      assert.ok(names[n], n);
  for (const n of ['partner_id', 'form_language', 'form_version', 's1_contact', 'verify_agency', 'verify_rating_date', 'plan_act20_due_date'])
    assert.ok(names[n], n);
  assert.equal(readCell(en, 'partner_id'), String(partner.id));
  assert.equal(readCell(en, 'form_language'), 'en');
  assert.equal(readCell(en, 'verify_agency'), 'UNICEF');
  const sheet = unzip(en).find(([n]) => n === names.s2_std8_answer.part)[1].toString();
  assert.match(sheet, /<dataValidation type="list"[^>]*sqref="E12"[^>]*>\s*<formula1>"Yes,No,Not applicable"<\/formula1>/);
  assert.match(sheet, /<dataValidation type="list"[^>]*sqref="E5"[^>]*>\s*<formula1>"Yes,No"<\/formula1>/);
  const fr = await download(advanced, '?lang=fr');
  const frNames = definedNames(unzip(fr));
  const frSheet = unzip(fr).find(([n]) => n === frNames.s2_std8_answer.part)[1].toString();
  assert.match(frSheet, /"Oui,Non,Sans objet"/);
  assert.equal(readCell(fr, 'form_language'), 'fr');
  assert.equal(readCell(fr, 'partner_id'), '', 'no partner asked: the cell is left to fill');
  const es = await download(advanced, '?lang=es');
  assert.match(unzip(es).find(([n]) => n === 'xl/sharedStrings.xml')[1].toString(), /Política de la organización/);
  const own = await download(partnerEditor);
  assert.equal(readCell(own, 'partner_id'), String(partner.id), 'a partner user gets its own number filled in');
  assertProblem(await advanced.get('/api/v1/offline-forms/assessment.xlsx?lang=de'), 400, 'bad_parameter');
  assertProblem(await advanced.get('/api/v1/offline-forms/assessment.xlsx?partner_id=99999'), 404, 'not_found');
});

test('a preview reads the form and writes nothing; the import creates the rated assessment', async () => {
  const blank = await download(advanced, `?lang=fr&partner_id=${partner.id}`);
  const filled = fillWorkbook(blank, goodAnswers({ yes: 'Oui', no: 'Non', na: 'Sans objet' }));
  const preview = await send(advanced, '/api/v1/offline-imports/preview', filled);
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.json.partner.id, String(partner.id));
  assert.equal(preview.json.language, 'fr');
  assert.equal(preview.json.standards[2].verified.answer, 'no');
  assert.equal(preview.json.standards[7].self.answer, 'na');
  assert.equal(preview.json.standards[0].self.comment, 'Partner comment 1');
  assert.deepEqual(preview.json.rating, { value: 'medium', standards_met: 7, eligible: true, valid_until: '2031-11-10' });
  assert.equal(preview.json.rated_at, '2026-11-10');
  assert.equal(preview.json.csip.status, 'submitted');
  assert.equal(preview.json.csip.activities[0].responsible, 'HR officer');
  const list = await advanced.get(`/api/v1/partners/${partner.id}/assessments`);
  assert.equal(list.json.items.length, 0, 'the preview wrote nothing');

  const stale = await send(advanced, '/api/v1/offline-imports', filled, { sha256: '0'.repeat(64) });
  assertProblem(stale, 409, 'version_conflict');
  const made = await send(advanced, '/api/v1/offline-imports', filled, { sha256: preview.json.sha256 });
  assert.equal(made.status, 201, made.text);
  const x = made.json;
  assert.equal(x.status, 'rated');
  assert.equal(x.imported_from, 'offline_form');
  assert.equal(x.rating.value, 'medium');
  assert.equal(x.rating.rated_at, '2026-11-10T00:00:00Z');
  assert.equal(x.intro.contact_with_beneficiaries, true);
  assert.equal(x.standards[2].verified.answer, 'no');
  assert.equal(x.standards[2].verified.comment, 'No reference checks seen');
  assert.equal(x.standards[0].self.answer, 'yes');
  assert.equal(x.csip.status, 'submitted');
  assert.equal(x.csip.activities.length, 1);
  assert.equal(x.csip.activities[0].standard, 3);
  assert.equal(x.csip.activities[0].due_date, '2027-01-31');
  assert.ok(x.history.some((h) => h.action === 'imported_offline_form'));
  const doc = x.intro.documents.find((d) => d.kind === 'offline_form');
  assert.ok(doc, 'the workbook is kept as a document');
  assert.deepEqual(readFileSync(join(server.data, 'blobs', doc.sha256.slice(0, 2), doc.sha256.slice(2))), filled);
  const summary = await advanced.get(`/api/v1/partners/${partner.id}`);
  assert.equal(summary.json.psea.rating, 'medium');
});

test('bad cells: 422 naming each sheet and cell, and nothing written', async () => {
  const p = await createPartner(advanced);
  const blank = await download(advanced, `?lang=en&partner_id=${p.id}`);
  const values = goodAnswers();
  values.s2_std2_answer = 'Maybe';
  values.verify_std1_answer = 'Not applicable';  // na is for standard 8 only
  delete values.verify_std5_answer;              // left empty
  values.verify_rating_date = '2030-01-01';      // in the future
  values.plan_act2_description = 'An activity without a standard';
  values.plan_act1_standard = '2';               // met already
  const r = await send(advanced, '/api/v1/offline-imports', fillWorkbook(blank, values));
  assertProblem(r, 422, 'validation_failed');
  const byName = Object.fromEntries(r.json.errors.map((e) => [e.name, e]));
  assert.equal(byName.s2_std2_answer.field, 'Section 2!E6');
  assert.match(byName.s2_std2_answer.message, /^Section 2!E6: choose Yes or No/);
  assert.match(byName.verify_std1_answer.message, /^Verification!E5: /);
  assert.match(byName.verify_std5_answer.message, /needs an answer/);
  assert.match(byName.verify_rating_date.message, /future/);
  assert.match(byName.plan_act2_standard.message, /^Plan!B6: choose the standard/);
  assert.match(byName.plan_act2_responsible.message, /who is responsible/);
  assert.match(byName.plan_act1_standard.message, /met already/);
  assert.match(byName.plan_act2_due_date.message, /^Plan!E6: give the date/);
  assert.equal(r.json.errors.length, 8, JSON.stringify(r.json.errors));
  const list = await advanced.get(`/api/v1/partners/${p.id}/assessments`);
  assert.equal(list.json.items.length, 0, 'nothing written');
});

test('evidence files come in beside the workbook: listed on the check page, documents of their standards', async () => {
  const p = await createPartner(advanced);
  const filled = fillWorkbook(await download(advanced, `?lang=en&partner_id=${p.id}`), goodAnswers());
  const policy = files.pdf(), form = files.docx(), photo = files.png();
  const evidence = [[1, policy, 'code-of-conduct.pdf'], [3, form, 'reference-check.docx'], [3, photo, 'attendance.png']];
  const unapproved = await send(advanced, '/api/v1/offline-imports/preview', filled, {}, evidence);
  assertProblem(unapproved, 422, 'validation_failed');
  assert.equal(unapproved.json.errors[0].code, 'approval_required');
  const preview = await send(advanced, '/api/v1/offline-imports/preview', filled, { approved: 'true' }, evidence);
  assert.equal(preview.status, 200, preview.text);
  assert.deepEqual(preview.json.evidence.map((e) => [e.standard, e.filename, e.size, e.content_type]), [
    [1, 'code-of-conduct.pdf', policy.length, 'application/pdf'],
    [3, 'reference-check.docx', form.length, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    [3, 'attendance.png', photo.length, 'image/png']]);
  assert.equal((await advanced.get(`/api/v1/partners/${p.id}/assessments`)).json.items.length, 0, 'the preview wrote nothing');

  const made = await send(advanced, '/api/v1/offline-imports', filled, { approved: 'true', sha256: preview.json.sha256 }, evidence);
  assert.equal(made.status, 201, made.text);
  const x = made.json;
  const docs = (k) => x.standards[k - 1].self.documents;
  assert.deepEqual(docs(1).map((d) => [d.title, d.kind, d.standard, d.on_behalf]), [['code-of-conduct.pdf', null, 1, true]]);
  assert.deepEqual(docs(3).map((d) => d.title), ['reference-check.docx', 'attendance.png']);
  assert.equal(docs(2).length, 0);
  assert.deepEqual(blob(docs(1)[0]), policy);
  assert.deepEqual((await advanced.get(`/api/v1/documents/${docs(3)[0].id}`)).body, form);
  assert.deepEqual((await advanced.get(`/api/v1/documents/${docs(3)[1].id}`)).body, photo);
  assert.equal(docs(3)[1].content_type, 'image/png');
  const audit = await (await admin()).get(`/api/v1/audit?object_type=document&object_id=${docs(1)[0].id}`);
  assert.equal(audit.status, 200, audit.text);
  assert.deepEqual(audit.json.items.map((e) => e.action), ['upload'], 'the same audit line as an upload');
});

test('a bad evidence file: 422 naming it beside the bad cells, nothing written', async () => {
  const p = await createPartner(advanced);
  const blank = await download(advanced, `?lang=en&partner_id=${p.id}`);
  const good = fillWorkbook(blank, goodAnswers());
  const before = readdirSync(join(server.data, 'blobs'), { recursive: true }).length;
  const wrongType = await send(advanced, '/api/v1/offline-imports', good, { approved: 'true' },
    [[1, files.pdf(), 'policy.pdf'], [2, files.script(), 'clause.pdf'], [9, files.pdf(), 'nine.pdf']]);
  assertProblem(wrongType, 422, 'validation_failed');
  assert.deepEqual(wrongType.json.errors.map((e) => [e.field, e.code, e.name]),
    [['evidence_2', 'unsupported_media_type', 'clause.pdf'], ['evidence_9', 'unknown_standard', 'nine.pdf']]);
  assert.match(wrongType.json.errors[0].message, /^evidence_2: clause\.pdf is not one of the accepted types: PDF, DOCX/);
  const withCells = await send(advanced, '/api/v1/offline-imports/preview', fillWorkbook(blank, { ...goodAnswers(), s2_std2_answer: 'Maybe' }),
    { approved: 'true' }, [[2, files.html(), 'page.html']]);
  assert.deepEqual(withCells.json.errors.map((e) => e.field), ['Section 2!E6', 'evidence_2'], 'one answer lists all to correct');
  const settings = await admin();
  assert.equal((await settings.patch('/api/v1/settings', { 'upload.max_bytes': 1048576 })).status, 200);
  try {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1048576, 0x20)]);
    const tooBig = await send(advanced, '/api/v1/offline-imports', good, { approved: 'true' },
      [[4, files.pdf(), 'agenda.pdf'], [4, big, 'attendance.pdf']]);
    assertProblem(tooBig, 422, 'validation_failed');
    assert.deepEqual(tooBig.json.errors.map((e) => [e.field, e.code, e.name]), [['evidence_4', 'too_large', 'attendance.pdf']]);
    assert.match(tooBig.json.errors[0].message, /attendance\.pdf is larger than the limit of 1048576 bytes/);
    // the whole request is held to four times the limit: a longer one is refused before its body is read
    const huge = await exchange(server.url, `POST /api/v1/offline-imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${advanced.token}\r\n`
      + `Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ${4 * 1048576 + 65 * 1024}\r\n\r\n`);
    assert.equal(huge.status, 413);
    assert.equal(huge.json.code, 'too_large');
    assert.match(huge.json.detail, /4 times the upload limit of 1048576 bytes/);
    // and one sent without its length is cut off there too
    const B = 'evidence-boundary-0123456789';
    const part = (name, bytes) => Buffer.concat([Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.pdf"\r\n`
      + 'Content-Type: application/pdf\r\n\r\n'), bytes, Buffer.from('\r\n')]);
    const body = Buffer.concat([part('file', good), ...[1, 2, 3, 4, 5].map((k) => part(`evidence_${k}`, Buffer.alloc(1000000, 0x20))),
      Buffer.from(`--${B}--\r\n`)]);
    const chunks = [];
    for (let at = 0; at < body.length; at += 0x10000) {
      const chunk = body.subarray(at, at + 0x10000);
      chunks.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
    }
    const chunked = await exchange(server.url, Buffer.concat([Buffer.from('POST /api/v1/offline-imports HTTP/1.1\r\nHost: x\r\n'
      + `Authorization: Bearer ${advanced.token}\r\nContent-Type: multipart/form-data; boundary=${B}\r\nTransfer-Encoding: chunked\r\n\r\n`),
      ...chunks, Buffer.from('0\r\n\r\n')]), { ms: 10000 });
    assert.equal(chunked.status, 413, chunked.body);
    assert.match(chunked.json.detail, /as a whole larger than four times/);
  } finally {
    assert.equal((await settings.patch('/api/v1/settings', { 'upload.max_bytes': 20971520 })).status, 200);
  }
  assert.equal((await advanced.get(`/api/v1/partners/${p.id}/assessments`)).json.items.length, 0, 'nothing written');
  assert.equal(readdirSync(join(server.data, 'blobs'), { recursive: true }).length, before, 'no file kept');
  const many = await send(advanced, '/api/v1/offline-imports/preview', good, { approved: 'true' },
    Array.from({ length: 17 }, (_, i) => [1 + (i % 8), files.pdf(), `doc${i}.pdf`]));
  assertProblem(many, 422, 'validation_failed');
  assert.equal(many.json.errors[0].code, 'too_many');
});

test('the partner is named in the workbook or by partner_id; not the form, or an open assessment, is refused', async () => {
  const p = await createPartner(advanced);
  const blank = await download(advanced, '?lang=en');
  const noPartner = await send(advanced, '/api/v1/offline-imports/preview', fillWorkbook(blank, goodAnswers()));
  assertProblem(noPartner, 422, 'validation_failed');
  assert.equal(noPartner.json.errors[0].name, 'partner_id');
  const named = await send(advanced, '/api/v1/offline-imports/preview', fillWorkbook(blank, goodAnswers()), { partner_id: p.id });
  assert.equal(named.status, 200, named.text);
  assert.equal(named.json.partner.id, String(p.id));
  assertProblem(await send(advanced, '/api/v1/offline-imports/preview', files.xlsx()), 415, 'not_offline_form');
  assertProblem(await send(advanced, '/api/v1/offline-imports/preview', files.pdf()), 415, 'not_offline_form');
  await openAssessment(advanced, p.id);
  assertProblem(await send(advanced, '/api/v1/offline-imports', fillWorkbook(blank, goodAnswers()), { partner_id: p.id }), 409, 'invalid_state');
});

test('only an agency advanced editor imports, and only its own agency\'s verification', async () => {
  const p = await createPartner(advanced);
  const blank = await download(advanced, `?lang=en&partner_id=${p.id}`);
  const filled = fillWorkbook(blank, goodAnswers());
  assertProblem(await send(editor, '/api/v1/offline-imports/preview', filled), 403, 'forbidden');
  assertProblem(await send(partnerEditor, '/api/v1/offline-imports', filled), 403, 'forbidden');
  const who = await send(whoAdvanced, '/api/v1/offline-imports', filled);
  assertProblem(who, 422, 'validation_failed');
  assert.equal(who.json.errors[0].name, 'verify_agency');
  const list = await advanced.get(`/api/v1/partners/${p.id}/assessments`);
  assert.equal(list.json.items.length, 0);
});

test('dates typed as spreadsheet dates read as the same day', async () => {
  const p = await createPartner(advanced);
  const blank = await download(advanced, `?lang=es&partner_id=${p.id}`);
  const values = goodAnswers({ yes: 'Sí', no: 'No', na: 'No aplica' });
  values.verify_rating_date = 46335;  // 2026-11-09 in the 1900 date system
  values.plan_act1_due_date = 46417;  // 2027-01-30
  const r = await send(advanced, '/api/v1/offline-imports/preview', fillWorkbook(blank, values));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rated_at, '2026-11-09');
  assert.equal(r.json.csip.activities[0].due_date, '2027-01-30');
});

test('psea import offline-assessment: the same reading from the command line', async () => {
  const p = await createPartner(advanced);
  const blank = await download(advanced, '?lang=en');
  const values = goodAnswers();
  const bad = join(server.dir, 'bad.xlsx');
  writeFileSync(bad, fillWorkbook(blank, { ...values, s2_std4_answer: 'Perhaps' }));
  const refused = psea(['import', 'offline-assessment', '--db', server.db, '--data', server.data, '--partner', p.id, bad],
    { env: server.env, allowFail: true });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^Section 2!E8: choose Yes or No from the list$/m);
  assert.match(refused.stderr, /nothing was imported/);
  assert.equal((await advanced.get(`/api/v1/partners/${p.id}/assessments`)).json.items.length, 0);
  const noPartner = psea(['import', 'offline-assessment', '--db', server.db, '--data', server.data, bad], { env: server.env, allowFail: true });
  assert.match(noPartner.stderr, /^Read me!B8: give the partner's number/m, 'the workbook names no partner and no option does');
  const good = join(server.dir, 'good.xlsx');
  writeFileSync(good, fillWorkbook(blank, values));
  const wrongAgency = psea(['import', 'offline-assessment', '--db', server.db, '--data', server.data, '--partner', p.id,
    '--agency', 'WHO', good], { env: server.env, allowFail: true });
  assert.match(wrongAgency.stderr, /Verification!E14: the verification named here is another agency's/);
  const done = psea(['import', 'offline-assessment', '--db', server.db, '--data', server.data, '--partner', p.id, good], { env: server.env });
  assert.match(done.stdout, /^imported assessment \d+ for partner \d+: rated medium, 7 of 8 standards met, with its plan$/m);
  const items = (await advanced.get(`/api/v1/partners/${p.id}/assessments`)).json.items;
  assert.equal(items.length, 1);
  const x = (await advanced.get(`/api/v1/assessments/${items[0].id}`)).json;
  assert.equal(x.imported_from, 'offline_form');
  assert.equal(x.lead_agency.code, 'UNICEF');
  assert.equal(x.standards[2].verified.answer, 'no');
  const doc = x.intro.documents.find((d) => d.kind === 'offline_form');
  assert.deepEqual((await advanced.get(`/api/v1/documents/${doc.id}`)).body, readFileSync(good));
  const usage = psea(['import', 'offline-assessment', '--db', server.db], { allowFail: true });
  assert.equal(usage.status, 2);
});

test('psea import offline-assessment --evidence STANDARD:FILE brings the files along', async () => {
  const p = await createPartner(advanced);
  const good = join(server.dir, 'with-evidence.xlsx');
  writeFileSync(good, fillWorkbook(await download(advanced, '?lang=en'), goodAnswers()));
  const policy = join(server.dir, 'policy.pdf'), training = join(server.dir, 'training plan.odt'), bad = join(server.dir, 'run.pdf');
  writeFileSync(policy, files.pdf());
  writeFileSync(training, files.odt());
  writeFileSync(bad, files.script());
  const base = ['import', 'offline-assessment', '--db', server.db, '--data', server.data, '--partner', p.id];
  const refused = psea([...base, '--evidence', `1:${policy}`, `--evidence=4:${bad}`, '--evidence', `0:${training}`, good],
    { env: server.env, allowFail: true });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^--evidence 4:\S+run\.pdf: run\.pdf is not one of the accepted types/m);
  assert.match(refused.stderr, /^--evidence 0:.*training plan\.odt: name a standard from 1 to 8/m);
  assert.match(refused.stderr, /nothing was imported/);
  assert.equal((await advanced.get(`/api/v1/partners/${p.id}/assessments`)).json.items.length, 0);
  const missing = psea([...base, '--evidence', `2:${join(server.dir, 'nowhere.pdf')}`, good], { env: server.env, allowFail: true });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read the evidence file .*nowhere\.pdf/);
  const done = psea([...base, '--evidence', `1:${policy}`, '--evidence', `4:${training}`, good], { env: server.env });
  assert.match(done.stdout, /^with 2 evidence files$/m);
  const items = (await advanced.get(`/api/v1/partners/${p.id}/assessments`)).json.items;
  const x = (await advanced.get(`/api/v1/assessments/${items[0].id}`)).json;
  const [pdfDoc] = x.standards[0].self.documents, [odtDoc] = x.standards[3].self.documents;
  assert.equal(pdfDoc.title, 'policy.pdf');
  assert.equal(odtDoc.title, 'training plan.odt');
  assert.equal(odtDoc.content_type, 'application/vnd.oasis.opendocument.text');
  assert.deepEqual((await advanced.get(`/api/v1/documents/${odtDoc.id}`)).body, readFileSync(training));
  assert.deepEqual(blob(pdfDoc), readFileSync(policy));
  assert.equal(readFileSync(policy).length, files.pdf().length, 'the evidence is copied, the original left in place');
  const usage = psea(['import', 'offline-assessment', '--db', server.db, good, '--evidence'], { allowFail: true });
  assert.equal(usage.status, 2);
});
