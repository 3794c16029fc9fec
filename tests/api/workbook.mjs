// workbook.mjs: filling a downloaded XLSX workbook from a script, as a person would in a
// spreadsheet program: each value goes into the cell a defined name points at. A small reader of
// ZIP archives (central directory, stored or deflated entries) and files.mjs's writer.
import { inflateRawSync } from 'node:zlib';
import { zip } from './files.mjs';

// The entries of a ZIP archive: [[name, Buffer], ...] in the archive's order.
export function unzip(buf) {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a ZIP archive');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + compressed);
    entries.push([name, method === 8 ? inflateRawSync(data) : Buffer.from(data)]);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const unescape = (s) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// name -> { sheet, ref, part } for every workbook-wide defined name.
export function definedNames(entries) {
  const get = (n) => entries.find(([name]) => name === n)[1].toString('utf8');
  const book = get('xl/workbook.xml');
  const rels = get('xl/_rels/workbook.xml.rels');
  const parts = {};
  for (const m of book.matchAll(/<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"/g)) {
    const target = new RegExp(`<Relationship [^>]*Id="${m[2]}"[^>]*Target="([^"]*)"`).exec(rels)
      || new RegExp(`<Relationship [^>]*Target="([^"]*)"[^>]*Id="${m[2]}"`).exec(rels);
    parts[unescape(m[1])] = 'xl/' + target[1];
  }
  const names = {};
  for (const m of book.matchAll(/<definedName name="([^"]*)"[^>]*>([^<]*)<\/definedName>/g)) {
    const ref = /^(?:'((?:[^']|'')*)'|([^!]*))!\$?([A-Z]+)\$?(\d+)$/.exec(unescape(m[2]));
    if (!ref) continue;
    const sheet = ref[1] !== undefined ? ref[1].replace(/''/g, "'") : ref[2];
    names[m[1]] = { sheet, ref: ref[3] + ref[4], part: parts[sheet] };
  }
  return names;
}

// The workbook with each value written in its named cell: a string as an inline string, a
// number as a number. Returns a new archive.
export function fillWorkbook(buf, values) {
  const entries = unzip(buf);
  const names = definedNames(entries);
  const texts = new Map(entries.map(([n, d]) => [n, d]));
  for (const [name, value] of Object.entries(values)) {
    const cell = names[name];
    if (!cell) throw new Error(`no defined name ${name}`);
    let xml = texts.get(cell.part).toString('utf8');
    const re = new RegExp(`<c r="${cell.ref}"([^>]*?)(?:/>|>[\\s\\S]*?</c>)`);
    const m = re.exec(xml);
    if (!m) throw new Error(`no cell ${cell.ref} in ${cell.part}`);
    const style = /s="\d+"/.exec(m[1]);
    const s = style ? ` ${style[0]}` : '';
    const replacement = typeof value === 'number'
      ? `<c r="${cell.ref}"${s}><v>${value}</v></c>`
      : `<c r="${cell.ref}"${s} t="inlineStr"><is><t>${escape(value)}</t></is></c>`;
    xml = xml.replace(re, replacement);
    texts.set(cell.part, Buffer.from(xml));
  }
  return zip(entries.map(([n]) => [n, texts.get(n), { deflate: true }]));
}

// The text of a named cell in a workbook (shared strings and inline strings), or undefined.
export function readCell(buf, name) {
  const entries = unzip(buf);
  const cell = definedNames(entries)[name];
  if (!cell) return undefined;
  const xml = entries.find(([n]) => n === cell.part)[1].toString('utf8');
  const m = new RegExp(`<c r="${cell.ref}"([^>]*?)(?:/>|>([\\s\\S]*?)</c>)`).exec(xml);
  if (!m || !m[2]) return '';
  const v = /<v>([^<]*)<\/v>/.exec(m[2]);
  if (/t="s"/.test(m[1])) {
    const sst = entries.find(([n]) => n === 'xl/sharedStrings.xml')[1].toString('utf8');
    const si = [...sst.matchAll(/<si>([\s\S]*?)<\/si>/g)][Number(v[1])][1];
    return unescape([...si.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(''));
  }
  if (/t="inlineStr"/.test(m[1])) return unescape(/<t[^>]*>([^<]*)<\/t>/.exec(m[2])[1]);
  return v ? v[1] : '';
}
