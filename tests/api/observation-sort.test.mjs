// The observation view sorts the whole register on the server: following next_cursor under a
// sort gives every partner once, in the order of its key with the id breaking ties (descending:
// the exact reverse), with any filter, including the standing filters whose requests stop after
// looking at 2,000 partners and go on from there. The name sorts without regard to A-Z case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea, sql } from './lib.mjs';
import { walkObservation, smallLimit } from './psea.mjs';

const PARTNERS = 2300; // more than one request looks at while filtering (2,000)
let server, reader, all;

const walk = (client, query, limit) => walkObservation(client, query, limit, PARTNERS + 100);

// The keys as the server compares them: byte by byte (UTF-8), the name with A-Z folded to a-z.
const KEYS = {
  name: (p) => p.name.replace(/[A-Z]/g, (c) => c.toLowerCase()),
  country: (p) => p.country,
  type: (p) => p.type,
};

function sorted(items, sort) {
  const descending = sort.startsWith('-');
  const key = KEYS[sort.replace(/^-/, '')];
  const order = (a, b) => Buffer.compare(Buffer.from(key(a.partner)), Buffer.from(key(b.partner))) ||
    Math.sign(Number(a.partner.id) - Number(b.partner.id));
  return [...items].sort((a, b) => (descending ? -1 : 1) * order(a, b));
}

before(async () => {
  server = await Server.start();
  psea(['demo', '--db', server.db, '--data', server.data, '--partners', String(PARTNERS), '--seed', '5'], { env: server.env });
  // Names that only a case-insensitive order keeps together, ties on the same key, and a
  // country written in lower case (which sorts after every upper-case one).
  const advanced = server.client();
  const signedIn = await advanced.post('/api/v1/session', { email: 'advanced@unicef.demo.psea', password: 'demo-password' });
  assert.equal(signedIn.status, 200, signedIn.text);
  advanced.csrf = signedIn.json.csrf_token;
  for (const [name, country] of [['alpha Relief', 'KE'], ['Alpha relief', 'CM'], ['ALPHA RELIEF', 'KE'], ['Alphabet Aid', 'kenya'],
    ['Zenith Care', 'KE'], ['zenith care', 'kenya'], ['Émile Secours', 'SN'], ['_Underscore Trust', 'KE'], ['100% Youth', 'KE']]) {
    // a free-text country, as written before codes were asked for, is set under the API
    const r = await advanced.post('/api/v1/partners', { name, type: 'cbo', country: country === 'kenya' ? 'KE' : country });
    assert.equal(r.status, 201, r.text);
    if (country === 'kenya') sql(server.db, `UPDATE partners SET country = 'kenya' WHERE org_id = ${Number(r.json.id)}`);
  }
  reader = server.client();
  const r = await reader.post('/api/v1/session', { email: 'reader@unicef.demo.psea', password: 'demo-password' });
  assert.equal(r.status, 200, r.text);
  all = (await walk(reader, '', 200)).flatMap((p) => p.items);
  assert.ok(all.length > PARTNERS);
});
after(async () => { await server.stop(); });

const SORTS = ['name', '-name', 'country', '-country', 'type', '-type'];
const FILTERS = {
  '': () => true,
  'standing=expired': (s) => s.status === 'expired',
  'rating=low&eligible=false': (s) => s.rating === 'low' && s.eligible === false, // sparse: short pages
  'type=cbo&q=a': (s, p) => p.type === 'cbo' && /a/i.test(p.name),
};

test('the data set has ties on every key and names that differ only in case', () => {
  for (const key of Object.keys(KEYS)) {
    const keys = all.map((i) => KEYS[key](i.partner));
    assert.ok(new Set(keys).size < keys.length, `${key}: some partners share a key`);
  }
  assert.equal(all.filter((i) => KEYS.name(i.partner) === 'alpha relief').length, 3);
});

test('every sort, page after page, gives each partner once in the order of its key and id', async () => {
  for (const [query, matches] of Object.entries(FILTERS)) {
    const matching = all.filter((i) => matches(i.psea, i.partner));
    assert.ok(matching.length > 0, `${query}: the data set has such partners`);
    for (const sort of SORTS) {
      const expected = sorted(matching, sort).map((i) => i.partner.id);
      const limit = smallLimit(matching.length);
      const q = [query, `sort=${sort}`].filter(Boolean).join('&');
      const got = (await walk(reader, q, limit)).flatMap((p) => p.items).map((i) => i.partner.id);
      assert.equal(new Set(got).size, got.length, `${q}, limit ${limit}: no partner twice`);
      assert.deepEqual(got, expected, `${q}, limit ${limit}`);
    }
  }
});

