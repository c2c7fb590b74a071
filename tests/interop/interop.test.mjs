// Interop test: a client that is not .NET and has only protos/ and a client key syncs, pages,
// follows changes and resumes against the real FriendlyGov server process on PostgreSQL.
//
//   FRIENDLYGOV_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres;Password=unused;Database=postgres' \
//     node --test          # in tests/interop, after `npm ci`; ./test.sh does both
//
// Environment:
//   FRIENDLYGOV_TEST_POSTGRES  admin connection string (required); a database fg_interop_<random>
//                              is created on that server for the run and dropped at the end
//   FRIENDLYGOV_SERVER_DLL     the server to run (default: the Release build of src/FriendlyGov.Server)
//   PSQL                       psql to create and drop the database with (default: psql on PATH,
//                              else the newest /usr/lib/postgresql/*/bin/psql)
//   FRIENDLYGOV_INTEROP_PIDFILE  where to write the server's pid while it runs (test.sh uses it to
//                              clean up should this process die without its exit handlers)
//
// Everything the client knows about the service comes from the .proto files in protos/, loaded
// at run time with @grpc/proto-loader; no code is generated and nothing of the .NET side is used.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

import { ROOT, Server, assertServerBuilt, createDatabase, sleep, tmpLogFile } from '../node-harness/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROTOS = path.join(ROOT, 'protos');

// --- The contract, from protos/ only -----------------------------------------------------------

const protoFiles = fs.readdirSync(path.join(PROTOS, 'friendlygov', 'v1'))
  .filter((f) => f.endsWith('.proto'))
  .map((f) => `friendlygov/v1/${f}`);
const packageDefinition = protoLoader.loadSync(protoFiles, {
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs: [PROTOS],
});
const v1 = grpc.loadPackageDefinition(packageDefinition).friendlygov.v1;

const rpcRoot = new protobuf.Root().loadSync(path.join(HERE, 'google_rpc_status.proto'), { keepCase: true });
const RpcStatus = rpcRoot.lookupType('google.rpc.Status');
const BadRequest = rpcRoot.lookupType('google.rpc.BadRequest');

// --- Test data -----------------------------------------------------------------------------------

// The demo data ends on 2026-11-20, so unit 16999 (Hoằng Phú, from 2025-07-01) has no dossier
// from 2026-11-21 on: the run's dossiers, received on five days from then, are the only ones of
// that unit in the window (checked before writing). Agency part 000.77 and source system INTEROP
// never occur in the demo data.
const UNIT = '16999';
const OLD_COMMUNE = '15958';
const AGENCY = `000.77.${UNIT}.H56`;
const SOURCE_SYSTEM = 'INTEROP';
const VERSION = 10;
const DAYS = 5;
const PER_DAY = 2000;
const TOTAL = DAYS * PER_DAY;
const BATCH = 1000;
const DAY0_UTC = Date.UTC(2026, 10, 21); // 2026-11-21T00:00:00Z = 07:00 in Vietnam
const WINDOW = { start: DAY0_UTC - 7 * 3600e3, end: DAY0_UTC + DAYS * 86400e3 - 7 * 3600e3 }; // Vietnam days
const HOUR = 3600e3;

const ts = (ms) => ({ seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 });
const tsMs = (t) => (t ? Number(t.seconds) * 1000 + Math.round(t.nanos / 1e6) : null);
const yymmdd = (ms) => new Date(ms + 7 * HOUR).toISOString().slice(2, 10).replaceAll('-', '');

