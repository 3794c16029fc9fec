// The deployment samples (deploy/): the nginx configuration and the systemd units (the server's,
// and the daily alert e-mail's timer and service) are valid for the tools that will read them,
// their command lines are ones psea accepts, and a server
// behind a trusted proxy counts failed sign-ins per client rather than per proxy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import { join } from 'node:path';
import { ROOT, BIN, Server, psea, freshDatabase } from './lib.mjs';

const NGINX_SAMPLE = join(ROOT, 'deploy/nginx/psea.conf');
const UNIT_SAMPLE = join(ROOT, 'deploy/systemd/psea@.service');

test('the nginx sample passes nginx -t inside an http block', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psea-nginx-'));
  try {
    // a throw-away certificate where the sample expects the real one
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-subj', '/CN=psea.test', '-days', '2', '-keyout', join(dir, 'privkey.pem'), '-out', join(dir, 'fullchain.pem')],
    { stdio: 'pipe' });
    const sample = readFileSync(NGINX_SAMPLE, 'utf8');
    assert.match(sample, /upstream psea \{[^}]*keepalive \d+;/s, 'the upstream keeps connections open');
    assert.match(sample, /proxy_set_header Connection "";/);
    writeFileSync(join(dir, 'psea.conf'), sample.replaceAll('/etc/ssl/psea/', dir + '/'));
    writeFileSync(join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\n` +
      `http {\n\taccess_log off;\n\tinclude ${dir}/psea.conf;\n}\n`);
    const r = spawnSync('nginx', ['-t', '-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /test is successful/);
    // and a broken copy is caught: the check is real
    writeFileSync(join(dir, 'psea.conf'), sample.replace('keepalive 32;', 'keepalive;'));
    assert.notEqual(spawnSync('nginx', ['-t', '-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')]).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// systemd-analyze verify needs the unit's program to exist: the instance checked here runs the
// binary under test in place of /usr/local/bin/psea.
function verifyUnit(dir, text) {
  const file = join(dir, 'psea@8081.service');
  writeFileSync(file, text.replaceAll('/usr/local/bin/psea', BIN));
  return spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8', cwd: dir });
}

test('the systemd template passes systemd-analyze verify without a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psea-unit-'));
  try {
    const unit = readFileSync(UNIT_SAMPLE, 'utf8');
    const r = verifyUnit(dir, unit);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'no warning either');
    const broken = verifyUnit(dir, unit.replace('Type=simple', 'Type=simpel'));
    assert.match(broken.stderr, /Failed to parse service type/, 'the check sees mistakes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the unit's command line starts a server", async () => {
  const unit = readFileSync(UNIT_SAMPLE, 'utf8');
  const exec = /^ExecStart=(\S+) serve (.*)$/m.exec(unit);
  assert.ok(exec, 'ExecStart runs psea serve');
  const dir = mkdtempSync(join(tmpdir(), 'psea-unit-'));
  const values = { PSEA_DB: freshDatabase(dir), PSEA_DATA: join(dir, 'data'), PSEA_THREADS: '2', i: '0',
    PSEA_BASE_URL: 'https://psea.example.org', PSEA_MAIL_FROM: 'psea@example.org' };
  psea(['init', '--db', values.PSEA_DB]);
  const args = exec[2].replace(/\$\{(\w+)\}|%(i)/g, (_, name, inst) => values[name || inst]).split(/\s+/);
  const proc = spawn(BIN, ['serve', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const url = await new Promise((ok, fail) => {
      let log = '';
      proc.stderr.on('data', (d) => {
        log += d;
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(log);
        if (m) ok(m[1]);
      });
      proc.on('exit', (code) => fail(new Error(`psea serve ${args.join(' ')} exited ${code}: ${log}`)));
    });
    assert.equal((await fetch(url + '/api/v1/health')).status, 200);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((ok) => (proc.exitCode !== null ? ok() : proc.on('exit', ok)));
    rmSync(dir, { recursive: true, force: true });
  }
});

const ALERTS_SERVICE = join(ROOT, 'deploy/systemd/psea-alerts.service');
const ALERTS_TIMER = join(ROOT, 'deploy/systemd/psea-alerts.timer');

test('the daily alert e-mail timer and its service pass systemd-analyze verify without a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psea-unit-'));
  try {
    const service = readFileSync(ALERTS_SERVICE, 'utf8');
    const timer = readFileSync(ALERTS_TIMER, 'utf8');
    assert.match(timer, /^Unit=psea-alerts\.service$/m);
    assert.match(timer, /^OnCalendar=\S+/m, 'started on a calendar');
    assert.match(service, /^Type=oneshot$/m);
    const verify = (serviceText, timerText) => {
      writeFileSync(join(dir, 'psea-alerts.service'), serviceText.replaceAll('/usr/local/bin/psea', BIN));
      writeFileSync(join(dir, 'psea-alerts.timer'), timerText);
      return spawnSync('systemd-analyze', ['verify', 'psea-alerts.timer', 'psea-alerts.service'], { encoding: 'utf8', cwd: dir });
    };
    const r = verify(service, timer);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'no warning either');
    assert.match(verify(service, timer.replace('OnCalendar=', 'OnCalender=')).stderr, /Unknown key/i, 'the check sees mistakes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the alert service's command line is one psea accepts", () => {
  const service = readFileSync(ALERTS_SERVICE, 'utf8');
  const exec = /^ExecStart=(\S+) alerts send (.*)$/m.exec(service);
  assert.ok(exec, 'ExecStart runs psea alerts send');
  const dir = mkdtempSync(join(tmpdir(), 'psea-unit-'));
  try {
    const values = { PSEA_DB: freshDatabase(dir), PSEA_MAIL_FROM: 'portal@psea.test', PSEA_BASE_URL: 'https://psea.test' };
    psea(['init', '--db', values.PSEA_DB]);
    const args = exec[2].replace(/\$\{(\w+)\}/g, (_, name) => values[name]).split(/\s+/);
    const r = psea(['alerts', 'send', ...args]);
    assert.match(r.stdout, /off/, 'the setting is off in a new database: nothing is sent');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A failed sign-in sent from a given local address (the whole of 127.0.0.0/8 is loopback),
// claiming to be for client `forwarded`.
function failFrom(server, localAddress, forwarded, n) {
  const { port } = new URL(server.url);
  const one = (k) => new Promise((ok, fail) => {
    const body = JSON.stringify({ email: `nobody.${forwarded}.${localAddress}.${k}@test.psea`, password: 'wrong-password' });
    const req = http.request({ host: '127.0.0.1', port, localAddress, method: 'POST', path: '/api/v1/session',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Real-IP': forwarded } },
    (res) => { res.resume(); res.on('end', () => ok(res.statusCode)); });
    req.on('error', fail);
    req.end(body);
  });
  return Promise.all(Array.from({ length: n }, (_, k) => one(k)));
}

// Thirty failures from one client address close sign-ins from that address for a while.
test('behind a trusted proxy, throttling counts each client apart; other peers cannot forge it', async () => {
  const s = await Server.start({ args: ['--trust-proxy', '127.0.0.1'] });
  try {
    assert.deepEqual(await failFrom(s, '127.0.0.1', '192.0.2.10', 30), Array(30).fill(401));
    assert.deepEqual(await failFrom(s, '127.0.0.1', '192.0.2.10', 1), [429], 'that client is stopped');
    assert.deepEqual(await failFrom(s, '127.0.0.1', '192.0.2.11', 1), [401], 'another client behind the proxy is not');
    // a peer that is not the proxy: its X-Real-IP is ignored, so naming the stopped client
    // does not count against it, nor hide the peer's own address
    assert.deepEqual(await failFrom(s, '127.0.0.2', '192.0.2.10', 1), [401]);
  } finally {
    await s.stop();
  }
});
