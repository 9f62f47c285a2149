/**
 * npm run bench:postgres — the reference server on its two stores, in one run
 * on one machine: (1) a SQLite file database, one process; (2) PostgreSQL
 * (a throwaway cluster with fsync on, the default durability), one process;
 * (3) the same cluster, two processes behind a round-robin TCP balancer. Each
 * starts on a fresh database with the demo fixtures. For each:
 * GET /contacts?limit=10 at 10 connections, alternating in rounds with a bare
 * node:http server that sends the same bytes (their ratio), and POST /contacts
 * with a fresh Idempotency-Key per request at 32 connections. Besides
 * throughput, each row records the CPU time per request of the server
 * process(es), the PostgreSQL cluster (postmaster and its backends) and the
 * balancer. No targets: the figures are reported as measured, in this
 * benchmark's section of bench/RESULTS.md.
 *
 *   npm run bench:postgres [-- --duration S]
 */
import { machineRows, RESULTS, sectionMarkers, writeResultsSection } from './results.js';
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgres, postgresMissing } from '../test/helpers/postgres.js';
import {
  alternate,
  cpuMs,
  freshKeyPost,
  load,
  median,
  type Meter,
  REFERENCE,
  ROOT,
  type Row,
  startBare,
  startChild,
  stop,
  treeCpuMs,
} from './load.js';

const { start: START, end: END } = sectionMarkers('postgres');
const { values } = parseArgs({ options: { duration: { type: 'string' } } });
const DURATION = Number(values.duration ?? 5);
const ROUNDS = 3;
const READ_CONNECTIONS = 10;
const WRITE_CONNECTIONS = 32;

const workspaces = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'workspaces.json'), 'utf8'));
const home = workspaces[0] as { apiKey: string };
const AUTH = { authorization: `Bearer ${home.apiKey}` };
const JSON_BODY = { ...AUTH, 'content-type': 'application/json' };
const NEW_CONTACT = { contact: { firstName: 'Bench', lastName: 'Mark', tags: ['bench'] } };

/** test/helpers/balancer.ts in a process of its own, so it does not share autocannon's event loop. */
const BALANCER = [
  '--import',
  'tsx',
  '--input-type=module',
  '-e',
  `import { startBalancer } from ${JSON.stringify(pathToFileURL(join(ROOT, 'test/helpers/balancer.ts')).href)};
const [path, ...backends] = process.argv.slice(1);
const balancer = await startBalancer(backends, path);
console.log(balancer.url);
process.on('SIGTERM', () => balancer.close().then(() => process.exit(0)));`,
  '--',
];

interface Target {
  /** The API's base URL as clients see it (the balancer's, when there is one). */
  url: string;
  servers: ChildProcess[];
  balancer?: ChildProcess;
}

interface Measured {
  name: string;
  processes: number;
  bare: Row;
  list: Row;
  ratios: number[];
  write: Row;
}

async function startTarget(db: string, processes: number): Promise<Target> {
  const started: Array<{ url: string; child: ChildProcess }> = [];
  // One after the other: the first loads the fixtures into the fresh database, the next finds them.
  for (let i = 0; i < processes; i++) started.push(await startChild([...REFERENCE, '--port', '0', '--db', db]));
  const servers = started.map((s) => s.child);
  if (processes === 1) return { url: started[0]!.url, servers };
  const path = new URL(started[0]!.url).pathname;
  const balancer = await startChild([...BALANCER, path, ...started.map((s) => s.url)]);
  return { url: balancer.url, servers, balancer: balancer.child };
}

