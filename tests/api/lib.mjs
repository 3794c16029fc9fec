// lib.mjs: starts a real `psea serve` on a fresh database and a free loopback port, and
// talks to it over HTTP. Every test file starts its own server, so files run independently.
//
// Environment:
//   PSEA_BIN      the binary to test (default build/release/psea)
//   PSEA_TEST_PG  a PostgreSQL URL of a private test cluster; when set, each server gets a
//                 fresh database on it instead of an SQLite file.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);

// Every server and command the tests start hashes new passwords at Argon2id's lowest cost: the
// suite makes thousands of accounts, and at the real cost hashing took over half its time.
// passwords.test.mjs checks the real cost, which is what a server gets without this variable.
process.env.PSEA_PASSWORD_HASH ??= 'minimum';
export const BIN = resolve(ROOT, process.env.PSEA_BIN || 'build/release/psea');
export const PASSWORD = 'correct-horse-battery';

let dbCounter = 0;

// A fresh database target: an SQLite file in dir, or a new database on the test cluster.
export function freshDatabase(dir) {
  const pg = process.env.PSEA_TEST_PG;
  if (!pg) return join(dir, 'psea.db');
  const name = `t_${process.pid}_${Date.now()}_${dbCounter++}`;
  execFileSync('psql', [pg, '-qAtc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  const url = new URL(pg);
  url.pathname = '/' + name;
  return url.toString();
}

export function psea(args, { input, env, allowFail } = {}) {
  try {
    const stdout = execFileSync(BIN, args, { input, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    return { status: 0, stdout: stdout.toString(), stderr: '' };
  } catch (e) {
    if (!allowFail) throw new Error(`psea ${args.join(' ')} failed (${e.status}): ${e.stderr}`);
    return { status: e.status, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
  }
}

// Runs SQL on a test database with the engine's own shell (sqlite3 or psql): for states the API
// refuses to make, such as data written under an earlier schema or earlier rules. Returns the
// output's rows, fields separated by '|'.
export function sql(db, text) {
  const out = db.startsWith('postgresql:')
    ? execFileSync('psql', [db, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', text], { stdio: 'pipe' })
    : execFileSync('sqlite3', ['-bail', db, text], { stdio: 'pipe' });
  return out.toString().trim().split('\n').filter(Boolean);
}

// The server shuts a connection that stays idle between two requests for 30 s (slow clients must
// not hold its threads). A test that blocks Node's event loop that long (several `psea` commands
// run one after the other on a busy machine) can find fetch sending its next request on such a
// socket before the pool has noticed: the request never reached the server, and it goes once
// more on a new connection. Nothing else is tried again.
const IDLE_SHUT_MS = 25 * 1000;
const lastAnswerAt = new Map(); // server address -> when its last answer came

function shutWhileIdle(err, idleMs) {
  return idleMs >= IDLE_SHUT_MS && err?.cause?.code === 'UND_ERR_SOCKET';
}

export class Client {
  constructor(base) { this.base = base; this.cookie = null; this.csrf = null; this.token = null; }

  async request(method, path, { body, headers = {}, raw, form } = {}) {
    const h = { ...headers };
    if (this.token) h['Authorization'] = `Bearer ${this.token}`;
    if (this.cookie) h['Cookie'] = this.cookie;
    if (this.csrf && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    let payload;
    if (form) payload = form;
    else if (raw !== undefined) payload = raw;
    else if (body !== undefined) { payload = JSON.stringify(body); h['Content-Type'] = 'application/json'; }
    const idleMs = Date.now() - (lastAnswerAt.get(this.base) ?? Date.now());
    let res;
    try {
      res = await fetch(this.base + path, { method, headers: h, body: payload });
    } catch (err) {
      if (!shutWhileIdle(err, idleMs)) throw err;
      res = await fetch(this.base + path, { method, headers: h, body: payload });
    }
    lastAnswerAt.set(this.base, Date.now());
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /psea_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `psea_session=${m[1]}` : null;
    }
    const buf = Buffer.from(await res.arrayBuffer());
    const text = buf.toString('utf8');
    let json = null;
    const type = res.headers.get('content-type') || '';
    if (type.includes('json') && text) json = JSON.parse(text);
    return { status: res.status, headers: res.headers, json, text, body: buf };
  }
  get(path, o) { return this.request('GET', path, o); }
  post(path, body, o = {}) { return this.request('POST', path, { ...o, body }); }
  put(path, body, o = {}) { return this.request('PUT', path, { ...o, body }); }
  patch(path, body, o = {}) { return this.request('PATCH', path, { ...o, body }); }
  delete(path, o) { return this.request('DELETE', path, o); }
}

// The e-mail domain each agency starts with on a new database (src/store/agency_domains.c).
export const AGENCY_DOMAINS = {
  UNSEC: 'un.org', UNWOMEN: 'unwomen.org', FAO: 'fao.org', IOM: 'iom.int', UNDP: 'undp.org',
  UNFPA: 'unfpa.org', UNHCR: 'unhcr.org', UNICEF: 'unicef.org', WHO: 'who.int', WFP: 'wfp.org',
};

export class Server {
  // options.clock: an ISO instant written to a PSEA_CLOCK_FILE (server.setClock moves it).
  // options.db, options.data: serve an existing database and data directory (another server's:
  // several servers on one PostgreSQL database) instead of fresh ones.
  // options.args: more arguments for `psea serve`; options.env: more environment for it.
  static async start(options = {}) {
    const s = new Server();
    s.dir = mkdtempSync(join(tmpdir(), 'psea-test-'));
    s.db = options.db || freshDatabase(s.dir);
    s.data = options.data || join(s.dir, 'data');
    s.clockFile = join(s.dir, 'clock');
    s.env = { PSEA_CLOCK_FILE: s.clockFile, ...options.env };
    s.setClock(options.clock || new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
    psea(['init', '--db', s.db]);
    s.proc = spawn(BIN, ['serve', '--db', s.db, '--listen', '127.0.0.1:0', '--data', s.data, '--threads', '2',
      ...(options.args || [])],
      { env: { ...process.env, ...s.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    s.log = '';
    s.url = await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('server did not start: ' + s.log)), 15000);
      s.proc.stderr.on('data', (d) => {
        s.log += d.toString();
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(s.log);
        if (m) { clearTimeout(timer); ok(m[1]); }
      });
      s.proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}: ${s.log}`)); });
    });
    s.users = 0;
    return s;
  }

  setClock(iso) { writeFileSync(this.clockFile, iso + '\n'); }

  client() { return new Client(this.url); }

  // Creates an account through the command line; org is an agency code or "partner:ID".
  // Agency accounts get an address in their agency's domain (AGENCY_DOMAINS), as the server asks.
  addUser(role, org = 'UNICEF', extra = {}) {
    const domain = AGENCY_DOMAINS[org] || (org === 'UNOPS' ? 'unops.org' : 'test.psea');
    const email = extra.email || `${role}.${++this.users}.${org.replace(':', '')}@${domain}`.toLowerCase();
    psea(['user', 'add', '--db', this.db, '--email', email, '--name', extra.name || `Test ${role}`,
      '--role', role, '--org', org, '--password-stdin'], { input: PASSWORD + '\n' });
    return { email, password: PASSWORD };
  }

  // A signed-in client (cookie and CSRF token) for a new account with that role.
  async signIn(role, org = 'UNICEF', extra = {}) {
    const account = this.addUser(role, org, extra);
    const c = this.client();
    const r = await c.post('/api/v1/session', { email: account.email, password: account.password });
    if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${r.text}`);
    c.csrf = r.json.csrf_token;
    c.user = r.json.user;
    return c;
  }

  // keep: leave the database and the data directory for a later look or another server.
  async stop({ keep = false } = {}) {
    if (this.proc && this.proc.exitCode === null) {
      // 'close' comes after the process's stderr is read to its end ('exit' may come before)
      const done = new Promise((ok) => this.proc.on('close', (code, signal) => ok({ code, signal })));
      this.proc.kill('SIGTERM');
      this.exit = await done;
    }
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
    return this.exit;
  }
}
