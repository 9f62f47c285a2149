/**
 * npm run bench:large — the suite's cost against a large workspace: the
 * default conformance run (the compiled CLI, both demo keys, a fixed seed)
 * against a reference server whose first workspace holds N contacts, then the
 * same run against a fresh demo-fixture server. Vendors run the suite against
 * staging workspaces holding real volumes, so its cost must not grow with them.
 * Writes its section of bench/RESULTS.md (between the large-workspace markers).
 *
 *   npm run bench:large [-- --contacts N --seed S --overall-timeout MS]
 *
 * The seeded database is cached under the system's temporary directory, keyed
 * by N: a rerun copies it instead of seeding again (each run writes, so it runs
 * on a copy). Target: the large run takes at most 1.5 times the fresh one.
 */
import { machineRows, sectionMarkers, writeResultsSection } from './results.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CheckResult, ConformanceReport } from '../conformance/index.js';
import { seedContacts } from './server-seed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = join(ROOT, 'bin', 'contactdrive-reference-server.js');
const CLI = join(ROOT, 'bin', 'contactdrive-conformance.js');
const { start: START, end: END } = sectionMarkers('large-workspace');
const TARGET_RATIO = 1.5;
const SHOWN = 10;

const { values } = parseArgs({
  options: { contacts: { type: 'string' }, seed: { type: 'string' }, 'overall-timeout': { type: 'string' } },
});
const CONTACTS = Number(values.contacts ?? 1_000_000);
const SEED = values.seed ?? '1';
/** The runs' time limit; the CLI's default unless given. */
const LIMIT = values['overall-timeout'] === undefined ? [] : ['--overall-timeout', values['overall-timeout']];
if (!Number.isInteger(CONTACTS) || CONTACTS < 1) throw new Error('--contacts takes a positive integer');

const workspaces = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'workspaces.json'), 'utf8')) as Array<{
  workspaceId: string;
  apiKey: string;
  user: { userId: string };
}>;
const [home, other] = workspaces as [(typeof workspaces)[0], (typeof workspaces)[0]];

