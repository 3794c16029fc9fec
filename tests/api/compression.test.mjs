// API answers travel gzipped when the client admits it: the same bytes once inflated, from the
// handler and from the response cache alike; never for a client that refuses gzip, for tiny
// answers, or for files (exports and reports are streamed from disk as they are). Read with node:http, which (unlike fetch)
// leaves the encoding to the caller.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { Server } from './lib.mjs';
import { tokenClient } from './psea.mjs';

let server, reader, token;

before(async () => {
  server = await Server.start({ clock: '2026-03-02T10:00:00Z' });
  const advanced = await tokenClient(server, 'agency_advanced_editor', 'UNICEF');
  for (let i = 1; i <= 12; i++) {
    const r = await advanced.post('/api/v1/partners', { name: `Compressed Partner ${i}`, type: 'cbo', country: 'TZ' });
    assert.equal(r.status, 201, r.text);
  }
  reader = await tokenClient(server, 'agency_reader', 'UNICEF');
  token = reader.token;
});
after(async () => { await server.stop(); });

// GET path with these request headers; the raw body as sent.
function get(path, headers = {}) {
  return new Promise((ok, fail) => {
    const req = request(server.url + path, { headers: { Authorization: `Bearer ${token}`, ...headers } }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', fail);
    req.end();
  });
}

test('a list is sent gzipped to a client that admits it, and inflates to the plain answer', async () => {
  const path = '/api/v1/observation?limit=50';
  const plain = await get(path);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.ok(plain.body.length > 1024, `a page worth compressing (${plain.body.length} bytes)`);
  assert.equal(plain.headers.vary, 'Accept-Encoding');
  for (const accept of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.5', '*']) {
    const gz = await get(path, { 'Accept-Encoding': accept });
    assert.equal(gz.status, 200);
    assert.equal(gz.headers['content-encoding'], 'gzip', accept);
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.ok(gz.body.length * 3 < plain.body.length, `${gz.body.length} of ${plain.body.length} bytes`);
    assert.deepEqual(gunzipSync(gz.body), plain.body, accept);
  }
});

test('the cache keeps both forms apart: a hit is gzipped only for a client that admits it', async () => {
  const path = '/api/v1/partners?limit=50';
  const first = await get(path, { 'Accept-Encoding': 'gzip' });
  const hit = await get(path, { 'Accept-Encoding': 'gzip' });
  assert.equal(hit.headers['x-cache'], 'hit');
  assert.equal(hit.headers['content-encoding'], 'gzip');
  assert.deepEqual(gunzipSync(hit.body), gunzipSync(first.body));
  const plain = await get(path);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.deepEqual(plain.body, gunzipSync(first.body));
  const plainHit = await get(path, { 'Accept-Encoding': 'identity' });
  assert.equal(plainHit.headers['x-cache'], 'hit');
  assert.equal(plainHit.headers['content-encoding'], undefined);
  assert.deepEqual(plainHit.body, plain.body);
});

test('nothing is compressed for a client that refuses gzip, for tiny answers, or for files', async () => {
  for (const accept of ['gzip;q=0', 'identity', 'br', '']) {
    const r = await get('/api/v1/observation?limit=50', { 'Accept-Encoding': accept });
    assert.equal(r.headers['content-encoding'], undefined, JSON.stringify(accept));
    JSON.parse(r.body.toString());
  }
  const health = await get('/api/v1/health', { 'Accept-Encoding': 'gzip' });
  assert.equal(health.headers['content-encoding'], undefined);
  assert.deepEqual(JSON.parse(health.body.toString()), { status: 'ok' });
  const xlsx = await get('/api/v1/exports/observation.xlsx', { 'Accept-Encoding': 'gzip' });
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.headers['content-encoding'], undefined);
  assert.equal(xlsx.body.subarray(0, 2).toString(), 'PK', 'the workbook as it is');
  const csv = await get('/api/v1/exports/observation.csv', { 'Accept-Encoding': 'gzip' });
  assert.equal(csv.status, 200);
  // streamed from disk as it was written, whatever its size
  assert.equal(csv.headers['content-encoding'], undefined);
  assert.match(csv.body.toString(), /Compressed Partner 12/);
});
