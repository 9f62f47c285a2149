/**
 * Runs a conformance suite against one target: resolve the options, preflight
 * the target, run the selected checks (those that need the target to
 * themselves one after another, then the rest overlapped, at most
 * `--concurrency` at once), apply response checks to all their traffic, and
 * return the report, in selection order, with every key redacted.
 */
import { DEFAULT_SPEC_PATH, loadContract, type Contract } from '../spec/index.js';
import { createApiClient, createDispatcher } from './client.js';
import { DEFAULTS, resolveConfig, type ProgressEvent, type RunOptions } from './config.js';
import { createCheckContext, type CheckRun } from './context.js';
import { createCoverage } from './coverage.js';
import { sortFindings } from './findings.js';
import { createHealthWatch } from './health.js';
import { createResponseInspector } from './inspect.js';
import { createRedactor, runSecrets } from './redact.js';
import { selectChecks, type Registry } from './select.js';
import { checkCrash, PropertyCrashError } from './crash.js';
import { PreflightGapError, TargetError, UsageError } from './errors.js';
import type { Check, CheckResult, ConformanceReport, Finding, KitError, Verdict } from './types.js';
import { readLimitBytes } from './support/response-size.js';
import { preflight, PREFLIGHT } from './workspace.js';

export interface RunnerOptions extends RunOptions {
  /** The checks to choose from; the suite's own by default. */
  registry?: Registry;
}

const round = (ms: number) => Math.round(ms);

/** The suite's own checks, loaded on first use (they pull in the generators). */
export async function suiteRegistry(): Promise<Registry> {
  const { checks, responseChecks } = await import('./checks/index.js');
  return { checks, responseChecks };
}

/** The preflight gap behind an error a check threw, directly or from inside a property. */
function gapOf(error: unknown): PreflightGapError | undefined {
  if (error instanceof PreflightGapError) return error;
  if (error instanceof PropertyCrashError && error.thrown instanceof PreflightGapError) return error.thrown;
  return undefined;
}

/**
 * The contract the run tests against. A document the caller gave that does not
 * load (unreadable, invalid, or lacking a parameter, header, field or error
 * code the vocabulary names) is a usage error; the kit's own failing to load
 * is a bug of the kit and propagates as it is.
 */