// Every partner under sort, in pages of 200 except one cut to end after the first `end`.
const walkEndingAt = async (sort, end) => (await walk(reader, `sort=${sort}`,
  (seen) => (seen < end ? Math.min(200, end - seen) : 200))).flatMap((p) => p.items);

test('a page that ends inside a run of equal names goes on with the rest of the run', async () => {
  for (const sort of ['name', '-name']) {
    const expected = sorted(all, sort);
    const first = expected.findIndex((i) => KEYS.name(i.partner) === 'alpha relief');
    for (const end of [first + 1, first + 2]) { // after the first of the three, after the second
      assert.equal(KEYS.name(expected[end].partner), 'alpha relief', `${sort}: the run goes on after ${end}`);
      const got = await walkEndingAt(sort, end);
      assert.deepEqual(got.map((i) => i.partner.id), expected.map((i) => i.partner.id), `${sort}, a page ending at ${end}`);
    }
  }
});

test('a sparse filter under a sort answers shorter pages that go on from where they stopped', async () => {
  const pages = await walk(reader, 'rating=low&eligible=false&sort=-name', 50);
  assert.ok(pages.length > 1, 'no request reads the whole register');
  assert.ok(pages.slice(0, -1).every((p) => p.items.length < 50 && p.next_cursor));
});

test('the name sorts without regard to A-Z case; the default order stays by id', async () => {
  const names = (await walk(reader, 'sort=name', 200)).flatMap((p) => p.items).map((i) => i.partner.name);
  const added = names.filter((n) => /^(alpha|zenith|émile)/i.test(n));
  // equal keys in id order (the order they were added); accents are not folded: É after z
  assert.deepEqual(added, ['alpha Relief', 'Alpha relief', 'ALPHA RELIEF', 'Alphabet Aid', 'Zenith Care', 'zenith care', 'Émile Secours']);
  const first = await reader.get('/api/v1/observation?limit=50');
  const ids = first.json.items.map((i) => Number(i.partner.id));
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  assert.match(first.json.next_cursor, /^\d+$/, 'the default order keeps its cursor');
});

test('an unknown sort, or a cursor that is not one of this sort, is a 400 that says what to do', async () => {
  for (const sort of ['rating', 'NAME', '--name', 'name,country', '-']) {
    const r = await reader.get(`/api/v1/observation?sort=${encodeURIComponent(sort)}`);
    assert.equal(r.status, 400, sort);
    assert.equal(r.json.code, 'bad_parameter');
    assert.match(r.json.detail, /name, -name, country, -country, type or -type/);
  }
  const byName = (await reader.get('/api/v1/observation?limit=5&sort=name')).json.next_cursor;
  const byId = (await reader.get('/api/v1/observation?limit=5')).json.next_cursor;
  assert.ok(byName && byId);
  const cases = [
    [`sort=-name&cursor=${byName}`, /sort=name/],
    [`cursor=${byName}`, /sort=name/],
    [`sort=country&cursor=${byId}`, /without sort/],
    ['sort=name&cursor=not-a-cursor', /next_cursor/],
    [`sort=name&cursor=${Buffer.from('name\n0\nabc').toString('base64url')}`, /next_cursor/],
    [`sort=name&cursor=${Buffer.from('name\n12').toString('base64url')}`, /next_cursor/],
    [`sort=name&cursor=${Buffer.from('rating\n12\nx').toString('base64url')}`, /next_cursor/],
    [`sort=name&cursor=${Buffer.from([0x6e, 0x61, 0x6d, 0x65, 10, 0x31, 10, 0xff, 0xfe]).toString('base64url')}`, /next_cursor/],
    [`sort=name&cursor=${byName}x`, /next_cursor/],
    ['cursor=abc', /next_cursor/],
  ];
  for (const [query, detail] of cases) {
    const r = await reader.get(`/api/v1/observation?${query}`);
    assert.equal(r.status, 400, query);
    assert.equal(r.json.code, 'bad_parameter', query);
    assert.match(r.json.detail, detail, query);
  }
});