/** The seeded database for `count` contacts, seeded on first use; the seconds seeding took, when it did. */
async function seededFile(count: number): Promise<{ path: string; seededSeconds?: number }> {
  const dir = join(tmpdir(), 'contactdrive-large-workspace');
  const path = join(dir, `${count}.db`);
  if (existsSync(path)) return { path };
  mkdirSync(dir, { recursive: true });
  // Seeded under another name and renamed when complete, so an interrupted seed is never reused.
  const partial = `${path}.partial-${process.pid}`;
  console.log(`seeding ${count.toLocaleString('en-US')} contacts into ${path} (once; reruns reuse it) ...`);
  const { seconds } = await seedContacts(partial, home.workspaceId, home.user.userId, count);
  renameSync(partial, path);
  for (const suffix of ['-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  return { path, seededSeconds: seconds };
}

/** Starts the reference server as a child; its first stdout line holds the base URL. */
async function startServer(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [SERVER, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the reference server exited with ${code}`)));
  });
  const url = /http:\/\/\S+/.exec(first)?.[0];
  if (!url) throw new Error(`no URL in "${first}"`);
  return { url, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Run {
  report: ConformanceReport;
  wallSeconds: number;
}

/** The default conformance run against `url` with both demo keys, as a vendor runs it against staging. */
async function conformanceRun(url: string, dir: string, name: string): Promise<Run> {
  const output = join(dir, `${name}.json`);
  const args = ['--base-url', url, '--api-key', home.apiKey, '--api-key-2', other.apiKey, '--seed', SEED, ...LIMIT];
  const started = performance.now();
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, '--reporter', 'json', '--output', output], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
  const wallSeconds = (performance.now() - started) / 1000;
  // Exit 2 with a report is a run the time limit cut short (its checks errored), a result too.
  if (exitCode !== 0 && exitCode !== 1 && !(exitCode === 2 && existsSync(output)))
    throw new Error(`the conformance CLI could not run (exit ${exitCode})`);
  return { report: JSON.parse(await readFile(output, 'utf8')) as ConformanceReport, wallSeconds };
}

const checksOf = (run: Run) => run.report.results.filter((r) => r.kind !== 'response-check');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** The run's verdict, with the checks that failed, crashed or were stopped by the run's time limit. */
function verdict(run: Run): string {
  const checks = checksOf(run);
  const named = (label: string, rs: CheckResult[]) =>
    rs.length ? [`${label}: ${rs.map((r) => r.check).join(', ')}`] : [];
  const stopped = checks.filter((r) => r.status === 'errored' && r.error?.kind === 'time-limit');
  const crashed = checks.filter((r) => r.status === 'errored' && r.error?.kind !== 'time-limit');
  return [
    run.report.verdict,
    ...named(
      'failed',
      checks.filter((r) => r.status === 'failed'),
    ),
    ...named('crashed', crashed),
    ...named(`${stopped.length} stopped by the time limit`, stopped),
  ].join('; ');
}

/** The run's error findings, one line each (a timed-out request is one too). */
function errorLines(run: Run): string[] {
  const errors = run.report.findings.filter((f) => f.severity === 'error');
  const lines = errors.slice(0, SHOWN).map((f) => `- \`${f.key}\`: ${f.message.split('\n')[0]!.slice(0, 200)}`);
  return errors.length > SHOWN ? [...lines, `- … and ${errors.length - SHOWN} more`] : lines;
}

function section(large: Run, fresh: Run, seededSeconds: number | undefined, load: number[]): string {
  const ratio = large.wallSeconds / fresh.wallSeconds;
  const freshById = new Map(checksOf(fresh).map((r) => [r.check, r]));
  const slowest = [...checksOf(large)].sort((a, b) => b.durationMs - a.durationMs).slice(0, SHOWN);
  const row = (r: CheckResult) => {
    const f = freshById.get(r.check);
    const times = f && f.durationMs > 0 ? `${(r.durationMs / f.durationMs).toFixed(1)}x` : 'n/a';
    return `| ${r.check} | ${seconds(r.durationMs)} / ${r.requests} | ${f ? `${seconds(f.durationMs)} / ${f.requests}` : 'n/a'} | ${times} |`;
  };
  const count = CONTACTS.toLocaleString('en-US');
  return [
    START,
    `## Conformance suite against a workspace of ${count} contacts`,
    '',
    '```',
    `npm run bench:large -- --contacts ${CONTACTS} --seed ${SEED}${LIMIT.length ? ` ${LIMIT.join(' ')}` : ''}   # node bin/contactdrive-conformance.js --base-url … --api-key … --api-key-2 … --seed ${SEED}${LIMIT.length ? ` ${LIMIT.join(' ')}` : ''}`,
    '```',
    '',
    `The first demo workspace holds ${count} seeded contacts (bench/server-seed.ts) besides the demo fixtures;`,
    'the same default run then goes against a fresh demo-fixture server. Both servers are the reference server in a',
    'child process on a file database (WAL, synchronous=FULL), so the ratio is the cost of the size alone.',
    '',
    '| measure | value |',
    '|---|---|',
    ...machineRows(load[0]!, load[1]!),
    `| seeding | ${seededSeconds === undefined ? 'reused the cached file' : `${seededSeconds.toFixed(0)} s`} |`,
    `| wall time, ${count} contacts | ${large.wallSeconds.toFixed(1)} s |`,
    `| wall time, fresh fixtures | ${fresh.wallSeconds.toFixed(1)} s |`,
    `| verdict, ${count} contacts | ${verdict(large)} |`,
    `| verdict, fresh fixtures | ${verdict(fresh)} |`,
    `| ratio (target <= ${TARGET_RATIO}x) | ${ratio.toFixed(2)}x, ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'} |`,
    '',
    `The ${SHOWN} slowest checks on the large workspace (time / requests):`,
    '',
    `| check | ${count} contacts | fresh | times |`,
    '|---|---:|---:|---:|',
    ...slowest.map(row),
    '',
    `Error findings on the large workspace:${errorLines(large).length ? '' : ' none.'}`,
    ...(errorLines(large).length ? ['', ...errorLines(large)] : []),
    END,
  ].join('\n');
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const { path, seededSeconds } = await seededFile(CONTACTS);
  const dir = await mkdtemp(join(tmpdir(), 'bench-large-'));
  try {
    const db = join(dir, 'large.db');
    await copyFile(path, db);
    console.log(`${path}: ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB, copied for this run`);
    const runs: Run[] = [];
    // Both on a file database, so the ratio measures the workspace's size, not the fsync of a file.
    for (const [name, file] of [
      ['large', db],
      ['fresh', join(dir, 'fresh.db')],
    ] as const) {
      const server = await startServer(['--db', file]);
      try {
        runs.push(await conformanceRun(server.url, dir, name));
        console.log(`${name}: ${runs.at(-1)!.wallSeconds.toFixed(1)} s`);
      } finally {
        await stop(server.child);
      }
    }
    const text = section(runs[0]!, runs[1]!, seededSeconds, [loadBefore, loadavg()[0]!]);
    await writeResultsSection('large-workspace', text);
    process.stdout.write(`${text}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