/** The i-th dossier of the run (0 <= i < TOTAL), at source version `version`. */
function dossier(i, version = VERSION) {
  const day = Math.floor(i / PER_DAY);
  const j = i % PER_DAY;
  const received = DAY0_UTC + day * 86400e3 + HOUR + j * 15e3; // 08:00 .. 16:20 Vietnam time
  const d = {
    code: `${AGENCY}-${yymmdd(received)}-${String(j + 1).padStart(6, '0')}`,
    unit_code: UNIT,
    received_time: ts(received),
    due_time: ts(received + 24 * HOUR),
    inter_agency: j % 10 === 0,
    digitised: i % 3 === 0,
    source_system: SOURCE_SYSTEM,
    source_version: String(version),
  };
  switch (j % 4) {
    case 0: // birth registration on the portal, fully online, just received
      Object.assign(d, { procedure_code: '1.001193', channel: 'DOSSIER_CHANNEL_ONLINE', online_level: 'ONLINE_LEVEL_FULLY_ONLINE', status: 'DOSSIER_STATUS_RECEIVED', paid_online: true });
      break;
    case 1: // at the counter, being handled
      Object.assign(d, { procedure_code: '1.001193', channel: 'DOSSIER_CHANNEL_COUNTER', online_level: 'ONLINE_LEVEL_NOT_ONLINE', status: 'DOSSIER_STATUS_IN_PROGRESS' });
      break;
    case 2: // partly online, finished
      Object.assign(d, { procedure_code: '2.000815', channel: 'DOSSIER_CHANNEL_ONLINE', online_level: 'ONLINE_LEVEL_PARTLY_ONLINE', status: 'DOSSIER_STATUS_FINISHED', finished_time: ts(received + HOUR), result_published: true });
      break;
    default: // by post, result returned
      Object.assign(d, { procedure_code: '2.000815', channel: 'DOSSIER_CHANNEL_PUBLIC_POSTAL', online_level: 'ONLINE_LEVEL_NOT_ONLINE', status: 'DOSSIER_STATUS_RETURNED', finished_time: ts(received + HOUR), returned_time: ts(received + 2 * HOUR), result_published: true, result_issued_electronically: true });
  }
  if (i < 5) {
    d.applicant = { name: `Nguyễn Văn Interop ${i}`, id_number: `03809000${String(1000 + i)}`, phone: `091234${String(5670 + i)}` };
  }
  return d;
}

const allDossiers = Array.from({ length: TOTAL }, (_, i) => dossier(i));
const myCodes = new Set(allDossiers.map((d) => d.code));
const batches = Array.from({ length: TOTAL / BATCH }, (_, b) => allDossiers.slice(b * BATCH, (b + 1) * BATCH));
// Sent newest first, as a source system catching up on recent changes might: the order of
// writing is then not the order of received times, which ListDossiers must follow.
const sentBatches = [...batches].reverse();
assert.equal(myCodes.size, TOTAL, 'the generator makes distinct codes');

// --- Helpers -------------------------------------------------------------------------------------

const keys = {}; // client name -> key
let clients; // per-service stubs
const deadline = (ms = 20_000) => new Date(Date.now() + ms);

function md(key) {
  const m = new grpc.Metadata();
  if (key) m.set('authorization', `Bearer ${key}`);
  return m;
}

/** A unary call as a promise; rejects with the grpc-js error (code, details, metadata = trailers). */
function unary(service, method, request, key = keys.interop, timeoutMs = 20_000) {
  return new Promise((resolve, reject) => {
    clients[service][method](request, md(key), { deadline: deadline(timeoutMs) }, (err, response) => (err ? reject(err) : resolve(response)));
  });
}

