/**
 * One run of `npm run bench:seeds`, in a process of its own: the whole suite at
 * one seed against a fresh reference server, one JSON line on stdout.
 *   node --import tsx bench/seed-run.ts '{"seed":1,"faults":[],"maximal":false}'
 */
import { MAXIMAL_FIXTURES, runAtSeed } from '../test/helpers/seeded-run.js';

const job = JSON.parse(process.argv[2] ?? '{}') as {
  seed: number;
  faults?: string[];
  maximal?: boolean;
  runs?: number;
};
const outcome = await runAtSeed({
  seed: job.seed,
  faults: job.faults ?? [],
  ...(job.maximal ? { fixtures: MAXIMAL_FIXTURES } : {}),
  ...(job.runs !== undefined ? { runs: job.runs } : {}),
});
const requests = outcome.report.results
  .filter((r) => r.kind !== 'response-check')
  .reduce((sum, r) => sum + r.requests, 0);
const problems = outcome.report.results
  .filter((r) => r.status === 'failed' || r.status === 'errored')
  .map(
    (r) =>
      `${r.check} ${r.status}: ${(r.error?.message ?? r.findings.find((f) => f.severity === 'error')?.message ?? '').slice(0, 300)}`,
  );
process.stdout.write(
  `${JSON.stringify({ verdict: outcome.report.verdict, broken: outcome.broken, problems, durationMs: outcome.durationMs, requests })}\n`,
);
