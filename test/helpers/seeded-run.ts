/**
 * One whole-suite run against a fresh in-process reference server, as a user
 * would run it (the default `--runs` unless told otherwise): the unit of the
 * random-seed proofs in CI (`test/trust/`) and of `npm run bench:seeds`.
 */
import { fileURLToPath } from 'node:url';
import { runConformance, type ConformanceReport } from '../../conformance/index.js';
import { createReferenceServer, silentLogger } from '../../reference-server/index.js';

/** Two workspaces at every maximum the contract allows at once (`fixtures/maximal/generate.ts`). */
export const MAXIMAL_FIXTURES = fileURLToPath(new URL('../../fixtures/maximal/', import.meta.url));

export interface SeededRun {
  seed: number;
  /** The fixtures directory; the demo fixtures when absent. */
  fixtures?: string;
  /** Catalogue entries to switch on (benign variations, for the proofs). */
  faults?: readonly string[];
  runs?: number;
}

export interface SeededOutcome {
  report: ConformanceReport;
  durationMs: number;
  /** The checks that did not pass: failed with an error finding, or errored. */
  broken: string[];
}

export async function runAtSeed(run: SeededRun): Promise<SeededOutcome> {
  const started = performance.now();
  const server = await createReferenceServer({
    port: 0,
    db: ':memory:',
    logger: silentLogger,
    faults: [...(run.faults ?? [])],
    ...(run.fixtures ? { fixtures: run.fixtures } : {}),
  });
  try {
    const [first, second] = server.demoKeys;
    const report = await runConformance({
      baseUrl: server.url,
      apiKey: first!.apiKey,
      apiKey2: second!.apiKey,
      seed: run.seed,
      ...(run.runs !== undefined ? { runs: run.runs } : {}),
    });
    const broken = report.results.filter((r) => r.status === 'failed' || r.status === 'errored').map((r) => r.check);
    return { report, durationMs: Math.round(performance.now() - started), broken };
  } finally {
    await server.close();
  }
}

/** A fresh seed in fast-check's seed space. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/** The seeds named in CONFORMANCE_SEEDS (`123,456`), to run instead of fresh ones. */
export function givenSeeds(given = process.env.CONFORMANCE_SEEDS): number[] {
  return (given ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number)
    .filter(Number.isInteger);
}

/** What a broken run says, in a few lines, for an assertion message. */
export function brokenLines(outcome: SeededOutcome): string {
  const lines = outcome.report.results
    .filter((r) => r.status === 'failed' || r.status === 'errored')
    .flatMap((r) =>
      r.status === 'errored'
        ? [`${r.check} errored: ${r.error?.message ?? ''}`]
        : r.findings.filter((f) => f.severity === 'error').map((f) => `${r.check}: ${f.message.slice(0, 240)}`),
    );
  return lines.slice(0, 8).join('\n');
}
