// What the Node suites (tests/interop, tests/browser) run against: a fresh PostgreSQL database
// and the real server process on it, on free loopback ports. Built-ins only, so that each suite
// imports it by relative path without an npm package of its own.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const SERVER_DLL = process.env.FRIENDLYGOV_SERVER_DLL
  ?? path.join(ROOT, 'src', 'FriendlyGov.Server', 'bin', 'Release', 'net10.0', 'FriendlyGov.Server.dll');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function assertServerBuilt() {
  if (!fs.existsSync(SERVER_DLL)) throw new Error(`${SERVER_DLL} does not exist: dotnet build src/FriendlyGov.Server -c Release first`);
}

/** `$TMPDIR/<name>.log`, started with a line naming the run, the database and the server. */
export function tmpLogFile(name, suite, more = '') {
  const file = path.join(os.tmpdir(), `${name}.log`);
  fs.writeFileSync(file, `FriendlyGov ${suite} run, database ${name}, server ${SERVER_DLL}${more}\n`);
  return file;
}

// --- PostgreSQL ------------------------------------------------------------------------------------

function parseConnectionString(cs) {
  const out = {};
  for (const part of cs.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return out;
}

function findPsql() {
  if (process.env.PSQL) return process.env.PSQL;
  if (spawnSync('psql', ['--version']).status === 0) return 'psql';
  const dirs = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [];
  const found = dirs.sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin/psql`).find((p) => fs.existsSync(p));
  if (!found) throw new Error('psql not found: set PSQL');
  return found;
}

/** A database `<prefix>_<random>` on the FRIENDLYGOV_TEST_POSTGRES server: { name, connectionString, drop() }. */
export function createDatabase(prefix) {
  const admin = process.env.FRIENDLYGOV_TEST_POSTGRES;
  if (!admin) throw new Error('FRIENDLYGOV_TEST_POSTGRES is not set (./test.sh sets it): an admin connection string such as Host=127.0.0.1;Port=55432;Username=postgres;Password=unused;Database=postgres');
  const cs = parseConnectionString(admin);
  const pg = { host: cs.host ?? '127.0.0.1', port: cs.port ?? '5432', user: cs.username ?? cs['user id'] ?? 'postgres', password: cs.password, database: cs.database ?? 'postgres', psql: findPsql() };
  const psql = (sql) => {
    const r = spawnSync(pg.psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', pg.host, '-p', pg.port, '-U', pg.user, '-d', pg.database, '-c', sql], {
      env: { ...process.env, PGPASSWORD: pg.password ?? '', PGCONNECT_TIMEOUT: '10' }, encoding: 'utf8', timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`psql ${sql} failed (${r.status}): ${r.stderr}${r.error ?? ''}`);
  };
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  psql(`CREATE DATABASE ${name}`);
  return {
    name,
    connectionString: `Host=${pg.host};Port=${pg.port};Username=${pg.user};Password=${pg.password ?? ''};Database=${name}`,
    drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

// --- The server process ------------------------------------------------------------------------------

/**
 * The server on `connectionString` with the suite's own settings `env`, its commands' and its own
 * output appended to `logFile`. `pidFile` (optional) holds the serving process's pid while it
 * runs, for test.sh to clean up should this process die without its exit handlers.
 */
export class Server {
  constructor({ connectionString, logFile, pidFile, env = {} }) {
    Object.assign(this, { connectionString, logFile, pidFile, extraEnv: env });
    this.child = null;
    this.baseUrl = null;
    this.grpcAddress = null;
    process.on('exit', () => this.kill('SIGKILL')); // last resort, e.g. an uncaught error
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
      process.once(signal, () => { this.kill('SIGKILL'); process.exit(code); });
    }
  }

  env(extra = {}) {
    return {
      ...process.env,
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
      Database__Provider: 'PostgreSql',
      ConnectionStrings__FriendlyGov: this.connectionString,
      ...this.extraEnv,
      ...extra,
    };
  }

  /** Runs a server command (seed-demo, clients add, users add ...) to completion; resolves its stdout. */
  command(args, timeoutMs) {
    return new Promise((resolve, reject) => {
      // Ports 0: should a command serve after all (one this build does not know is taken for
      // configuration), it must not take the default ports of a server running beside.
      const env = this.env({ Kestrel__Endpoints__Web__Url: 'http://127.0.0.1:0', Kestrel__Endpoints__Grpc__Url: 'http://127.0.0.1:0' });
      const child = spawn('dotnet', [SERVER_DLL, ...args], { cwd: path.dirname(SERVER_DLL), env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (b) => { out += b; });
      child.stderr.on('data', (b) => { err += b; });
      const timer = setTimeout(() => { child.kill('SIGKILL'); }, timeoutMs);
      child.on('error', (e) => { clearTimeout(timer); reject(e); });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        // The log gets the command line and its output, but not a password it printed.
        fs.appendFileSync(this.logFile, `\n=== dotnet FriendlyGov.Server.dll ${args.join(' ')} -> ${code ?? signal}\n${(out + err).replace(/(Password \(shown once\): )\S+/g, '$1***')}`);
        if (code === 0) resolve(out);
        else reject(new Error(`dotnet FriendlyGov.Server.dll ${args.join(' ')} exited with ${code ?? signal}:\n${(out + err).slice(-4000)}`));
      });
    });
  }

  /** Starts serving on free loopback ports and waits until /healthz answers 200. */
  async start() {
    const webPort = await freePort();
    const grpcPort = await freePort();
    const out = fs.openSync(this.logFile, 'a');
    fs.writeSync(out, '\n=== dotnet FriendlyGov.Server.dll (serve)\n');
    // Own process group (detached), so that it and any children are killed together.
    const child = spawn('dotnet', [SERVER_DLL], {
      cwd: path.dirname(SERVER_DLL),
      detached: true,
      stdio: ['ignore', out, out],
      env: this.env({
        Kestrel__Endpoints__Web__Url: `http://127.0.0.1:${webPort}`,
        Kestrel__Endpoints__Grpc__Url: `http://127.0.0.1:${grpcPort}`,
        Kestrel__Endpoints__Grpc__Protocols: 'Http2',
      }),
    });
    fs.closeSync(out);
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
    if (this.pidFile) fs.writeFileSync(this.pidFile, `${child.pid}\n`);

    const base = `http://127.0.0.1:${webPort}`;
    const until = Date.now() + 90_000;
    let last = '';
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was healthy; see ${this.logFile}`);
      try {
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
        last = `${res.status} ${await res.text()}`;
        if (res.status === 200) break;
      } catch (e) {
        last = String(e.cause ?? e);
      }
      if (Date.now() > until) throw new Error(`the server was not healthy within 90 s (last /healthz: ${last}); see ${this.logFile}`);
      await sleep(250);
    }
    this.baseUrl = base;
    this.grpcAddress = `127.0.0.1:${grpcPort}`;
  }

  kill(signal = 'SIGKILL') {
    const { child } = this;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
    try { child.kill(signal); } catch { /* already gone */ }
  }

  async stop() {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.kill('SIGTERM');
      const stopped = await Promise.race([this.exited, sleep(10_000).then(() => 'timeout')]);
      if (stopped === 'timeout') {
        this.kill('SIGKILL');
        await Promise.race([this.exited, sleep(5_000)]);
      }
    }
    if (this.pidFile) fs.rmSync(this.pidFile, { force: true });
  }
}
