// Word documents, workbooks and OpenDocument files are recognised by their package, not by a few
// strings in their bytes: an archive must read cleanly, hold the package's parts, name its main
// part with the matching type, and stay within the entry and size limits; otherwise 415.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Server } from './lib.mjs';
import { tokenClient, createPartner, openAssessment, upload, assertProblem } from './psea.mjs';
import * as files from './files.mjs';

let server, partnerEditor, a;

before(async () => {
  server = await Server.start();
  const advanced = await tokenClient(server, 'agency_advanced_editor');
  const p = await createPartner(advanced);
  partnerEditor = await tokenClient(server, 'partner_editor', `partner:${p.id}`);
  a = await openAssessment(advanced, p.id);
});
after(async () => { await server.stop(); });

const CONTENT_TYPES = (part, type) => '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  `<Default Extension="xml" ContentType="application/xml"/><Override PartName="${part}" ContentType="${type}"/></Types>`;
const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

test('real packages are accepted with their type', async () => {
  for (const [bytes, name, type] of [
    [files.docx(), 'policy.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    [files.xlsx(), 'register.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    [files.odt(), 'policy.odt', 'application/vnd.oasis.opendocument.text'],
    [files.ods(), 'register.ods', 'application/vnd.oasis.opendocument.spreadsheet'],
    // a compressed package, as office suites write them
    [files.zip([['[Content_Types].xml', CONTENT_TYPES('/word/document.xml', WORD_MAIN), { deflate: true }],
      ['word/document.xml', '<w:document/>'.repeat(500), { deflate: true }]]), 'compressed.docx',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ]) {
    const r = await upload(partnerEditor, a.id, { file: bytes, name, standard: 1 });
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    assert.equal(r.json.content_type, type, name);
  }
});

test('look-alikes are refused with 415', async () => {
  const cases = {
    'random bytes': randomBytes(4096),
    'random bytes behind a ZIP signature': Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(4096)]),
    'the part names as plain text': Buffer.from('[Content_Types].xml word/document.xml xl/workbook.xml'),
    'an archive of a web page and a program': files.zip([['index.html', files.html().toString()], ['setup.exe', 'MZ\x90\x00 not really'],
      ['notes.txt', '[Content_Types].xml word/document.xml']]),
    'the parts without the main part declared': files.zip([['[Content_Types].xml', CONTENT_TYPES('/word/other.xml', WORD_MAIN)],
      ['word/document.xml', '<w:document/>']]),
    'the main part declared with another type (macros)': files.zip([['[Content_Types].xml',
      CONTENT_TYPES('/word/document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml')], ['word/document.xml', '<w:document/>']]),
    'the main part declared but missing': files.zip([['[Content_Types].xml', CONTENT_TYPES('/word/document.xml', WORD_MAIN)],
      ['word/readme.xml', '<x/>']]),
    'an OpenDocument with another mimetype': files.zip([['mimetype', 'text/html'], ['content.xml', '<x/>']]),
    // 2 GiB once expanded: the central directory says so, and that is enough to refuse it
    'a document that expands to 2 GiB': files.docx([['word/media/filler.bin', Buffer.alloc(1 << 20),
      { deflate: true, declaredSize: 2 ** 31 }]]),
    'a document of more entries than any real one': files.docx(Array.from({ length: 5001 }, (_, i) => [`word/part${i}.xml`, 'x'])),
  };
  for (const [what, bytes] of Object.entries(cases)) {
    const r = await upload(partnerEditor, a.id, { file: bytes, name: 'document.docx', standard: 2 });
    assertProblem(r, 415, 'unsupported_media_type');
    assert.ok(r.json.detail, what);
  }
  const x = (await partnerEditor.get(`/api/v1/assessments/${a.id}`)).json;
  assert.equal(x.standards[1].self.documents.length, 0, 'nothing kept');
});