async function expectCode(promise, code, what) {
  try {
    const response = await promise;
    assert.fail(`${what}: expected ${grpc.status[code]} (${code}), got OK: ${JSON.stringify(response).slice(0, 500)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    assert.equal(err.code, code, `${what}: expected ${grpc.status[code]} (${code}), got ${grpc.status[err.code]} (${err.code}): ${err.details}`);
    return err;
  }
}

/**
 * Reads WatchChanges. Stops (and cancels the call) after `limit` changes; otherwise reads until
 * the server ends the stream. Resolves { changes, heartbeats, cancelled }.
 */
function readFeed(request, { limit = Infinity, key = keys.interop, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const changes = [];
    const heartbeats = [];
    const events = [];
    let settled = false;
    const call = clients.feed.WatchChanges(request, md(key), { deadline: deadline(timeoutMs) });
    call.on('data', (message) => {
      if (settled) return; // after cancel(): anything still buffered is not processed
      events.push(message.event);
      if (message.event === 'change') {
        changes.push(message.change);
        if (changes.length >= limit) {
          settled = true;
          call.cancel();
          resolve({ changes, heartbeats, events, cancelled: true });
        }
      } else if (message.event === 'heartbeat') {
        heartbeats.push(message.heartbeat);
      } else {
        settled = true;
        call.cancel();
        reject(new Error(`WatchChanges sent a message with no event: ${JSON.stringify(message)}`));
      }
    });
    call.on('error', (err) => {
      if (settled) return; // our own cancel()
      settled = true;
      reject(err);
    });
    call.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ changes, heartbeats, events, cancelled: false });
    });
  });
}

const codesOf = (changes) => changes.map((c) => c.dossier.code);

// --- Setup and teardown --------------------------------------------------------------------------

let db;
let server;
let logFile;
const timings = {};

async function addClient(name, unit, scopes) {
  const out = await server.command(['clients', 'add', '--name', name, '--unit', unit, '--scopes', scopes], 60_000);
  const m = out.match(/^key: (fgk_\S+)\s*$/m);
  assert.ok(m, `clients add ${name}: no "key: fgk_..." line in:\n${out}`);
  keys[name] = m[1];
}

before(async () => {
  assertServerBuilt();
  db = createDatabase('fg_interop');
  logFile = tmpLogFile(db.name, 'interop');
  server = new Server({ connectionString: db.connectionString, logFile, pidFile: process.env.FRIENDLYGOV_INTEROP_PIDFILE });

  let t0 = Date.now();
  await server.command(['seed-demo'], 180_000);
  timings.seedDemo = Date.now() - t0;

  t0 = Date.now();
  await Promise.all([
    addClient('interop', '38', 'all'),
    addClient('masked', '38', 'dossiers:read,dossiers:write,surveys:read'),
    addClient('commune', OLD_COMMUNE, 'all'),
  ]);
  timings.clients = Date.now() - t0;

  t0 = Date.now();
  await server.start();
  timings.serverStart = Date.now() - t0;
  const options = { 'grpc.max_receive_message_length': 64 * 1024 * 1024 };
  const creds = grpc.credentials.createInsecure();
  clients = {
    dossiers: new v1.DossierService(server.grpcAddress, creds, options),
    feed: new v1.ChangeFeedService(server.grpcAddress, creds, options),
    reference: new v1.ReferenceService(server.grpcAddress, creds, options),
  };
}, { timeout: 300_000 });

after(async () => {
  if (clients) for (const c of Object.values(clients)) c.close();
  await server?.stop();
  if (db) {
    try { db.drop(); } catch (e) { console.error(String(e)); }
  }
  const s = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
  console.log(`interop summary: seed-demo ${s(timings.seedDemo)}, 3 clients ${s(timings.clients)}, server start ${s(timings.serverStart)}, `
    + `SyncDossiers ${TOTAL} rows in ${s(timings.sync)}${timings.sync ? ` (${Math.round(TOTAL / (timings.sync / 1000))} rows/s)` : ''}, `
    + `ListDossiers ${s(timings.list)}, full change feed read ${s(timings.feed)}${timings.feedCount ? ` (${timings.feedCount} changes)` : ''}; server log ${logFile}`);
});

// --- The tests (run in order; each builds on the previous ones) -----------------------------------

test('0. reference data: the units and procedures the run writes against exist, and its window is empty', { timeout: 30_000 }, async () => {
  const units = [];
  let pageToken = '';
  do {
    const page = await unary('reference', 'ListUnits', { unit_code: '38', include_expired: true, page_size: 1000, page_token: pageToken });
    units.push(...page.units);
    pageToken = page.next_page_token;
  } while (pageToken);
  const hoangPhu = units.find((u) => u.code === UNIT);
  assert.ok(hoangPhu, `unit ${UNIT} is listed under 38`);
  assert.deepEqual(hoangPhu.valid_from, { year: 2025, month: 7, day: 1 });
  const hoangKim = units.find((u) => u.code === OLD_COMMUNE);
  assert.ok(hoangKim, `unit ${OLD_COMMUNE} is listed with include_expired`);
  assert.deepEqual(hoangKim.valid_to, { year: 2025, month: 7, day: 1 });
  assert.ok(hoangKim.successor_codes.includes(UNIT), `${OLD_COMMUNE} was merged into ${UNIT}: ${hoangKim.successor_codes}`);

  const procedures = new Map();
  pageToken = '';
  do {
    const page = await unary('reference', 'ListProcedures', { page_size: 1000, page_token: pageToken });
    for (const p of page.procedures) procedures.set(p.code, p);
    pageToken = page.next_page_token;
  } while (pageToken);
  assert.equal(procedures.get('1.001193')?.online_capability, 'ONLINE_CAPABILITY_FULLY_ONLINE');
  assert.equal(procedures.get('2.000815')?.online_capability, 'ONLINE_CAPABILITY_PARTLY_ONLINE');

  const before = await unary('dossiers', 'ListDossiers', { unit_code: UNIT, received_time_range: { start_time: ts(WINDOW.start), end_time: ts(WINDOW.end) }, page_size: 10 });
  assert.deepEqual(before.dossiers.map((d) => d.code), [], 'no dossier of the demo data is in the run\'s window');
});

test('a. SyncDossiers: 10,000 dossiers in 10 client-streamed batches of 1000 are all applied', { timeout: 120_000 }, async (t) => {
  const t0 = Date.now();
  const response = await new Promise((resolve, reject) => {
    const call = clients.dossiers.SyncDossiers(md(keys.interop), { deadline: deadline(110_000) }, (err, res) => (err ? reject(err) : resolve(res)));
    (async () => {
      for (const records of sentBatches) {
        if (!call.write({ records })) await new Promise((r) => call.once('drain', r));
      }
      call.end();
    })().catch(reject);
  });
  timings.sync = Date.now() - t0;
  t.diagnostic(`SyncDossiers: ${TOTAL} rows in ${(timings.sync / 1000).toFixed(1)} s = ${Math.round(TOTAL / (timings.sync / 1000))} rows/s (informational)`);

  assert.deepEqual(response.totals, { applied_count: String(TOTAL), unchanged_count: '0', skipped_stale_count: '0', rejected_count: '0' });
  assert.equal(response.batch_count, TOTAL / BATCH);
  assert.deepEqual(response.results, [], 'only SKIPPED_STALE and REJECTED records are reported');
  assert.equal(response.results_truncated, false);
});

let listedOrder = []; // every dossier test b listed, in list order

test('b. ListDossiers: pages of 500 hold exactly the 10,000 dossiers once each; a token with other filters is INVALID_ARGUMENT', { timeout: 90_000 }, async () => {
  const filters = { unit_code: UNIT, received_time_range: { start_time: ts(WINDOW.start), end_time: ts(WINDOW.end) } };
  const seen = new Map();
  const tokens = [];
  let pageToken = '';
  let pages = 0;
  const t0 = Date.now();
  do {
    const page = await unary('dossiers', 'ListDossiers', { ...filters, page_size: 500, page_token: pageToken });
    pages += 1;
    assert.ok(page.dossiers.length <= 500, `page ${pages} holds ${page.dossiers.length} > 500 dossiers`);
    for (const d of page.dossiers) {
      assert.ok(!seen.has(d.code), `${d.code} is listed twice (page ${pages})`);
      seen.set(d.code, d);
      listedOrder.push(d);
    }
    pageToken = page.next_page_token;
    if (pageToken) tokens.push(pageToken);
    assert.ok(pages <= 25, 'paging does not end');
  } while (pageToken);
  timings.list = Date.now() - t0;

  assert.equal(seen.size, TOTAL);
  assert.deepEqual([...seen.keys()].filter((c) => !myCodes.has(c)), [], 'only the run\'s dossiers are in the window');
  assert.equal(pages, TOTAL / 500);

  // The stored records read back as written.
  for (const i of [0, 1, 2, 3, 4, 1999, 2000, 7777, TOTAL - 1]) {
    const sent = allDossiers[i];
    const got = seen.get(sent.code);
    for (const field of ['unit_code', 'procedure_code', 'channel', 'online_level', 'status', 'source_system', 'source_version', 'inter_agency', 'digitised', 'result_published', 'paid_online']) {
      assert.deepEqual(got[field], sent[field] ?? (typeof got[field] === 'boolean' ? false : got[field]), `${sent.code}.${field}`);
    }
    for (const field of ['received_time', 'due_time', 'finished_time', 'returned_time']) {
      assert.equal(tsMs(got[field]), tsMs(sent[field]), `${sent.code}.${field}`);
    }
  }

  const err = await expectCode(
    unary('dossiers', 'ListDossiers', { ...filters, procedure_code: '1.001193', page_size: 500, page_token: tokens[0] }),
    grpc.status.INVALID_ARGUMENT, 'ListDossiers with a page_token of other filters');
  const violations = badRequestOf(err).field_violations.map((v) => v.field);
  assert.ok(violations.includes('page_token'), `the violation names page_token: ${violations}`);
  await expectCode(
    unary('dossiers', 'ListDossiers', { unit_code: UNIT, page_size: 500, page_token: tokens[0] }),
    grpc.status.INVALID_ARGUMENT, 'ListDossiers with a page_token and the time range left out');
});

test('b2. ListDossiers lists oldest received first (then by code), whatever the order of writing', { timeout: 10_000 }, () => {
  assert.equal(listedOrder.length, TOTAL, 'test b listed every dossier');
  const key = (d) => [tsMs(d.received_time), d.code];
  const firstOutOfOrder = listedOrder.findIndex((d, i) => {
    if (i === 0) return false;
    const [pt, pc] = key(listedOrder[i - 1]);
    const [t, c] = key(d);
    return t < pt || (t === pt && c < pc);
  });
  assert.equal(firstOutOfOrder, -1, firstOutOfOrder < 0 ? '' : `position ${firstOutOfOrder}: ${listedOrder[firstOutOfOrder].code} `
    + `(received ${new Date(tsMs(listedOrder[firstOutOfOrder].received_time)).toISOString()}) is listed after ${listedOrder[firstOutOfOrder - 1].code} `
    + `(received ${new Date(tsMs(listedOrder[firstOutOfOrder - 1].received_time)).toISOString()}); the batches were written newest day first`);
});

let firstRead; // { changes, heartbeats } of the full read of test c
let caughtUpToken;

test('c. WatchChanges: a full read, then disconnect (cancel) and resume, has no gap and no duplicate', { timeout: 120_000 }, async (t) => {
  const request = { resume_token: '', record_types: ['RECORD_TYPE_DOSSIER'], follow: false };
  let t0 = Date.now();
  firstRead = await readFeed(request);
  timings.feed = Date.now() - t0;
  timings.feedCount = firstRead.changes.length;
  const { changes, heartbeats, events } = firstRead;
  t.diagnostic(`full change feed read: ${changes.length} changes in ${(timings.feed / 1000).toFixed(1)} s`);

  assert.equal(heartbeats.length, 1, 'one heartbeat in a non-follow read');
  assert.equal(events.at(-1), 'heartbeat', 'the heartbeat comes last');
  assert.equal(heartbeats[0].caught_up, true);
  assert.ok(heartbeats[0].resume_token.length > 0);
  caughtUpToken = heartbeats[0].resume_token;

  for (const c of changes) {
    assert.equal(c.record, 'dossier', 'only dossiers were asked for');
    assert.equal(c.change_type, 'CHANGE_TYPE_UPSERTED');
    assert.ok(c.resume_token.length > 0 && c.resume_token.length <= 256);
  }
  const codes = codesOf(changes);
  assert.equal(new Set(codes).size, codes.length, 'each record is sent once');
  assert.equal(new Set(changes.map((c) => c.resume_token)).size, changes.length, 'each change has its own position');
  const mine = codes.filter((c) => myCodes.has(c));
  assert.equal(mine.length, TOTAL, 'every dossier of the run is in the feed');
  assert.ok(codes.length > TOTAL, 'and the demo dossiers too');
  // The run's dossiers were committed after the demo data, in batch order.
  const firstMine = codes.findIndex((c) => myCodes.has(c));
  assert.equal(codes.length - firstMine, TOTAL, 'the run\'s dossiers are the last changes');
  assert.deepEqual(codes.slice(firstMine, firstMine + BATCH).sort(), sentBatches[0].map((d) => d.code).sort(), 'the first batch sent is committed first');
  assert.deepEqual(codes.slice(-BATCH).sort(), sentBatches.at(-1).map((d) => d.code).sort(), 'the last batch sent is committed last');

  // Tokens are opaque: their order is checked by what resuming from them sends. Resuming after
  // change k sends change k+1 first; after the last change, nothing but the caught-up heartbeat.
  const n = changes.length;
  for (const k of [0, 999, 3999, Math.floor(n / 2), firstMine - 1, firstMine, n - 2]) {
    const next = await readFeed({ ...request, resume_token: changes[k].resume_token }, { limit: 1 });
    assert.equal(next.changes[0]?.dossier.code, codes[k + 1], `resuming after change ${k} sends change ${k + 1} first`);
  }
  const atEnd = await readFeed({ ...request, resume_token: changes[n - 1].resume_token });
  assert.equal(atEnd.changes.length, 0, 'nothing after the last change');
  assert.equal(atEnd.heartbeats.at(-1)?.caught_up, true);
  const fromHeartbeat = await readFeed({ ...request, resume_token: caughtUpToken });
  assert.equal(fromHeartbeat.changes.length, 0, 'nothing after the caught-up heartbeat');

  // Disconnect and resume: from the 4,000th change, take 1,000 changes and cancel the call; then
  // resume from the last change processed until caught up.
  const start = 3999;
  t0 = Date.now();
  const part1 = await readFeed({ ...request, resume_token: changes[start].resume_token }, { limit: 1000 });
  assert.equal(part1.cancelled, true);
  assert.equal(part1.changes.length, 1000);
  const lastProcessed = part1.changes.at(-1).resume_token;
  const part2 = await readFeed({ ...request, resume_token: lastProcessed });
  assert.equal(part2.heartbeats.at(-1)?.caught_up, true);
  const union = [...codesOf(part1.changes), ...codesOf(part2.changes)];
  const expected = codes.slice(start + 1);
  assert.equal(new Set(union).size, union.length, 'no duplicate across the disconnect');
  assert.equal(union.length, expected.length, `no gap: ${union.length} changes after resuming, ${expected.length} in the full read`);
  assert.deepEqual(union, expected, 'the resumed reads send the full read\'s changes, in the same order');
  t.diagnostic(`cancel after 1000 + resume: ${union.length} changes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});

let afterFollowToken;

test('d. WatchChanges follow=true: new versions of 3 dossiers arrive as exactly 3 changes', { timeout: 60_000 }, async () => {
  assert.ok(caughtUpToken, 'test c ran');
  const picked = [7001, 7002, 7500].map((i) => dossier(i, VERSION + 1));
  for (const d of picked) d.digitised = !d.digitised; // new content with the new version

  const changes = [];
  const heartbeats = [];
  let onMessage = () => {};
  let streamError = null;
  let cancelled = false;
  const call = clients.feed.WatchChanges(
    { resume_token: caughtUpToken, record_types: ['RECORD_TYPE_DOSSIER'], follow: true, heartbeat_interval: { seconds: '5', nanos: 0 } },
    md(keys.interop), { deadline: deadline(55_000) });
  call.on('data', (message) => {
    if (message.event === 'change') changes.push(message.change);
    else heartbeats.push(message.heartbeat);
    onMessage();
  });
  call.on('error', (err) => { if (!cancelled) streamError = err; onMessage(); });
  call.on('end', () => { onMessage(); });
  const waitFor = async (condition, ms, what) => {
    const until = Date.now() + ms;
    while (!condition()) {
      if (streamError) throw streamError;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => { onMessage = r; setTimeout(r, 100); });
    }
  };
  try {
    // The follow stream says it has caught up before it waits for new commits.
    await waitFor(() => heartbeats.some((h) => h.caught_up), 15_000, 'the caught-up heartbeat');
    assert.equal(changes.length, 0, 'nothing changed after the caught-up token');

    const upsert = await unary('dossiers', 'UpsertDossiers', { records: picked });
    assert.deepEqual(upsert.results.map((r) => r.outcome), ['UPSERT_OUTCOME_APPLIED', 'UPSERT_OUTCOME_APPLIED', 'UPSERT_OUTCOME_APPLIED']);

    await waitFor(() => changes.length >= 3, 15_000, '3 changes');
    await sleep(1500); // anything more would show up by now (the feed polls every fraction of a second)
    if (streamError) throw streamError;
    assert.equal(changes.length, 3, `exactly 3 changes: ${codesOf(changes)}`);
    assert.deepEqual(codesOf(changes).sort(), picked.map((d) => d.code).sort());
    for (const c of changes) {
      assert.equal(c.dossier.source_version, String(VERSION + 1));
      const sent = picked.find((d) => d.code === c.dossier.code);
      assert.equal(c.dossier.digitised, sent.digitised, 'the change carries the new version');
    }
    afterFollowToken = changes.at(-1).resume_token;
  } finally {
    cancelled = true;
    call.cancel();
  }
});

