// The observation view filters on the computed standing (rating, standing, eligibility) on the
// server, across the whole register: following next_cursor gives exactly the partners whose
// summary matches, however sparse, without any request reading the whole register at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea } from './lib.mjs';
import { walkObservation, smallLimit } from './psea.mjs';

const PARTNERS = 2300; // more than one request looks at while filtering (2,000)
let server, reader, all;

const walk = (client, query, limit) => walkObservation(client, query, limit, PARTNERS + 100);

before(async () => {
  server = await Server.start();
  psea(['demo', '--db', server.db, '--data', server.data, '--partners', String(PARTNERS), '--seed', '3'], { env: server.env });
  reader = server.client();
  const r = await reader.post('/api/v1/session', { email: 'reader@unicef.demo.psea', password: 'demo-password' });
  assert.equal(r.status, 200, r.text);
  all = (await walk(reader, '', 200)).flatMap((p) => p.items);
  assert.ok(all.length > PARTNERS);
});
after(async () => { await server.stop(); });

const FILTERS = {
  'rating=full': (s) => s.rating === 'full',
  'rating=low': (s) => s.rating === 'low',
  'standing=expired': (s) => s.status === 'expired',
  'standing=expiring': (s) => s.status === 'expiring',
  'standing=not_assessed': (s) => s.status === 'not_assessed',
  'eligible=false': (s) => s.eligible === false,
  'eligible=true&rating=medium': (s) => s.eligible === true && s.rating === 'medium',
  'rating=low&eligible=false': (s) => s.rating === 'low' && s.eligible === false,
  'standing=valid&type=national_ngo': (s, p) => s.status === 'valid' && p.type === 'national_ngo',
};

test('each filter gives exactly the partners whose summary matches, page after page', async () => {
  for (const [query, matches] of Object.entries(FILTERS)) {
    const expected = all.filter((i) => matches(i.psea, i.partner)).map((i) => i.partner.id);
    assert.ok(expected.length > 0, `${query}: the data set has such partners`);
    const limit = smallLimit(expected.length);
    const got = (await walk(reader, query, limit)).flatMap((p) => p.items);
    assert.deepEqual(got.map((i) => i.partner.id), expected, `${query}, limit ${limit}`);
  }
});

test('a sparse filter answers shorter pages that go on from where they stopped', async () => {
  const query = 'rating=low&eligible=false';
  const expected = all.filter((i) => FILTERS[query](i.psea, i.partner)).length;
  assert.ok(expected < 50, `a sparse filter (${expected} matches)`);
  const pages = await walk(reader, query, 50);
  assert.ok(pages.length > 1, 'no request reads the whole register');
  assert.ok(pages.slice(0, -1).every((p) => p.items.length < 50 && p.next_cursor));
});

test('a filter value that does not exist is a 400 that says what is allowed', async () => {
  for (const [query, allowed] of [['rating=excellent', /full, medium or low/], ['rating=', /full, medium or low/],
    ['standing=current', /valid, expiring, expired or not_assessed/], ['eligible=yes', /true or false/]]) {
    const r = await reader.get(`/api/v1/observation?${query}`);
    assert.equal(r.status, 400, query);
    assert.equal(r.json.code, 'bad_parameter');
    assert.match(r.json.detail, allowed);
  }
});
