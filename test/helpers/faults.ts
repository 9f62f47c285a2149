/**
 * Runs the conformance suite against the reference server with catalogue
 * entries switched on: a fault must fail the run with a finding of each of its
 * expected checks; benign variations must pass. Shared by the fault tests
 * (`test/faults/`) and `npm run bench:faults`.
 */
import { checks, runConformance, TargetError } from '../../conformance/index.js';
import type { ConformanceReport, Finding } from '../../conformance/index.js';
import { type CatalogueEntry, createReferenceServer, FAULTS, silentLogger } from '../../reference-server/index.js';
import { MAX_ERRORS_PER_CHECK } from '../../conformance/findings.js';
import { runDirect } from './direct-context.js';

/** fast-check runs per property for fault runs: a bug must show within a small budget. */
export const FAULT_RUNS = 5;
export const FAULT_SEED = 1;
/**
 * A benign variation must pass whatever the seed. In CI each runs alone at
 * the first seed and, all of them at once, at the others: every variation
 * passes under three seeds, and they compose.
 */
export const BENIGN_SEEDS = [1, 2, 3] as const;

const LATENCY = 'added-latency-20ms';
const SMOKE = 'operations-smoke';
/** The check a target refused by the runner's preflight is reported under (the CLI exits 2). */
export const PREFLIGHT = 'preflight';
/** Finding keys the runner gives a check that did not finish. */
const NOT_A_CATCH = new Set(['crash', 'timeout', 'target-down']);

/** The test files and the entries each proves, so tap runs them in parallel. */
export const GROUPS: Record<string, (entry: CatalogueEntry) => boolean> = {
  'auth-isolation': (e) => e.kind === 'fault' && (e.area === 'auth' || e.area === 'isolation'),
  'paging-idempotency': (e) => e.kind === 'fault' && (e.area === 'paging' || e.area === 'idempotency'),
  'dry-run-envelope': (e) => e.kind === 'fault' && (e.area === 'dry-run' || e.area === 'envelope'),
  'data-schema': (e) => e.kind === 'fault' && (e.area === 'data' || e.area === 'schema' || e.area === 'wire'),
  sequence: (e) => e.kind === 'fault' && e.area === 'sequence',
  // Added latency makes a run wait rather than work: in a file of its own, it overlaps with the others.
  'benign-latency': (e) => e.kind === 'benign' && e.name === LATENCY,
  'benign-wire': (e) => e.kind === 'benign' && e.area === 'wire' && e.name !== LATENCY,
  'benign-data': (e) => e.kind === 'benign' && e.area !== 'wire',
};

export const BENIGN = FAULTS.filter((e) => e.kind === 'benign');

export interface SuiteRun {
  /** The entries switched on. */
  names: string[];
  seed: number;
  report: ConformanceReport;
  /** Checks with an error finding, in report order. */
  caughtBy: string[];
  /** Requests the checks sent. */
  requests: number;
  /** Server start, run and close. */
  durationMs: number;
}

export interface EntryRun extends SuiteRun {
  entry: CatalogueEntry;
  /** Expected checks without an error finding. */
  missed: string[];
}

/**
 * One run of the suite against a server with the named entries on. `only`
 * narrows the run to those checks (and, when it names only checks, every
 * response check); by default the whole suite runs.
 */
export async function runSuite(names: readonly string[], seed: number, only?: readonly string[]): Promise<SuiteRun> {
  const started = performance.now();
  const server = await createReferenceServer({ port: 0, db: ':memory:', logger: silentLogger, faults: names });
  let report: ConformanceReport;
  try {
    const [first, second] = server.demoKeys;
    try {
      const selection = only ? { checks: [...only] } : {};
      report = await runConformance({
        baseUrl: server.url,
        apiKey: first!.apiKey,
        apiKey2: second!.apiKey,
        seed,
        runs: FAULT_RUNS,
        // A proof needs the verdict and the findings' keys, not the smallest counterexample.
        shrink: false,
        ...selection,
      });
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      report = await refusedTarget(only ?? [], server.url, first!.apiKey, error);
    }
  } finally {
    await server.close();
  }
  // A check that crashed or ran out of time proves nothing about the target.
  const errors = report.findings.filter((f) => f.severity === 'error' && !NOT_A_CATCH.has(f.key));
  return {
    names: [...names],
    seed,
    report,
    caughtBy: [...new Set(errors.map((f) => f.check))],
    requests: report.results.filter((r) => r.kind !== 'response-check').reduce((sum, r) => sum + r.requests, 0),
    durationMs: Math.round(performance.now() - started),
  };
}