test('e. idempotency: a batch sent again is UNCHANGED; with a smaller source_version it is SKIPPED_STALE', { timeout: 60_000 }, async () => {
  const batch = batches[0]; // holds the dossiers with an applicant
  const again = await unary('dossiers', 'UpsertDossiers', { records: batch }, keys.interop, 40_000);
  assert.equal(again.results.length, batch.length);
  again.results.forEach((r, i) => {
    assert.equal(r.index, i);
    assert.equal(r.code, batch[i].code);
    assert.equal(r.outcome, 'UPSERT_OUTCOME_UNCHANGED', `${r.code}: ${r.outcome} ${r.reason}`);
    assert.equal(r.stored_source_version, String(VERSION));
  });
  assert.deepEqual(again.totals, { applied_count: '0', unchanged_count: String(batch.length), skipped_stale_count: '0', rejected_count: '0' });

  const older = batch.map((d) => ({ ...d, source_version: String(VERSION - 1) }));
  const stale = await unary('dossiers', 'UpsertDossiers', { records: older }, keys.interop, 40_000);
  stale.results.forEach((r, i) => {
    assert.equal(r.index, i);
    assert.equal(r.outcome, 'UPSERT_OUTCOME_SKIPPED_STALE', `${r.code}: ${r.outcome}`);
    assert.ok(r.reason.length > 0, `${r.code}: SKIPPED_STALE has a reason`);
    assert.equal(r.stored_source_version, String(VERSION));
  });
  assert.deepEqual(stale.totals, { applied_count: '0', unchanged_count: '0', skipped_stale_count: String(batch.length), rejected_count: '0' });

  // Neither wrote anything: the change feed has nothing new, and the stored version is kept.
  assert.ok(afterFollowToken, 'test d ran');
  const since = await readFeed({ resume_token: afterFollowToken, record_types: ['RECORD_TYPE_DOSSIER'], follow: false });
  assert.deepEqual(codesOf(since.changes), [], 'UNCHANGED and SKIPPED_STALE records do not show in the change feed');
  const got = await unary('dossiers', 'GetDossier', { code: batch[0].code });
  assert.equal(got.dossier.source_version, String(VERSION));
});