async function measure(name: string, target: Target, dir: string, postmaster?: number): Promise<Measured> {
  const listUrl = `${target.url}/contacts?limit=10`;
  const response = await fetch(listUrl, { headers: AUTH });
  if (response.status !== 200) throw new Error(`${name}: GET ${listUrl} answered ${response.status}`);
  const pageFile = join(dir, `page-${target.servers.length}-${postmaster ?? 'sqlite'}.json`);
  writeFileSync(pageFile, Buffer.from(await response.arrayBuffer()));
  const bare = await startBare(pageFile);
  const others: Meter['others'] = {};
  if (postmaster !== undefined) others.PostgreSQL = () => treeCpuMs(postmaster);
  if (target.balancer) others.balancer = () => treeCpuMs(target.balancer!.pid!);
  const meter: Meter = {
    duration: DURATION,
    server: () => target.servers.reduce((ms, child) => ms + cpuMs(child.pid!), 0),
    others,
  };
  try {
    console.log(`\n${name}`);
    const list = await alternate(
      ROUNDS,
      () =>
        load(
          'bare node:http, same bytes',
          READ_CONNECTIONS,
          { url: `${bare.url}/api/v2/contacts?limit=10` },
          {
            duration: DURATION,
            server: () => cpuMs(bare.child.pid!),
          },
        ),
      () => load('GET /contacts?limit=10', READ_CONNECTIONS, { url: listUrl, headers: AUTH }, meter),
    );
    const write = await load(
      'POST /contacts, fresh Idempotency-Key',
      WRITE_CONNECTIONS,
      freshKeyPost(`${target.url}/contacts`, JSON_BODY, NEW_CONTACT),
      meter,
    );
    return { name, processes: target.servers.length, bare: list.bare, list: list.server, ratios: list.ratios, write };
  } finally {
    await stop(bare.child);
  }
}

/**
 * Waits until the servers' CPU time stops moving (at most 10 s): when autocannon stops, writes it
 * sent may still wait their turn on the workspace lock, and stopping a server ends its pool under them.
 */
async function settle(target: Target): Promise<void> {
  const used = () => target.servers.reduce((ms, child) => ms + cpuMs(child.pid!), 0);
  for (let last = used(), waited = 0; waited < 10_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = used();
    if (now === last) return;
    last = now;
  }
}

async function stopTarget(target: Target): Promise<void> {
  await settle(target);
  if (target.balancer) await stop(target.balancer);
  await Promise.all(target.servers.map(stop));
}

