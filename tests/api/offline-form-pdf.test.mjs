// The assessment as a form to print and fill by hand, in each language: a valid PDF of several
// pages whose words are the screens' own, whose tick boxes follow the rules (not applicable
// only for standard 8) and whose rating rule and plan due time are the settings in force.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const catalogue = (lang) => JSON.parse(readFileSync(join(ROOT, `web/i18n/${lang}.json`), 'utf8'));
let server, partnerEditor, admin;

before(async () => {
  server = await Server.start({ clock: '2026-05-04T10:00:00Z' });
  admin = await server.signIn('admin', 'UNICEF');
  const partner = await admin.post('/api/v1/partners', { name: 'Coopérative Étoile', type: 'cbo', country: 'SN' });
  assert.equal(partner.status, 201, partner.text);
  partnerEditor = await server.signIn('partner_editor', `partner:${partner.json.id}`);
});
after(async () => { await server.stop(); });

function pdf(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'psea-form-'));
  writeFileSync(join(dir, 'f.pdf'), bytes);
  const info = execFileSync('pdfinfo', [join(dir, 'f.pdf')]).toString();
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'f.pdf'), '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)[1]), title: /Title:\s+(.*)/.exec(info)?.[1], text };
}

// pdftotext writes a line per printed line: compare words with their spaces folded.
const flat = (s) => s.replace(/\s+/g, ' ');

for (const lang of ['en', 'fr', 'es']) {
  test(`the form in ${lang}: Section 1, Section 2, the verification and the plan, in the screens' words`, async () => {
    const r = await partnerEditor.get(`/api/v1/offline-forms/assessment.pdf?lang=${lang}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.match(r.headers.get('content-disposition'), new RegExp(`filename="psea-assessment-form-${lang}\\.pdf"`));
    assert.equal(r.body.subarray(0, 5).toString(), '%PDF-');
    const w = catalogue(lang);
    const f = pdf(r.body);
    assert.ok(f.pages >= 4, `one section a page at least: ${f.pages}`);
    assert.equal(f.title, w['paper.title']);
    const text = flat(f.text);
    for (const key of ['paper.title', 'intro.title', 'intro.contact', 'check.section2', 'paper.verification_title',
      'paper.plan_title', 'plan.responsible', 'answer.yes', 'answer.no', 'answer.na', 'rating.medium']) {
      assert.ok(text.includes(flat(w[key])), `${key}: ${w[key]}`);
    }
    for (let k = 1; k <= 8; k++) {
      assert.ok(text.includes(`${k}. ${w[`standard.${k}.title`]}`), `standard ${k}`);
      assert.ok(text.includes(flat(w[`standard.${k}.asks`])), `standard ${k} asks`);
    }
    // not applicable is offered for standard 8 alone: once in Section 2, once in the verification
    assert.equal(text.split(w['answer.na']).length - 1, 2);
    assert.ok(text.includes(flat(w['paper.rating_rule'].replace('{full}', '8').replace('{medium}', '6'))));
    assert.ok(text.includes('2026-05-04'), 'the day it was printed');
    for (const code of ['UNICEF', 'WFP', 'UNWOMEN']) assert.ok(text.includes(code), code);
  });
}

test('accents print as letters, the account\'s language is the default, the settings in force are the rule', async () => {
  const fr = flat(pdf((await partnerEditor.get('/api/v1/offline-forms/assessment.pdf?lang=fr')).body).text);
  assert.ok(fr.includes('Évaluation des capacités en PEAS'));
  assert.ok(fr.includes('vérification par l\'agence'));
  const es = flat(pdf((await partnerEditor.get('/api/v1/offline-forms/assessment.pdf?lang=es')).body).text);
  assert.ok(es.includes('Sección 4: plan de fortalecimiento de capacidades'));
  assert.ok(es.includes('¿'), 'Spanish questions open with ¿');
  const plain = flat(pdf((await partnerEditor.get('/api/v1/offline-forms/assessment.pdf')).body).text);
  assert.ok(plain.includes(catalogue('en')['paper.title']));
  const changed = await admin.patch('/api/v1/settings', { 'rating.full_min': 7, 'rating.medium_min': 5, 'csip.due_months': 2 });
  assert.equal(changed.status, 200, changed.text);
  const after = flat(pdf((await partnerEditor.get('/api/v1/offline-forms/assessment.pdf?lang=en')).body).text);
  assert.ok(after.includes('7 standards met or more: full capacity; 5 or more: medium capacity'));
  assert.ok(after.includes('due within 2 month(s) of the rating'));
});

test('a language the portal does not speak is refused; signing in is needed', async () => {
  const r = await partnerEditor.get('/api/v1/offline-forms/assessment.pdf?lang=de');
  assert.equal(r.status, 400);
  assert.match(r.json.detail, /en, fr or es/);
  assert.equal((await server.client().get('/api/v1/offline-forms/assessment.pdf')).status, 401);
});
