/**
 * The conformance suite's default profile against the embedded reference
 * server, as a user runs it (`npx contactdrive-conformance`, no options but a
 * fixed seed): wall time, requests sent and requests per second. Writes its
 * section of bench/RESULTS.md (between the conformance markers) and leaves the
 * rest of the file alone.
 *
 *   npm run bench:conformance [-- --seed N]
 *
 * Targets: at most 8 s on 2 cores while sending at least 5,000 requests (the
 * suite and the embedded server's thread overlap, checks that can share the
 * target run at once).
 */
import { machineRows, sectionMarkers, writeResultsSection } from './results.js';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ConformanceReport } from '../conformance/index.js';

const CLI = fileURLToPath(new URL('../bin/contactdrive-conformance.js', import.meta.url));
const { start: START, end: END } = sectionMarkers('conformance');
const TARGET_SECONDS = 8;
const TARGET_REQUESTS = 5000;

const { values } = parseArgs({ options: { seed: { type: 'string' } } });
const seed = values.seed ?? '1';

const dir = await mkdtemp(join(tmpdir(), 'bench-conformance-'));
const output = join(dir, 'report.json');
const args = ['--seed', seed, '--reporter', 'json', '--output', output];
const loadBefore = loadavg()[0]!;
const started = performance.now();
const exitCode = await new Promise<number | null>((resolve, reject) => {
  // Only the embedded target: the caller's environment must not point the CLI elsewhere.
  const env = { ...process.env };
  for (const name of ['CONTACTDRIVE_BASE_URL', 'CONTACTDRIVE_API_KEY', 'CONTACTDRIVE_API_KEY_2']) delete env[name];
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'inherit', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  child.on('error', reject);
  child.on('close', (code) => {
    if (code === 2) process.stderr.write(stderr);
    resolve(code);
  });
});
const wallSeconds = (performance.now() - started) / 1000;
if (exitCode !== 0 && exitCode !== 1) {
  await rm(dir, { recursive: true, force: true });
  throw new Error(`the conformance CLI could not run (exit ${exitCode})`);
}
const report = JSON.parse(await readFile(output, 'utf8')) as ConformanceReport;
await rm(dir, { recursive: true, force: true });

const checks = report.results.filter((r) => r.kind !== 'response-check');
const requests = checks.reduce((sum, r) => sum + r.requests, 0);
const count = (status: string) => report.results.filter((r) => r.status === status).length;
const met = wallSeconds <= TARGET_SECONDS && requests >= TARGET_REQUESTS;
const slowest = [...checks].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5);
const errors = report.findings.filter((f) => f.severity === 'error');

const section = [
  START,
  '## Conformance suite: default profile against the embedded reference server',
  '',
  '```',
  `npm run bench:conformance   # node bin/contactdrive-conformance.js ${args.slice(0, 4).join(' ')}`,
  '```',
  '',
  '| measure | value |',
  '|---|---|',
  ...machineRows(loadBefore),
  `| wall time (process start to exit) | ${wallSeconds.toFixed(1)} s |`,
  `| run time (preflight + checks) | ${(report.durationMs / 1000).toFixed(1)} s |`,
  `| requests sent | ${requests.toLocaleString('en-US')} |`,
  `| requests/s (wall time) | ${Math.round(requests / wallSeconds).toLocaleString('en-US')} |`,
  `| checks | ${checks.length} + ${report.results.length - checks.length} response checks: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped; ${errors.length} error findings |`,
  `| target (<= ${TARGET_SECONDS} s on 2 cores, >= ${TARGET_REQUESTS.toLocaleString('en-US')} requests) | ${met ? 'met' : 'NOT met'} |`,
  '',
  `Slowest checks: ${slowest.map((r) => `${r.check} ${(r.durationMs / 1000).toFixed(1)} s / ${r.requests} requests`).join(', ') || '(none)'}.`,
  END,
].join('\n');

await writeResultsSection('conformance', section);
process.stdout.write(`${section.split('\n').slice(7, -3).join('\n')}\n`);
