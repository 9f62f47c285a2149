/**
 * The fault catalogue against the whole conformance suite: every fault must
 * fail the run with a finding of each of its expected checks, and every benign
 * variation must pass. Each entry runs on its own in-process reference server
 * with the CI profile (runs 5) for each seed. Writes its section of
 * bench/RESULTS.md (between the faults markers) and leaves the rest alone.
 *
 *   npm run bench:faults [-- --seeds 1,2,3] [-- --only name,name]
 */
import { measuredCommit, sectionMarkers, writeResultsSection } from './results.js';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { FAULTS } from '../reference-server/index.js';
import {
  BENIGN,
  BENIGN_SEEDS,
  FAULT_RUNS,
  FAULT_SEED,
  runEntry,
  runSuite,
  type EntryRun,
  type SuiteRun,
} from '../test/helpers/faults.js';

const { start: START, end: END } = sectionMarkers('faults');

const { values } = parseArgs({ options: { seeds: { type: 'string' }, only: { type: 'string' } } });
const seeds = values.seeds ? values.seeds.split(',').map(Number) : [...new Set([FAULT_SEED, ...BENIGN_SEEDS])];
if (seeds.some((s) => !Number.isInteger(s))) throw new Error(`--seeds takes integers, not ${values.seeds}`);
const only = values.only?.split(',');
const entries = FAULTS.filter((e) => !only || only.includes(e.name));

/** A fault is caught when the run fails with a finding of every expected check; a benign entry when the run fails at all. */
const caught = (run: EntryRun) => !run.report.conformant && run.missed.length === 0;
const passed = (run: SuiteRun) => run.report.conformant;

const loadBefore = loadavg()[0]!;
const started = performance.now();
const rows: Array<{ runs: EntryRun[] }> = [];
for (const entry of entries) {
  const runs: EntryRun[] = [];
  for (const seed of seeds) runs.push(await runEntry(entry, seed));
  rows.push({ runs });
  const ok = runs.filter(entry.kind === 'fault' ? caught : passed).length;
  process.stderr.write(`${entry.kind === 'fault' ? 'caught' : 'passed'} ${ok}/${runs.length}  ${entry.name}\n`);
}
const together: SuiteRun[] = [];
if (!only) {
  for (const seed of seeds)
    together.push(
      await runSuite(
        BENIGN.map((e) => e.name),
        seed,
      ),
    );
  process.stderr.write(`passed ${together.filter(passed).length}/${together.length}  every benign variation at once\n`);
}
const wallSeconds = (performance.now() - started) / 1000;

const cell = (text: string) => text.replace(/\|/g, '\\|');
const ids = (list: readonly string[]) => list.map((id) => `\`${id}\``).join(', ');
const faultRows = rows.filter(({ runs }) => runs[0]!.entry.kind === 'fault');
const benignRows = rows.filter(({ runs }) => runs[0]!.entry.kind === 'benign');
const firstCaught = faultRows.filter(({ runs }) => caught(runs[0]!)).length;
const allCaught = faultRows.filter(({ runs }) => runs.every(caught)).length;
const benignRuns: SuiteRun[] = [...benignRows.flatMap(({ runs }) => runs), ...together];

const table = (rowsOf: typeof rows, kind: 'fault' | 'benign') => [
  kind === 'fault'
    ? '| fault | area | expected check | caught by (first seed) | seeds caught | requests | time |'
    : '| benign variation | area | failing checks | seeds passed | requests | time |',
  kind === 'fault' ? '|---|---|---|---|---|---:|---:|' : '|---|---|---|---|---:|---:|',
  ...rowsOf.map(({ runs }) => {
    const [first] = runs as [EntryRun];
    const { entry } = first;
    const time = `${(first.durationMs / 1000).toFixed(1)} s`;
    if (kind === 'benign') {
      const failing = [...new Set(runs.flatMap((r) => r.caughtBy))];
      return `| \`${entry.name}\` | ${entry.area} | ${failing.length ? ids(failing) : 'none'} | ${runs.filter(passed).length}/${runs.length} | ${first.requests} | ${time} |`;
    }
    const by = first.caughtBy.map((id) => (entry.expectedChecks.includes(id) ? `**${id}**` : id)).join(', ');
    return `| \`${entry.name}\` | ${entry.area} | ${ids(entry.expectedChecks)} | ${cell(by || 'nothing')} | ${runs.filter(caught).length}/${runs.length} | ${first.requests} | ${time} |`;
  }),
];

const section = [
  START,
  '## Fault catalogue: every fault caught, no false alarms',
  '',
  '```',
  `npm run bench:faults${values.seeds ? ` -- --seeds ${values.seeds}` : ''}   # seeds ${seeds.join(', ')}, runs ${FAULT_RUNS} per property, one server per run`,
  '```',
  '',
  `Date ${new Date().toISOString().slice(0, 10)}, commit ${measuredCommit()}, ${availableParallelism()} CPUs, Node ${process.version}, load average ${loadBefore.toFixed(2)} before / ${loadavg()[0]!.toFixed(2)} after; ${wallSeconds.toFixed(0)} s in all.`,
  '',
  `- **Catch rate: ${firstCaught}/${faultRows.length}** faults caught at seed ${seeds[0]}, the seed of the CI proofs (caught: the whole suite fails, with a finding of every expected check); ${allCaught}/${faultRows.length} caught at every seed.`,
  `- **Benign variations: ${benignRuns.filter(passed).length}/${benignRuns.length}** runs passed (${benignRows.length} variations × ${seeds.length} seeds, then all of them at once × ${together.length} seeds).`,
  '- Caught by: every check with an error finding; the expected ones in bold. Requests: sent by the checks at the first seed; time: server start, run and close.',
  '',
  ...table(faultRows, 'fault'),
  '',
  ...table(benignRows, 'benign'),
  ...(together.length
    ? [
        `| all ${BENIGN.length} at once | | ${[...new Set(together.flatMap((r) => r.caughtBy))].map((id) => `\`${id}\``).join(', ') || 'none'} | ${together.filter(passed).length}/${together.length} | ${together[0]!.requests} | ${(together[0]!.durationMs / 1000).toFixed(1)} s |`,
      ]
    : []),
  END,
].join('\n');

await writeResultsSection('faults', section);
process.stdout.write(
  `catch rate ${firstCaught}/${faultRows.length} (every seed: ${allCaught}/${faultRows.length}); benign ${benignRuns.filter(passed).length}/${benignRuns.length} runs passed; ${wallSeconds.toFixed(0)} s\n`,
);
if (firstCaught < faultRows.length || benignRuns.some((r) => !passed(r))) process.exitCode = 1;