async function runContract(specPath: string): Promise<Contract> {
  try {
    return await loadContract(specPath);
  } catch (error) {
    if (specPath === DEFAULT_SPEC_PATH) throw error;
    throw new UsageError(
      `the contract ${specPath} cannot be used: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** 1 when a finding is an error, else 2 when the kit failed on a check, else 0. */
export function exitStatus(report: Pick<ConformanceReport, 'verdict'>): number {
  return report.verdict === 'not-conformant' ? 1 : report.verdict === 'errored' ? 2 : 0;
}

function verdictOf(results: readonly CheckResult[], findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'not-conformant';
  return results.some((r) => r.status === 'errored') ? 'errored' : 'conformant';
}

/** The preflight's own findings (a whoami or workspace answer that breaks the contract), as a check result. */
function preflightResult(findings: Finding[]): CheckResult {
  return {
    check: PREFLIGHT,
    kind: 'check',
    description: "The target's whoami and workspace answers, read before any check runs, follow the contract",
    status: findings.some((f) => f.severity === 'error') ? 'failed' : 'passed',
    findings,
    notes: [],
    requests: 0,
    durationMs: 0,
  };
}

type RunEvent =
  | { type: 'check-start'; check: string; index: number }
  | { type: 'check-end'; result: CheckResult; index: number };

/**
 * Runs every check and returns the results in the checks' order. The `alone`
 * checks run first, one after another; then the `shared` ones, at most `limit`
 * at once. Events follow the order the checks run in (`index`), ends included
 * (one that finishes early waits for those started before it), so progress
 * reads the same at any timing.
 */
async function runAll(
  checks: readonly Check[],
  limit: number,
  runOne: (check: Check) => Promise<CheckResult>,
  emit: (event: RunEvent) => void,
): Promise<CheckResult[]> {
  const positions = checks.map((check, at) => ({ check, at }));
  const order = [
    ...positions.filter(({ check }) => (check.sharing ?? 'alone') === 'alone'),
    ...positions.filter(({ check }) => check.sharing === 'shared'),
  ];
  const results: CheckResult[] = new Array<CheckResult>(checks.length);
  const done: Array<CheckResult | undefined> = [];
  let emitted = 0;
  const finish = (index: number, result: CheckResult) => {
    done[index] = result;
    for (let next = done[emitted]; next !== undefined; next = done[emitted]) {
      emit({ type: 'check-end', result: next, index: emitted });
      emitted += 1;
    }
  };
  const start = async (index: number) => {
    const { check, at } = order[index]!;
    emit({ type: 'check-start', check: check.id, index });
    results[at] = await runOne(check);
    finish(index, results[at]);
  };
  let index = 0;
  for (; index < order.length && (order[index]!.check.sharing ?? 'alone') === 'alone'; index += 1) await start(index);
  // The shared checks: `limit` lanes, each taking the next check in order when it is free.
  let next = index;
  const lane = async () => {
    while (next < order.length) await start(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, order.length - index) }, lane));
  return results;
}

export async function runConformance(options: RunnerOptions): Promise<ConformanceReport> {
  const startedAt = new Date();
  const started = performance.now();
  const { config, overallTimeoutMs, reproduceCommand, specPath } = resolveConfig(options);
  const registry = options.registry ?? (await suiteRegistry());
  const selection = selectChecks(registry, options.checks, options.skip);
  const contract = await runContract(specPath);
  const secrets = runSecrets(config.apiKey, config.apiKey2);
  const redact = createRedactor(secrets);
  const progress = (event: ProgressEvent) => {
    try {
      options.onProgress?.(redact(event));
    } catch {
      // A failing progress printer must not stop the run.
    }
  };
  // Everything that changes what a check sends: the seed, the runs, --read-only (checks with a read-only fallback).
  const reproduce = (ids: string[]) =>
    [
      reproduceCommand,
      `--seed ${config.seed}`,
      ...(config.runs !== DEFAULTS.runs ? [`--runs ${config.runs}`] : []),
      ...(config.readOnly ? ['--read-only'] : []),
      ...(ids.length > 0 ? [`--checks ${ids.join(',')}`] : []),
    ].join(' ');

  const stop = new AbortController();
  const dispatcher = createDispatcher(config);
  const deadline = started + overallTimeoutMs;
  let outOfTime = false;
  const health = createHealthWatch({ timeoutMs: config.timeoutMs });
  /** The checks running now, in the order they started. */
  const active = new Set<CheckRun>();
  /** The check that reports the target going down: the earliest running then. The others stop quietly. */
  let downReporter: CheckRun | undefined;
  void health.wentDown.then(() => {
    [downReporter] = active;
    for (const run of active) if (run !== downReporter) run.close();
    stop.abort();
  });
  try {
    // Read every body a correct server could send in full: up to the contract's largest response and more.
    const bodyLimitBytes = readLimitBytes(contract);
    const plainClient = (apiKey: string) =>
      createApiClient({ contract, config, dispatcher, apiKey, signal: stop.signal, bodyLimitBytes });
    const {
      workspace,
      secondWorkspace,
      findings: preflightFindings,
    } = await preflight(
      plainClient(config.apiKey),
      config.apiKey2 !== undefined ? plainClient(config.apiKey2) : undefined,
      { contract, seed: config.seed, secrets, reproduce: reproduce([]) },
    ).catch((error: unknown) => {
      // The message quotes what the target answered, which may echo a key.
      throw error instanceof TargetError ? new TargetError(error.problem, redact(error.message)) : error;
    });

    const total = selection.checks.length;
    progress({ type: 'run-start', target: config.baseUrl, seed: config.seed, runId: config.runId, total });
    const inspector = createResponseInspector({
      responseChecks: selection.responseChecks,
      contract,
      seed: config.seed,
      secrets,
      reproduce,
    });
    const coverage = createCoverage(contract);

    const runOne = async (check: Check): Promise<CheckResult> => {
      const result = (status: CheckResult['status'], fields: Partial<CheckResult> = {}): CheckResult => ({
        check: check.id,
        kind: 'check',
        description: check.description,
        status,
        findings: [],
        notes: [],
        requests: 0,
        durationMs: 0,
        ...fields,
      });
      if (config.readOnly && check.writes && !check.readOnlyFallback) {
        return result('skipped', { notes: ['skipped: the check writes data and --read-only is set'] });
      }
      if (check.needsSecondKey && config.apiKey2 === undefined) {
        return result('skipped', { notes: ["skipped: the check needs a second workspace's key (--api-key-2)"] });
      }
      if (health.down !== undefined) return result('skipped', { notes: [`skipped: ${health.down}`] });
      const run: CheckRun = createCheckContext({
        check,
        config,
        contract,
        workspace,
        ...(secondWorkspace ? { secondWorkspace } : {}),
        secrets,
        makeClient: (apiKey, onExchange) =>
          createApiClient({
            bodyLimitBytes,
            contract,
            config,
            dispatcher,
            apiKey,
            signal: stop.signal,
            onExchange: (response, operation) => {
              onExchange(response, operation);
              health.observe(response);
              coverage.observe(response, operation);
            },
          }),
        observe: inspector.observe(check.id),
        reproduce: reproduce([check.id]),
        bodyLimitBytes,
      });
      active.add(run);
      const remaining = deadline - performance.now();
      const checkStarted = performance.now();
      let crash: KitError | undefined;
      let skippedFor: string | undefined;
      // A timer may fire a fraction of a millisecond before the clock reaches the deadline.
      // Running out of time says nothing about the target (the contract sets no latency): no verdict.
      const outOfTimeError = (message: string): KitError => ({
        kind: 'time-limit',
        message: `${message}; raise --overall-timeout for a slow target`,
        stack: [],
        reproduce: reproduce([check.id]),
      });
      if (outOfTime || remaining <= 0) {
        crash = outOfTimeError(
          `not run: the run's time limit of ${overallTimeoutMs} ms was reached before this check started`,
        );
      } else {
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          Promise.resolve()
            .then(() => check.run(run.ctx))
            .then(
              () => ({ kind: 'done' as const }),
              (error: unknown) => ({ kind: 'crash' as const, error }),
            ),
          new Promise<{ kind: 'timeout' }>((resolve) => {
            timer = setTimeout(() => resolve({ kind: 'timeout' }), remaining);
          }),
          health.wentDown.then(() => ({ kind: 'down' as const })),
        ]);
        clearTimeout(timer);
        // Checks before this one returned early once the target was down, so it went down during this
        // one or one running beside it.
        if (health.down !== undefined) {
          if (run === downReporter)
            run.sink.add({ severity: 'error', key: 'target-down', message: `${health.down}; the run was stopped` });
          else skippedFor = `stopped: ${health.down}`;
        } else if (outOfTime && outcome.kind !== 'timeout') {
          // Another check running beside this one reached the run's time limit and stopped it.
          crash = outOfTimeError(
            `stopped after ${round(performance.now() - checkStarted)} ms: the run's time limit of ${overallTimeoutMs} ms was reached`,
          );
        } else if (outcome.kind === 'crash' && gapOf(outcome.error)) {
          skippedFor = `skipped: ${gapOf(outcome.error)!.message}`;
        } else if (outcome.kind === 'crash') {
          crash = { ...checkCrash(outcome.error) };
          crash.reproduce ??= reproduce([check.id]);
        } else if (outcome.kind === 'timeout') {
          outOfTime = true;
          crash = outOfTimeError(
            `stopped after ${round(performance.now() - checkStarted)} ms: the run's time limit of ${overallTimeoutMs} ms was reached`,
          );
          // Whatever the checks still running report from now on is about the stop, not the target;
          // requests still in flight end now, later ones are answered at once without being sent.
          for (const other of active) other.close();
          stop.abort();
        }
      }
      run.close();
      active.delete(run);
      const findings = run.sink.findings;
      const failed = findings.some((f) => f.severity === 'error');
      const status: CheckResult['status'] = failed ? 'failed' : crash ? 'errored' : skippedFor ? 'skipped' : 'passed';
      return result(status, {
        findings,
        notes: skippedFor ? [skippedFor, ...run.notes] : run.notes,
        ...(crash ? { error: crash } : {}),
        requests: run.requests(),
        durationMs: round(performance.now() - checkStarted),
      });
    };

    const results = await runAll(selection.checks, config.concurrency, runOne, (event) =>
      progress({ ...event, total }),
    );
    const all = [
      ...(preflightFindings.length > 0 ? [preflightResult(preflightFindings)] : []),
      ...results,
      ...inspector.results(),
    ];
    const findings = sortFindings(all.flatMap((r) => r.findings));
    const verdict = verdictOf(all, findings);
    return redact({
      target: config.baseUrl,
      seed: config.seed,
      runId: config.runId,
      startedAt: startedAt.toISOString(),
      durationMs: round(performance.now() - started),
      results: all,
      findings,
      conformant: verdict === 'conformant',
      verdict,
      coverage: coverage.result(),
    });
  } finally {
    stop.abort();
    await dispatcher.destroy().catch(() => undefined);
  }
}
