/**
 * The conformance suite's default profile against the embedded reference
 * server: wall time, requests sent and requests per second. Writes its section
 * of bench/RESULTS.md (between the conformance markers) and leaves the rest.
 *
 *   npm run bench:conformance [-- --seed N]
 *
 * Targets: at most 30 s on 2 cores while sending at least 5,000 requests.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { runConformance } from '../conformance/index.js';
import { createReferenceServer, silentLogger } from '../reference-server/index.js';

const RESULTS = new URL('./RESULTS.md', import.meta.url);
const START = '<!-- conformance:start -->';
const END = '<!-- conformance:end -->';
const TARGET_SECONDS = 30;
const TARGET_REQUESTS = 5000;

const { values } = parseArgs({ options: { seed: { type: 'string' } } });
const seed = values.seed !== undefined ? Number(values.seed) : 1;

const started = performance.now();
const server = await createReferenceServer({ port: 0, db: ':memory:', logger: silentLogger });
const serverReady = performance.now();
let report;
try {
  const [first, second] = server.demoKeys;
  report = await runConformance({ baseUrl: server.url, apiKey: first!.apiKey, apiKey2: second?.apiKey, seed });
} finally {
  await server.close();
}
const wallSeconds = (performance.now() - started) / 1000;

const checks = report.results.filter((r) => r.kind !== 'response-check');
const requests = checks.reduce((sum, r) => sum + r.requests, 0);
const count = (status: string) => report.results.filter((r) => r.status === status).length;
const rate = Math.round(requests / (report.durationMs / 1000));
const met = wallSeconds <= TARGET_SECONDS && requests >= TARGET_REQUESTS;
const slowest = [...checks].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5);

const section = [
  START,
  '## Conformance suite: default profile against the embedded reference server',
  '',
  '```',
  'npm run bench:conformance',
  '```',
  '',
  `| measure | value |`,
  `|---|---|`,
  `| date | ${new Date().toISOString().slice(0, 10)} |`,
  `| nproc | ${availableParallelism()} |`,
  `| node | ${process.version} |`,
  `| seed | ${seed} |`,
  `| wall time (server start + run) | ${wallSeconds.toFixed(1)} s (server start ${((serverReady - started) / 1000).toFixed(1)} s) |`,
  `| requests sent | ${requests.toLocaleString('en-US')} |`,
  `| requests/s (during the run) | ${rate.toLocaleString('en-US')} |`,
  `| checks | ${checks.length} (+ ${report.results.length - checks.length} response checks): ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped |`,
  `| target (<= ${TARGET_SECONDS} s on 2 cores, >= ${TARGET_REQUESTS.toLocaleString('en-US')} requests) | ${met ? 'met' : 'NOT met'} |`,
  '',
  `Slowest checks: ${slowest.map((r) => `${r.check} ${(r.durationMs / 1000).toFixed(1)} s / ${r.requests} req`).join(', ') || '(none)'}.`,
  END,
].join('\n');

let existing = '';
try {
  existing = await readFile(RESULTS, 'utf8');
} catch {
  existing = '# Benchmark results\n';
}
const from = existing.indexOf(START);
const to = existing.indexOf(END);
const updated =
  from >= 0 && to > from
    ? `${existing.slice(0, from)}${section}${existing.slice(to + END.length)}`
    : `${existing.trimEnd()}\n\n${section}\n`;
await writeFile(RESULTS, updated);

process.stdout.write(`${section.split('\n').slice(7, -3).join('\n')}\n`);
if (!report.conformant) process.stdout.write(`note: the reference server has ${report.findings.filter((f) => f.severity === 'error').length} error findings\n`);