function statusDetailsOf(err) {
  const raw = err.metadata?.get('grpc-status-details-bin');
  assert.ok(raw && raw.length === 1, `the error carries a grpc-status-details-bin trailer (${err.code} ${err.details})`);
  return RpcStatus.toObject(RpcStatus.decode(raw[0]), { defaults: true });
}

function badRequestOf(err) {
  const status = statusDetailsOf(err);
  assert.equal(status.code, grpc.status.INVALID_ARGUMENT, 'google.rpc.Status.code');
  const any = status.details.find((d) => d.type_url === 'type.googleapis.com/google.rpc.BadRequest');
  assert.ok(any, `a google.rpc.BadRequest among the details: ${status.details.map((d) => d.type_url)}`);
  return BadRequest.toObject(BadRequest.decode(any.value), { defaults: true });
}

test('f. a batch with broken records is INVALID_ARGUMENT with a BadRequest naming each field, and writes nothing', { timeout: 30_000 }, async () => {
  const received = DAY0_UTC + 4 * 86400e3 + 2 * HOUR;
  const good = { ...dossier(0), applicant: undefined, code: `${AGENCY}-${yymmdd(received)}-900001`, received_time: ts(received), due_time: ts(received + 24 * HOUR) };
  delete good.applicant;
  const lateDue = { ...good, code: `${AGENCY}-${yymmdd(received)}-900002`, due_time: ts(received - HOUR) };
  const unknownUnit = { ...good, code: `${AGENCY}-${yymmdd(received)}-900003`, unit_code: '99999999' };

  const err = await expectCode(unary('dossiers', 'UpsertDossiers', { records: [good, lateDue, unknownUnit] }), grpc.status.INVALID_ARGUMENT, 'UpsertDossiers of a broken batch');
  const badRequest = badRequestOf(err);
  const fields = badRequest.field_violations.map((v) => v.field);
  assert.ok(fields.includes('records[1].due_time'), `records[1].due_time among ${fields}`);
  assert.ok(fields.includes('records[2].unit_code'), `records[2].unit_code among ${fields}`);
  assert.deepEqual(fields.filter((f) => f.startsWith('records[0]')), [], 'the valid record has no violation');
  for (const v of badRequest.field_violations) assert.ok(v.description.length > 0, `${v.field} has a description`);

  await expectCode(unary('dossiers', 'GetDossier', { code: good.code }), grpc.status.NOT_FOUND, 'GetDossier of the valid record of the refused batch');
});

