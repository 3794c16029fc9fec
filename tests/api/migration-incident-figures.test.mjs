// Migration 016 on a register that already holds allegations: each record keeps the finding its
// status still shows, and pertains to a partner when it names one or concerns a partner's
// personnel. The records are written through the API, the database is taken back to the
// schema before 016 with the engine's own shell, and `psea init` migrates it forward again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, psea, sql } from './lib.mjs';
import { tokenClient } from './psea.mjs';

const servers = [];
after(async () => { for (const s of servers.reverse()) await s.stop(); });

const BACK = `ALTER TABLE incidents DROP COLUMN investigation_started_on;
ALTER TABLE incidents DROP COLUMN concluded_on;
ALTER TABLE incidents DROP COLUMN finding;
ALTER TABLE incidents DROP COLUMN pertains_to_partner;
DELETE FROM schema_version WHERE version = 16;`;

test('migration 016 fills the finding and whether a record pertains to a partner', async () => {
  const server = await Server.start({ clock: '2026-06-15T12:00:00Z' });
  servers.push(server);
  const admin = await tokenClient(server, 'admin', 'UNICEF');
  const fp = await tokenClient(server, 'agency_focal_point', 'UNICEF');
  const partner = await admin.post('/api/v1/partners', { name: 'Riverbank Aid', type: 'cbo', country: 'TZ' });
  assert.equal(partner.status, 201, partner.text);
  const record = async (body) => {
    const r = await fp.post('/api/v1/incidents', { type: 'sexual_abuse', source: 'complaint',
      received_at: '2026-06-01T08:00:00Z', ...body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const named = await record({ personnel_category: 'other', partner_id: partner.json.id, status: 'substantiated' });
  const personnel = await record({ personnel_category: 'implementing_partner', status: 'not_substantiated' });
  const staff = await record({ personnel_category: 'agency_staff', status: 'under_investigation' });
  await server.stop({ keep: true });

  sql(server.db, BACK);
  assert.throws(() => sql(server.db, 'SELECT finding FROM incidents'), 'the column is gone');
  const init = psea(['init', '--db', server.db]);
  assert.equal(init.status, 0, init.stdout + init.stderr);
  const rows = sql(server.db, 'SELECT id, coalesce(finding, \'-\'), pertains_to_partner, coalesce(concluded_on, 0) FROM incidents ORDER BY id');
  assert.deepEqual(rows, [`${named}|substantiated|1|0`, `${personnel}|not_substantiated|1|0`, `${staff}|-|0|0`]);

  const again = await Server.start({ clock: '2026-06-15T12:00:00Z', db: server.db });
  servers.push(again);
  const fp2 = again.client();
  fp2.token = fp.token;
  const figures = await fp2.get('/api/v1/reports/incidents?year=2026');
  assert.equal(figures.status, 200, figures.text);
  assert.equal(figures.json.pertaining_to_partners, 2);
  assert.deepEqual(figures.json.outcomes, { substantiated: 1, not_substantiated: 1, under_investigation: 1, closed_without_finding: 0 });
});