export async function runEntry(entry: CatalogueEntry, seed: number, only?: readonly string[]): Promise<EntryRun> {
  const run = await runSuite([entry.name], seed, only);
  return { ...run, entry, missed: entry.expectedChecks.filter((id) => !run.caughtBy.includes(id)) };
}

/**
 * A target so broken that the runner's preflight refuses it (no OpenAPI
 * document without a key) fails the run before any check; the checks named
 * are then run on their own, so the proof still names the check that says why.
 */
async function refusedTarget(
  ids: readonly string[],
  baseUrl: string,
  apiKey: string,
  error: TargetError,
): Promise<ConformanceReport> {
  const findings: Finding[] = [
    { check: PREFLIGHT, severity: 'error', key: `${PREFLIGHT}:${error.problem}`, message: error.message },
  ];
  for (const check of checks.filter((c) => ids.includes(c.id)))
    findings.push(...(await runDirect(check, baseUrl, apiKey)));
  const at = new Date().toISOString();
  return {
    target: baseUrl,
    seed: 0,
    runId: PREFLIGHT,
    startedAt: at,
    durationMs: 0,
    results: [],
    findings,
    conformant: false,
    verdict: 'not-conformant',
  };
}

/**
 * The checks a fault's proof runs: its expected checks, which decide it (a run
 * fails whenever one of them reports an error). Response checks judge traffic
 * other checks send; when only response checks are expected, operations-smoke
 * sends it, a valid request to every operation.
 */
export function proofChecks(entry: CatalogueEntry): string[] {
  const drives = entry.expectedChecks.some((id) => checks.some((c) => c.id === id));
  return drives ? [...entry.expectedChecks] : [...entry.expectedChecks, SMOKE];
}

export function entriesOf(group: string): CatalogueEntry[] {
  const select = GROUPS[group];
  if (!select) throw new Error(`no fault group ${group}`);
  return FAULTS.filter(select);
}

/** The error findings, one line each, for assertion messages. */
export function errorLines(findings: readonly Finding[], limit = 12): string {
  const errors = findings.filter((f) => f.severity === 'error');
  const lines = errors.slice(0, limit).map((f) => `${f.check} ${f.key}: ${f.message.slice(0, 240)}`);
  if (errors.length > limit) lines.push(`… and ${errors.length - limit} more`);
  return lines.join('\n') || '(no error findings)';
}

export type Assertion = [ok: boolean, message: string];

/** A fault fails its proof's run with a finding of every expected check; a benign entry passes the whole suite alone. */
export async function proveEntry(entry: CatalogueEntry): Promise<Assertion[]> {
  if (entry.kind === 'benign') {
    const run = await runSuite([entry.name], BENIGN_SEEDS[0]);
    return [[run.report.conformant, `seed ${run.seed}: the run passes\n${errorLines(run.report.findings)}`]];
  }
  const run = await runEntry(entry, FAULT_SEED, proofChecks(entry));
  const perCheck = new Map<string, number>();
  for (const f of run.report.findings)
    if (f.severity === 'error') perCheck.set(f.check, (perCheck.get(f.check) ?? 0) + 1);
  const flooded = [...perCheck].filter(([, n]) => n > MAX_ERRORS_PER_CHECK);
  return [
    [!run.report.conformant, 'the run fails'],
    [
      flooded.length === 0,
      `one bug, few findings: at most ${MAX_ERRORS_PER_CHECK} error findings per check (${flooded.map(([c, n]) => `${c}: ${n}`).join(', ')})`,
    ],
    [
      run.missed.length === 0,
      `every expected check reports it (${entry.expectedChecks.join(', ')}); caught by ${run.caughtBy.join(', ') || 'nothing'}`,
    ],
  ];
}

/** Every benign variation at once passes the whole suite. */
export async function proveBenignTogether(seed: number): Promise<Assertion> {
  const run = await runSuite(
    BENIGN.map((e) => e.name),
    seed,
  );
  return [
    run.report.conformant,
    `seed ${seed}, ${run.names.join(' + ')}: the run passes\n${errorLines(run.report.findings)}`,
  ];
}