test('g. auth: no key, a commune client outside the unit, and a client without the personal-data scope', { timeout: 30_000 }, async () => {
  const code = allDossiers[0].code; // has an applicant
  await expectCode(unary('dossiers', 'GetDossier', { code }, null), grpc.status.UNAUTHENTICATED, 'GetDossier with no key');
  await expectCode(unary('dossiers', 'ListDossiers', { unit_code: UNIT }, null), grpc.status.UNAUTHENTICATED, 'ListDossiers with no key');
  await expectCode(unary('dossiers', 'GetDossier', { code }, 'fgk_not-a-key'), grpc.status.UNAUTHENTICATED, 'GetDossier with an unknown key');

  // Hoằng Kim's client (unit 15958) sees nothing of Hoằng Phú (16999), its successor beside it.
  await expectCode(unary('dossiers', 'GetDossier', { code }, keys.commune), grpc.status.NOT_FOUND, 'GetDossier by the commune client of a 16999 dossier');
  await expectCode(unary('dossiers', 'ListDossiers', { unit_code: UNIT, page_size: 10 }, keys.commune), grpc.status.PERMISSION_DENIED, 'ListDossiers by the commune client with unit_code 16999');

  // With the personal-data scope, the applicant as written; without it, masked.
  const sent = allDossiers[0].applicant;
  const full = await unary('dossiers', 'GetDossier', { code });
  assert.deepEqual(full.dossier.applicant, { ...sent, masked: false });
  const masked = await unary('dossiers', 'GetDossier', { code }, keys.masked);
  const a = masked.dossier.applicant;
  assert.equal(a.masked, true, 'applicant.masked');
  assert.notEqual(a.name, sent.name);
  assert.notEqual(a.id_number, sent.id_number);
  assert.notEqual(a.phone, sent.phone);
  assert.ok(!a.id_number.includes(sent.id_number.slice(0, 9)), `the id number is hidden: ${a.id_number}`);
  assert.equal(masked.dossier.code, code, 'the rest of the dossier is there');
  // Listed too: the five dossiers with an applicant are the first five received.
  const range = { start_time: allDossiers[0].received_time, end_time: allDossiers[5].received_time };
  const listed = await unary('dossiers', 'ListDossiers', { unit_code: UNIT, received_time_range: range, page_size: 100 }, keys.masked);
  assert.deepEqual(listed.dossiers.map((d) => d.code).sort(), allDossiers.slice(0, 5).map((d) => d.code).sort());
  for (const d of listed.dossiers) assert.equal(d.applicant?.masked, true, `${d.code} is listed with its applicant masked`);
});

