// A partner's country is an ISO 3166-1 alpha-2 code: the server refuses anything else with 422.
// Countries typed as free text before codes were asked for become their code through migration
// 019 when the text is a known name of the country (English, French or Spanish); other text stays
// as typed. The database is taken back before 019 with the engine's own shell.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea, sql } from './lib.mjs';
import { tokenClient } from './psea.mjs';

let server, admin;
before(async () => {
  server = await Server.start();
  admin = await tokenClient(server, 'admin', 'UNICEF');
});
after(async () => { await server.stop(); });

test('a partner is created with a country code; a name, a lower-case or unassigned code is refused', async () => {
  const ok = await admin.post('/api/v1/partners', { name: 'Coded Country Trust', type: 'cbo', country: 'KE' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.country, 'KE');
  for (const country of ['Kenya', 'ke', 'KEN', 'XK', 'UK', ' KE']) {
    const r = await admin.post('/api/v1/partners', { name: `Refused ${country}`, type: 'cbo', country });
    assert.equal(r.status, 422, `${country}: ${r.text}`);
    assert.equal(r.json.code, 'validation_failed');
    assert.deepEqual(r.json.errors.map((e) => [e.field, e.code]), [['country', 'invalid_value']], country);
    assert.match(r.json.errors[0].message, /ISO 3166-1 alpha-2/);
  }
  const missing = await admin.post('/api/v1/partners', { name: 'No Country', type: 'cbo' });
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.json.errors.map((e) => e.field), ['country']);
  // nothing written by the refusals
  const list = (await admin.get('/api/v1/partners?q=Refused')).json.items;
  assert.deepEqual(list, []);
});

test('migration 019 turns known country names into codes and leaves other text as typed', async () => {
  const typed = ['Kenya', ' kenya ', 'KENYA', 'Côte d’Ivoire', "Cote d'Ivoire", 'Tanzanie', 'Estados Unidos', 'États-Unis',
    'Etats-Unis', 'Tanzania, United Republic of', 'République démocratique du Congo', 'ke', 'KE', 'Nowhereland', 'Kenya and Uganda'];
  const expected = ['KE', 'KE', 'KE', 'CI', 'CI', 'TZ', 'US', 'US', 'US', 'TZ', 'CD', 'KE', 'KE', 'Nowhereland', 'Kenya and Uganda'];
  const ids = [];
  for (const [i, text] of typed.entries()) {
    const r = await admin.post('/api/v1/partners', { name: `Typed ${i}`, type: 'cbo', country: 'UG' });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
    // as an earlier version let people type it
    sql(server.db, `UPDATE partners SET country = '${text.replace(/'/g, "''")}' WHERE org_id = ${Number(r.json.id)}`);
  }
  sql(server.db, 'DELETE FROM schema_version WHERE version = 19');
  const init = psea(['init', '--db', server.db]);
  assert.equal(init.status, 0, init.stdout + init.stderr);
  const rows = sql(server.db, `SELECT country FROM partners WHERE org_id IN (${ids.map(Number).join(',')}) ORDER BY org_id`);
  assert.deepEqual(rows, expected);
  // the API shows them as they now are; the unknown text is still there to be read
  const shown = (await admin.get(`/api/v1/partners/${ids[13]}`)).json;
  assert.equal(shown.country, 'Nowhereland');
  // twice changes nothing
  assert.equal(psea(['init', '--db', server.db]).status, 0);
  assert.deepEqual(sql(server.db, `SELECT country FROM partners WHERE org_id IN (${ids.map(Number).join(',')}) ORDER BY org_id`), expected);
});