/** The postmaster's process id: the first line of postmaster.pid in the cluster's data directory. */
const postmasterPid = (clusterDir: string) =>
  Number(readFileSync(join(clusterDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);

async function main(): Promise<void> {
  const missing = postgresMissing();
  if (missing) throw new Error(`bench:postgres needs PostgreSQL: ${missing}`);
  const loadBefore = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'cd-bench-pg-'));
  const pg = await startPostgres({ fsync: true });
  if (!pg) throw new Error('PostgreSQL could not be started');
  const results: Measured[] = [];
  try {
    const postmaster = postmasterPid(pg.dir);
    const configurations: Array<[string, () => Promise<string>, number, number | undefined]> = [
      ['SQLite file, 1 process', async () => join(dir, 'bench.db'), 1, undefined],
      ['PostgreSQL (fsync on), 1 process', () => pg.database(), 1, postmaster],
      ['PostgreSQL (fsync on), 2 processes behind the balancer', () => pg.database(), 2, postmaster],
    ];
    for (const [name, database, processes, pid] of configurations) {
      const target = await startTarget(await database(), processes);
      try {
        results.push(await measure(name, target, dir, pid));
      } finally {
        await stopTarget(target);
      }
    }
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  await report(results, loadBefore);
}

const int = (n: number) => n.toFixed(0);
const cpu = (r: Row, key?: string) => {
  const us = key === undefined ? r.cpuMicros : r.otherCpuMicros[key];
  return us === undefined ? '–' : int(us);
};
/** CPU time per request of all the measured processes, in µs. */
const total = (r: Row) => r.cpuMicros + Object.values(r.otherCpuMicros).reduce((a, b) => a + b, 0);
/** CPU cores the measured processes kept busy: CPU time per request times requests per second. */
const cores = (r: Row) => (total(r) * r.rps) / 1e6;

async function report(results: Measured[], loadBefore: number): Promise<void> {
  const [sqlite, one, two] = results as [Measured, Measured, Measured];
  const tableRow = (m: Measured, r: Row, kind: string, ratio = '') =>
    `| ${m.name} | ${kind} | ${r.connections} | ${int(r.rps)} | ${r.p50} | ${r.p99} | ${ratio} | ${cpu(r)} | ${cpu(r, 'PostgreSQL')} | ${cpu(r, 'balancer')} | ${r.failures} |`;
  const times = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const lines = [
    START,
    '## Reference server on PostgreSQL beside SQLite',
    '',
    '```',
    `npm run bench:postgres -- --duration ${DURATION}   # autocannon, ${DURATION} s per row after a 2 s warm-up`,
    '```',
    '',
    `Servers run from the sources in child processes, each configuration on a fresh database with the demo fixtures;`,
    'PostgreSQL is a throwaway local cluster with fsync on (shared_buffers 32 MB, otherwise the defaults), the SQLite',
    'file runs with WAL and synchronous=FULL. The list rows alternate with a bare node:http server sending the same',
    `bytes, ${ROUNDS} rounds, medians shown; with two processes the bare server is reached directly, the reference`,
    'servers through the balancer (its own process). autocannon, the balancer, PostgreSQL and the servers share the',
    "machine's cores. Server CPU is per request, summed over the server processes; PostgreSQL CPU is the postmaster's",
    'and its backends\u2019.',
    '',
    '| measure | value |',
    '|---|---|',
    ...machineRows(loadBefore),
    '',
    '| configuration | load | connections | req/s | p50 ms | p99 ms | list / bare (pairs) | server CPU µs/req | PostgreSQL CPU µs/req | balancer CPU µs/req | non-2xx/errors |',
    '|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|',
    ...results.flatMap((m) => [
      tableRow(m, m.bare, `bare node:http, same bytes (median of ${ROUNDS})`),
      tableRow(
        m,
        m.list,
        `GET /contacts?limit=10 (median of ${ROUNDS})`,
        `${median(m.ratios).toFixed(2)} (${m.ratios.map((r) => r.toFixed(2)).join(', ')})`,
      ),
      tableRow(m, m.write, 'POST /contacts, fresh Idempotency-Key'),
    ]),
    '',
    'Reading the figures:',
    `- Reads: one process on PostgreSQL serves ${times(one.list.rps, sqlite.list.rps)} the list requests per second of one`,
    `  on SQLite; two processes behind the balancer serve ${times(two.list.rps, one.list.rps)} those of one process. A list`,
    `  request's CPU, all measured processes together, is ${int(total(sqlite.list))} µs on SQLite, ${int(total(one.list))} µs`,
    `  with one process on PostgreSQL and ${int(total(two.list))} µs with two (the balancer's included); they kept`,
    `  ${cores(sqlite.list).toFixed(1)}, ${cores(one.list).toFixed(1)} and ${cores(two.list).toFixed(1)} of the ${availableParallelism()} cores busy (the rest went to autocannon and the machine's other work).`,
    `- Writes: PostgreSQL with one process completes ${times(one.write.rps, sqlite.write.rps)} SQLite's writes per second`,
    `  (one every ${(1000 / one.write.rps).toFixed(1)} ms), two processes ${times(two.write.rps, one.write.rps)} one process's. Writes to one`,
    '  workspace take its lock (an advisory lock on PostgreSQL, held by every process) and run one after another, each',
    '  a transaction of its own committed with an fsync; SQLite commits a batch of writes with one fsync (group commit).',
    END,
  ];
  const section = lines.join('\n');
  await writeResultsSection('postgres', section);
  console.log(`\n${section}\n\nwritten to ${RESULTS}`);
}

await main();
