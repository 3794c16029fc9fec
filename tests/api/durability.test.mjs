// Durability: a write the server acknowledged survives the server being killed (SIGKILL, no
// chance to flush or close anything) while other writes are still arriving. After a restart on
// the same database every acknowledged partner, comment and answer is there as it was answered.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Server } from './lib.mjs';
import { tokenClient, createPartner, openAssessment } from './psea.mjs';

const WRITES = 300;       // requests in the burst
const AT_ONCE = 12;       // in flight at the same time
const KILL_AFTER = 120;   // acknowledged writes before the kill

let first, second;
after(async () => {
  if (second) await second.stop();
  if (first) await first.stop();
});

// A client for the restarted server with the same API token.
function again(server, client) {
  const c = new Client(server.url);
  c.token = client.token;
  return c;
}

test('every acknowledged write is kept after kill -9 and a restart', async () => {
  first = await Server.start();
  const advanced = await tokenClient(first, 'agency_advanced_editor');
  const editor = await tokenClient(first, 'agency_editor');
  const assessment = await openAssessment(advanced, (await createPartner(advanced)).id);
  const comments = `/api/v1/assessments/${assessment.id}/comments`;

  // Three kinds of write, in turn: a new partner, a comment, and Section 1 answers (a change of
  // an existing row, whose acknowledged version must be the one kept).
  const acknowledged = { partners: [], comments: [], intro: null };
  let started = 0, killed = false, refusedBeforeKill = 0;
  const kill = new Promise((resolve) => {
    first.proc.on('exit', resolve);
  });
  async function one(n) {
    let r;
    try {
      if (n % 3 === 0) {
        r = await advanced.post('/api/v1/partners', { name: `Durable ${n}`, type: 'cbo', country: 'KE' });
        if (r.status === 201) acknowledged.partners.push({ id: r.json.id, name: `Durable ${n}` });
      } else if (n % 3 === 1) {
        r = await editor.post(comments, { text: `comment ${n}` });
        if (r.status === 201) acknowledged.comments.push(`comment ${n}`);
      } else {
        const answer = { contact_with_beneficiaries: n % 2 === 0, previously_assessed: false };
        r = await editor.put(`/api/v1/assessments/${assessment.id}/intro`, answer);
        if (r.status === 200) acknowledged.intro = { n, version: r.json.version, answer };
      }
    } catch {
      return; // the connection died with the server: not acknowledged
    }
    if (!killed && r.status >= 300) refusedBeforeKill++;
    const total = acknowledged.partners.length + acknowledged.comments.length;
    if (!killed && total >= KILL_AFTER) {
      killed = true;
      first.proc.kill('SIGKILL');
    }
  }
  async function worker() {
    while (started < WRITES && !killed) await one(started++);
  }
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  assert.ok(killed, 'the burst ended before the kill');
  await kill;
  assert.equal(refusedBeforeKill, 0, 'a write was refused before the kill');
  assert.ok(started < WRITES, 'writes were still arriving when the server was killed');

  second = await Server.start({ db: first.db, data: first.data });
  const reader = again(second, advanced);
  for (const p of acknowledged.partners) {
    const r = await reader.get(`/api/v1/partners/${p.id}`);
    assert.equal(r.status, 200, `partner ${p.id} acknowledged but missing: ${r.text}`);
    assert.equal(r.json.name, p.name);
  }
  const kept = new Set();
  for (let cursor = null; ;) {
    const r = await again(second, editor).get(comments + '?limit=200' + (cursor ? `&cursor=${cursor}` : ''));
    assert.equal(r.status, 200, r.text);
    for (const c of r.json.items) kept.add(c.text);
    if (!(cursor = r.json.next_cursor)) break;
  }
  for (const text of acknowledged.comments) assert.ok(kept.has(text), `${text} acknowledged but missing`);
  // Section 1 answers: the last acknowledged, or a later one that was written but whose answer
  // the kill cut off; never an earlier one.
  const a = (await reader.get(`/api/v1/assessments/${assessment.id}`)).json;
  assert.ok(acknowledged.intro, 'no Section 1 answer was acknowledged');
  assert.ok(a.version >= acknowledged.intro.version, `version ${a.version} is older than the acknowledged ${acknowledged.intro.version}`);
  if (a.version === acknowledged.intro.version)
    assert.equal(a.intro.contact_with_beneficiaries, acknowledged.intro.answer.contact_with_beneficiaries);
});
