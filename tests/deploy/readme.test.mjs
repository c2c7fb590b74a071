// The README's "Deploying on PostgreSQL" section, followed literally on a fresh database: its
// commands are read from README.md itself (so the two cannot drift) and run against the Release
// build of the server; at the end the first admin signs in over HTTP and the API client's key
// works on a real gRPC call.
//
//   FRIENDLYGOV_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres;Password=unused;Database=postgres' \
//     node --test          # in tests/deploy; ./test.sh runs it (Node built-ins only, no npm install)
//
// Environment: FRIENDLYGOV_TEST_POSTGRES (required), FRIENDLYGOV_SERVER_DLL, PSQL and
// FRIENDLYGOV_DEPLOY_PIDFILE, as for tests/interop.
//
// What the test does in place of a README line: `sudo -u postgres psql -f FILE` runs FILE as the
// cluster's superuser with the role and database renamed (fg_readme_<random>, so that runs never
// collide); the example connection string becomes that database's; the README's example host
// names nothing here. Every other line runs as written, from the server's directory, as a
// published server would be run.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http2 from 'node:http2';
import path from 'node:path';

import { ROOT, Server, assertServerBuilt, tmpLogFile } from '../node-harness/server.mjs';

const SECTION = '## Deploying on PostgreSQL';
const CALL_TIMEOUT_MS = 30_000;

/** The README section's command lines (indented code), without their trailing comments. */
function readmeCommands() {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${SECTION}\n`);
  assert.ok(start >= 0, `README.md has no "${SECTION}" section`);
  const end = readme.indexOf('\n## ', start + SECTION.length + 2);
  return readme.slice(start, end < 0 ? undefined : end).split('\n')
    .filter((line) => line.startsWith('    ') && line.trim().length > 0)
    .map((line) => line.trim().replace(/\s+#\s.*$/, '').trim());
}

/** Splits a command line into words, honouring double quotes. */
function words(line) {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

function adminConnection() {
  const cs = Object.fromEntries((process.env.FRIENDLYGOV_TEST_POSTGRES ?? '').split(';').filter((p) => p.includes('='))
    .map((p) => [p.slice(0, p.indexOf('=')).trim().toLowerCase(), p.slice(p.indexOf('=') + 1).trim()]));
  assert.ok(cs.host, 'FRIENDLYGOV_TEST_POSTGRES is not set (./test.sh sets it)');
  return { host: cs.host, port: cs.port ?? '5432', user: cs.username ?? 'postgres', password: cs.password ?? '' };
}

function psql(admin, args) {
  const psqlBin = process.env.PSQL ?? 'psql';
  const r = spawnSync(psqlBin, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', admin.host, '-p', admin.port, '-U', admin.user, '-d', 'postgres', ...args], {
    env: { ...process.env, PGPASSWORD: admin.password, PGCONNECT_TIMEOUT: '10' }, encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(r.status, 0, `psql ${args.join(' ')} failed: ${r.stderr}${r.error ?? ''}`);
}

/** A unary gRPC call over HTTP/2 with Node's own http2 (a 5-byte frame header, then the message): { status, message, body }. */
function grpcUnary(address, method, key, message = Buffer.alloc(0)) {
  return new Promise((resolve, reject) => {
    const client = http2.connect(`http://${address}`);
    client.on('error', reject);
    const frame = Buffer.concat([Buffer.alloc(5), message]);
    frame.writeUInt32BE(message.length, 1);
    const req = client.request({ ':method': 'POST', ':path': method, 'content-type': 'application/grpc', te: 'trailers', authorization: `Bearer ${key}` });
    const chunks = [];
    let headers = {};
    let trailers = {};
    req.on('response', (h) => { headers = h; });
    req.on('trailers', (t) => { trailers = t; });
    req.on('data', (c) => chunks.push(c));
    req.on('error', (e) => { client.close(); reject(e); });
    req.on('end', () => {
      client.close();
      resolve({ status: Number(trailers['grpc-status'] ?? headers['grpc-status']), message: trailers['grpc-message'] ?? headers['grpc-message'], body: Buffer.concat(chunks) });
    });
    req.setTimeout(CALL_TIMEOUT_MS, () => { req.close(); reject(new Error(`${method} timed out`)); });
    req.end(frame);
  });
}

/** Cookies of a browser session kept by hand; every request comes "through the TLS proxy" the README asks for (X-Forwarded-Proto). */
class Session {
  constructor(base) { this.base = base; this.cookies = new Map(); }

