/**
 * A correct server passes at every seed: the whole suite at the default
 * `--runs`, at fresh random seeds, against the reference server (demo and
 * maximal fixtures) and every benign variation (each alone, and all at once),
 * one configuration per seed in turn. Counts the runs with a failed or errored
 * check (target: 0) and writes its section of bench/RESULTS.md.
 *
 *   npm run bench:seeds [-- --seeds 200] [-- --jobs 2] [-- --runs 100]
 */
import { execFile } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FAULTS } from '../reference-server/index.js';
import { freshSeed } from '../test/helpers/seeded-run.js';
import { measuredCommit, sectionMarkers, writeResultsSection } from './results.js';

const { values } = parseArgs({
  options: { seeds: { type: 'string' }, jobs: { type: 'string' }, runs: { type: 'string' } },
});
const count = Number(values.seeds ?? 200);
const jobs = Number(values.jobs ?? Math.max(1, availableParallelism()));
const runs = values.runs !== undefined ? Number(values.runs) : undefined;
if (![count, jobs, runs ?? 1].every((n) => Number.isInteger(n) && n > 0))
  throw new Error('--seeds, --jobs and --runs take positive integers');

const benign = FAULTS.filter((e) => e.kind === 'benign').map((e) => e.name);
const configurations: Array<{ name: string; faults: string[]; maximal: boolean }> = [
  { name: 'reference server, demo fixtures', faults: [], maximal: false },
  { name: 'reference server, maximal fixtures', faults: [], maximal: true },
  ...benign.map((name) => ({ name: `benign: ${name}`, faults: [name], maximal: false })),
  { name: `all ${benign.length} benign variations at once`, faults: benign, maximal: false },
];

interface Outcome {
  verdict: string;
  broken: string[];
  problems: string[];
  durationMs: number;
  requests: number;
}
const RUN = fileURLToPath(new URL('./seed-run.ts', import.meta.url));
const runOne = (job: object) =>
  new Promise<Outcome>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', RUN, JSON.stringify(job)],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(line) as Outcome);
        } catch {
          // The run itself died: that is the kit failing, and it counts.
          resolve({
            verdict: 'errored',
            broken: ['(process)'],
            problems: [`${error?.message ?? 'no output'} ${stderr.slice(-300)}`],
            durationMs: 0,
            requests: 0,
          });
        }
      },
    );
  });

const loadBefore = loadavg()[0]!;
const started = performance.now();
const plan = Array.from({ length: count }, (_, i) => ({
  seed: freshSeed(),
  configuration: configurations[i % configurations.length]!,
}));
const results: Array<{ seed: number; configuration: string; outcome: Outcome }> = [];
let next = 0;
await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (next < plan.length) {
      const { seed, configuration } = plan[next++]!;
      const outcome = await runOne({
        seed,
        faults: configuration.faults,
        maximal: configuration.maximal,
        ...(runs ? { runs } : {}),
      });
      results.push({ seed, configuration: configuration.name, outcome });
      const ok = outcome.broken.length === 0;
      process.stderr.write(
        `[${results.length}/${plan.length}] ${ok ? 'pass' : 'FAIL'} seed ${seed} ${configuration.name}${ok ? '' : `: ${outcome.problems.join('; ')}`}\n`,
      );
    }
  }),
);
const wallSeconds = (performance.now() - started) / 1000;
const failing = results.filter((r) => r.outcome.broken.length > 0);

const { start, end } = sectionMarkers('seeds');
const rows = configurations.map((c) => {
  const mine = results.filter((r) => r.configuration === c.name);
  const bad = mine.filter((r) => r.outcome.broken.length > 0);
  const median = mine.map((r) => r.outcome.durationMs).sort((a, b) => a - b)[Math.floor(mine.length / 2)] ?? 0;
  return `| ${c.name} | ${mine.length} | ${bad.length} | ${(median / 1000).toFixed(1)} s |`;
});
const section = [
  start,
  '## Random seeds: a correct server passes at every seed',
  '',
  '```',
  `npm run bench:seeds -- --seeds ${count} --jobs ${jobs}${runs ? ` --runs ${runs}` : ''}   # fresh random seeds, the whole suite at ${runs ?? 'the default'} runs per property`,
  '```',
  '',
  `Date ${new Date().toISOString().slice(0, 10)}, commit ${measuredCommit()}, ${availableParallelism()} CPUs, Node ${process.version}, load average ${loadBefore.toFixed(2)} before / ${loadavg()[0]!.toFixed(2)} after; ${wallSeconds.toFixed(0)} s in all.`,
  '',
  `- **Runs with a failed or errored check: ${failing.length} of ${results.length}** (target 0). Each seed runs one configuration, in turn.`,
  '',
  '| configuration | runs | failed or errored | median time |',
  '|---|---:|---:|---:|',
  ...rows,
  ...(failing.length > 0
    ? [
        '',
        'Failing seeds:',
        '',
        ...failing.map(
          (r) => `- seed ${r.seed}, ${r.configuration}: ${r.outcome.problems.join('; ').replace(/\|/g, '\\|')}`,
        ),
      ]
    : []),
  end,
].join('\n');
await writeResultsSection('seeds', section);
process.stdout.write(`${failing.length} of ${results.length} runs failed or errored; ${wallSeconds.toFixed(0)} s\n`);
if (failing.length > 0) process.exitCode = 1;