test('h. the worst bad input gets an INVALID_ARGUMENT grpc-js can read, and the connection goes on', { timeout: 60_000 }, async () => {
  const received = DAY0_UTC + 4 * 86400e3 + 3 * HOUR;
  const good = { ...dossier(0), code: `${AGENCY}-${yymmdd(received)}-900101`, received_time: ts(received), due_time: ts(received + 24 * HOUR) };
  delete good.applicant;

  // 1000 records, each breaking several rules: the status lists the first violations and counts them all.
  const records = Array.from({ length: 1000 }, (_, i) => ({
    ...good,
    code: `${AGENCY}-٢٦١١٢٥-${String(i).padStart(6, '0')}\n`,
    procedure_code: '1.0011930',
    status: 'DOSSIER_STATUS_UNSPECIFIED',
    source_system: `${SOURCE_SYSTEM}\u0000`,
    due_time: { seconds: '9223372036854775807', nanos: 0 },
  }));
  const many = await expectCode(unary('dossiers', 'UpsertDossiers', { records }), grpc.status.INVALID_ARGUMENT, 'UpsertDossiers of 1000 bad records');
  const listed = badRequestOf(many).field_violations;
  assert.ok(listed.length >= 30 && listed.length <= 100, `${listed.length} violations listed`);
  assert.match(many.details, /^1000 of 1000 records break (\d+) rules; nothing was written\. The first \d+ of \1 violations are listed\.$/);

  // One record with 2000 supplement requests.
  const supplements = Array.from({ length: 2000 }, (_, i) => ({ requested_time: ts(received + (i + 1) * 60e3), resumed_time: ts(received + (i + 1) * 60e3 + 30e3) }));
  const long = await expectCode(unary('dossiers', 'UpsertDossiers', { records: [{ ...good, supplements }] }), grpc.status.INVALID_ARGUMENT, 'UpsertDossiers of 2000 supplement requests');
  assert.deepEqual(badRequestOf(long).field_violations.map((v) => v.field), ['records[0].supplements']);

  // Bytes that are no UpsertDossiersRequest: field 1 says 5 bytes follow, 1 does.
  const raw = new grpc.Client(server.grpcAddress, grpc.credentials.createInsecure());
  try {
    const garbage = await new Promise((resolve) => {
      raw.makeUnaryRequest('/friendlygov.v1.DossierService/UpsertDossiers', (b) => b, (b) => b, Buffer.from([0x0a, 0x05, 0x01]),
        md(keys.interop), { deadline: deadline() }, (err) => resolve(err));
    });
    assert.equal(garbage?.code, grpc.status.INVALID_ARGUMENT, `unparsable bytes: ${garbage?.code} ${garbage?.details}`);
    assert.match(garbage.details, /^The request message cannot be parsed as friendlygov\.v1\.UpsertDossiersRequest: /);
  } finally {
    raw.close();
  }

  await expectCode(unary('dossiers', 'GetDossier', { code: good.code }), grpc.status.NOT_FOUND, 'GetDossier after the refused calls, on the same connection');
});