  async fetch(pathname, init = {}) {
    const res = await fetch(this.base + pathname, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      headers: { ...init.headers, 'x-forwarded-proto': 'https', cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      this.cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return res;
  }
}

const cleanups = [];
after(async () => { for (const cleanup of cleanups.reverse()) await cleanup(); });

test('README: a fresh PostgreSQL deployment, followed literally, ends with a working first admin and API client', { timeout: 600_000 }, async () => {
  assertServerBuilt();
  const commands = readmeCommands();
  const serverCommands = commands.filter((c) => c.startsWith('dotnet FriendlyGov.Server.dll')).map((c) => words(c).slice(2));
  for (const needed of [['migrate'], ['reference', 'import'], ['users', 'add'], ['clients', 'add'], []]) {
    assert.ok(serverCommands.some((args) => needed.every((w, i) => args[i] === w) && (needed.length > 0 || args.length === 0)),
      `README's deployment lacks \`dotnet FriendlyGov.Server.dll ${needed.join(' ')}\``);
  }

  const admin = adminConnection();
  const name = `fg_readme_${randomBytes(5).toString('hex')}`;
  const logFile = tmpLogFile(name, 'README deployment');
  const env = {};
  let server = null;
  let password = null;
  let key = null;
  for (const line of commands) {
    const args = words(line);
    if (args[0] === 'sudo' && args.includes('psql')) {
      const file = args[args.indexOf('-f') + 1];
      const sql = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/\bfriendlygov\b/g, name);
      const renamed = path.join(path.dirname(logFile), `${name}.sql`);
      fs.writeFileSync(renamed, sql);
      psql(admin, ['-f', renamed]);
      cleanups.push(async () => {
        psql(admin, ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
        psql(admin, ['-c', `DROP ROLE IF EXISTS ${name}`]);
      });
      const rolePassword = /PASSWORD '([^']*)'/.exec(sql)?.[1] ?? '';
      env.ConnectionStrings__FriendlyGov = `Host=${admin.host};Port=${admin.port};Database=${name};Username=${name};Password=${rolePassword}`;
    } else if (args[0] === 'export') {
      const [variable, ...value] = line.slice('export '.length).split('=');
      if (variable !== 'ConnectionStrings__FriendlyGov') env[variable] = value.join('=').replace(/^"|"$/g, '');
    } else if (args[0] === 'dotnet' && args[1] === 'FriendlyGov.Server.dll') {
      server ??= new Server({ connectionString: env.ConnectionStrings__FriendlyGov, logFile, pidFile: process.env.FRIENDLYGOV_DEPLOY_PIDFILE, env });
      if (args.length === 2) {
        await server.start();
        cleanups.push(() => server.stop());
        continue;
      }
      const out = await server.command(args.slice(2), 180_000);
      password ??= /Password \(shown once\): (\S+)/.exec(out)?.[1] ?? null;
      key ??= /key: (fgk_\S+)/.exec(out)?.[1] ?? null;
    } else {
      assert.fail(`README's deployment has a line this test does not know how to follow: ${line}`);
    }
  }

  assert.ok(server?.baseUrl, 'the README never starts the server');
  assert.ok(password, '`users add` printed no password');
  assert.ok(key, '`clients add` printed no key');

  // The first admin signs in through the login form, and the dashboard opens.
  const session = new Session(server.baseUrl);
  const form = await (await session.fetch('/login')).text();
  const token = /name="__RequestVerificationToken" type="hidden" value="([^"]+)"/.exec(form)?.[1];
  assert.ok(token, 'the login page has no antiforgery token');
  const signIn = await session.fetch('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ UserName: 'admin', Password: password, __RequestVerificationToken: token }).toString(),
  });
  assert.equal(signIn.status, 302, `POST /login answered ${signIn.status}: ${(await signIn.text()).slice(0, 500)}`);
  assert.ok(session.cookies.has('friendlygov.signin'), 'no sign-in cookie');
  const dashboard = await session.fetch('/dashboard');
  assert.equal(dashboard.status, 200, `GET /dashboard answered ${dashboard.status} to the signed-in admin`);
  assert.match(await dashboard.text(), /Tỉnh Thanh Hóa/);

  // The API client's key opens the gRPC API: the units of its subtree come back; a wrong key does not.
  const units = await grpcUnary(server.grpcAddress, '/friendlygov.v1.ReferenceService/ListUnits', key);
  assert.equal(units.status, 0, `ListUnits with the client's key: ${units.status} ${units.message}`);
  for (const unit of ['Tỉnh Thanh Hóa', 'Xã Hoằng Phú', 'Xã Hoằng Giang']) {
    assert.ok(units.body.includes(Buffer.from(unit)), `ListUnits did not return ${unit}`);
  }
  const wrong = await grpcUnary(server.grpcAddress, '/friendlygov.v1.ReferenceService/ListUnits', 'fgk_wrong');
  assert.equal(wrong.status, 16, 'a wrong key must be UNAUTHENTICATED');
});
