// Requests per second of two routes on each back end, and with two server processes on one
// PostgreSQL database: GET /api/v1/health (no database) and GET /api/v1/agencies (a bearer token
// looked up, then a list read). Run through scripts/bench-pg, which provides the cluster.
//
// Environment: PSEA_TEST_PG (the cluster), PSEA_BIN (default build/release/psea),
// BENCH_SECONDS (per measurement, default 8), BENCH_CONNECTIONS (default 32), BENCH_THREADS
// (server threads per process; default: psea serve's own, which depends on the back end).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const BIN = resolve(ROOT, process.env.PSEA_BIN || 'build/release/psea');
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32);
const THREADS = process.env.BENCH_THREADS;
const PG = process.env.PSEA_TEST_PG;
if (!PG) throw new Error('run through scripts/bench-pg');

const dir = mkdtempSync(join(tmpdir(), 'psea-bench-'));
const run = (cmd, args, input) => execFileSync(cmd, args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();

function pgDatabase(name) {
  run('psql', [PG, '-qAtc', `CREATE DATABASE ${name}`]);
  const url = new URL(PG);
  url.pathname = '/' + name;
  return url.toString();
}

function serve(db) {
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--data', join(dir, 'data'),
    ...(THREADS ? ['--threads', THREADS] : [])],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((ok, fail) => {
    let log = '';
    const onData = (d) => {
      log += d;
      const m = /listening on (http:\/\/[\d.]+:\d+) \(database: \w+, (\d+) threads\)/.exec(log);
      if (m) { proc.stderr.off('data', onData); proc.stderr.resume(); ok({ proc, url: m[1], threads: m[2] }); }
    };
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => fail(new Error(`server exited ${code}: ${log}`)));
  });
}

async function stop(server) {
  const done = new Promise((ok) => server.proc.on('exit', ok));
  server.proc.kill('SIGTERM');
  await done;
}

// An account and an API token for it.
async function tokenFor(db, url) {
  run(BIN, ['user', 'add', '--db', db, '--email', 'bench@bench.psea', '--name', 'Bench', '--role', 'admin',
    '--org', 'UNICEF', '--password-stdin'], 'bench-password-long\n');
  const login = await fetch(url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'bench@bench.psea', password: 'bench-password-long' }) });
  const session = await login.json();
  const cookie = /psea_session=[^;]*/.exec(login.headers.get('set-cookie'))[0];
  const made = await fetch(url + '/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name: 'bench' }),
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': session.csrf_token } });
  return (await made.json()).token;
}

function wrk(url, token, connections, threads) {
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${SECONDS}s`, url];
  if (token) args.unshift('-H', `Authorization: Bearer ${token}`);
  return new Promise((ok, fail) => {
    const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('exit', (code) => {
      const m = /Requests\/sec:\s+([\d.]+)/.exec(out);
      const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
      if (code !== 0 || !m) fail(new Error('wrk failed: ' + out));
      else if (errors) fail(new Error(`${errors[1]} failed requests: ${out}`));
      else ok(Number(m[1]));
    });
  });
}

// Every server gets the same load in all: `CONNECTIONS` connections split between them.
async function measure(urls, path, token) {
  const per = Math.max(1, Math.floor(CONNECTIONS / urls.length));
  const threads = Math.max(1, Math.floor(2 / urls.length));
  const rates = await Promise.all(urls.map((u) => wrk(u + path, token, per, threads)));
  return rates.reduce((a, b) => a + b, 0);
}

const ROUTES = [['health', '/api/v1/health', false], ['agencies', '/api/v1/agencies', true]];
const results = {};

async function bench(key, db, processes) {
  let label = key;
  run(BIN, ['init', '--db', db]);
  const servers = [];
  for (let i = 0; i < processes; i++) servers.push(await serve(db));
  try {
    const token = await tokenFor(db, servers[0].url);
    label = `${label} (${servers[0].threads} threads each)`;
    results[key] = {};
    for (const [name, path, auth] of ROUTES) {
      await measure(servers.map((s) => s.url), path, auth ? token : null); // warm up caches and pools
      results[key][name] = await measure(servers.map((s) => s.url), path, auth ? token : null);
      console.log(`${label.padEnd(42)} ${name.padEnd(9)} ${results[key][name].toFixed(0).padStart(8)} requests/s`);
    }
  } finally {
    await Promise.all(servers.map(stop));
  }
}

try {
  console.log(`wrk: ${CONNECTIONS} connections, ${SECONDS} s per measurement; ${availableParallelism()} processors`);
  await bench('SQLite, 1 process', join(dir, 'bench.db'), 1);
  await bench('PostgreSQL, 1 process', pgDatabase('bench_one'), 1);
  await bench('PostgreSQL, 2 processes', pgDatabase('bench_two'), 2);
  const r = results;
  for (const [name] of ROUTES) {
    const pg = r['PostgreSQL, 1 process'][name], lite = r['SQLite, 1 process'][name], two = r['PostgreSQL, 2 processes'][name];
    console.log(`${name}: PostgreSQL/SQLite ${(pg / lite).toFixed(2)}; 2 processes/1 on PostgreSQL ${(two / pg).toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
