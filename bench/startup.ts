/**
 * Start-up of the compiled conformance CLI on plain Node (no tsx): the time
 * from spawning `node bin/contactdrive-conformance.js --base-url …` to the
 * first request a tiny local server receives, the median of a few runs; and,
 * for comparison, the same through tsx from the sources, and `--version` and
 * `--help` to exit. Writes its section of bench/RESULTS.md.
 *
 *   npm run build && npm run bench:startup [-- --runs N]
 *
 * Target: at most 1 s to the first request on this machine.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../spec/package-root.js';
import { machineRows, sectionMarkers, writeResultsSection } from './results.js';

const CLI = join(PACKAGE_ROOT, 'bin', 'contactdrive-conformance.js');
const COMPILED = join(PACKAGE_ROOT, 'dist', 'conformance', 'cli.js');
const TARGET_MS = 1000;
const { start: START, end: END } = sectionMarkers('startup');

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const runs = Math.max(1, Number(values.runs ?? 5));

if (!existsSync(COMPILED)) {
  process.stderr.write(`${COMPILED} is missing: run \`npm run build\` first\n`);
  process.exit(2);
}

/** Plain Node for the child: nothing this process was started with (tsx) is passed on. */
const env = { ...process.env };
delete env.NODE_OPTIONS;

// The tiny target: it only notes when the first request arrives and refuses everything.
let firstRequest: (() => void) | undefined;
const server = createServer((req, res) => {
  firstRequest?.();
  firstRequest = undefined;
  req.resume();
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"no"}}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;

/** Milliseconds from spawn to the first request (or to exit when `toExit`). */
function time(args: string[], toExit: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.once('error', reject);
    if (toExit) {
      child.once('exit', () => resolve(performance.now() - started));
      return;
    }
    firstRequest = () => {
      resolve(performance.now() - started);
      child.kill();
    };
    child.once('exit', () => reject(new Error(`${args.join(' ')} exited before any request`)));
  });
}

async function median(args: string[], toExit = false): Promise<number> {
  const samples: number[] = [];
  // One run first, not counted: it fills the file-system cache.
  await time(args, toExit);
  for (let i = 0; i < runs; i += 1) samples.push(await time(args, toExit));
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const dir = await mkdtemp(join(tmpdir(), 'bench-startup-'));
const loadBefore = loadavg()[0]!;
const target = ['--base-url', baseUrl, '--api-key', 'bench-key', '--runs', '1'];
let compiled: number;
let sources: number;
let version: number;
let help: number;
let contract: number;
try {
  compiled = await median([CLI, ...target]);
  // The sources as they ran before the build existed: tsx registered at start-up.
  const fromSources = join(dir, 'from-sources.mjs');
  await writeFile(
    fromSources,
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\nregister();\nconst { main } = await import(${JSON.stringify(pathToFileURL(join(PACKAGE_ROOT, 'conformance', 'cli.ts')).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  sources = await median([fromSources, ...target]);
  version = await median([CLI, '--version'], true);
  help = await median([CLI, '--help'], true);
  // Loading the contract (`loadContract`), timed inside a plain-Node child.
  const contractProbe = join(dir, 'contract.mjs');
  await writeFile(
    contractProbe,
    `const { loadContract } = await import(${JSON.stringify(pathToFileURL(join(PACKAGE_ROOT, 'dist', 'spec', 'index.js')).href)});\nconst t = performance.now();\nawait loadContract();\nprocess.stdout.write(String(performance.now() - t));\n`,
  );
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const child = spawn(process.execPath, [contractProbe], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    await new Promise((resolve) => child.once('close', resolve));
    samples.push(Number(out));
  }
  contract = samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
} finally {
  server.close();
  await rm(dir, { recursive: true, force: true });
}

const ms = (value: number) => `${Math.round(value)} ms`;
const section = [
  START,
  '## Conformance CLI start-up: the compiled package on plain Node',
  '',
  '```',
  'npm run build && npm run bench:startup   # node bin/contactdrive-conformance.js --base-url <tiny local server>',
  '```',
  '',
  `Median of ${runs} runs after one warm-up run; from spawning the process.`,
  '',
  '| measure | value |',
  '|---|---|',
  ...machineRows(loadBefore),
  `| compiled CLI: start to first request | ${ms(compiled)} |`,
  `| loading the contract (alone, in a child; the build validated it, its validators compile on first use) | ${ms(contract)} |`,
  `| sources through tsx: start to first request | ${ms(sources)} |`,
  `| compiled CLI: \`--version\` to exit | ${ms(version)} |`,
  `| compiled CLI: \`--help\` to exit | ${ms(help)} |`,
  `| target (compiled, first request <= ${TARGET_MS} ms) | ${compiled <= TARGET_MS ? 'met' : 'NOT met'} |`,
  END,
].join('\n');

await writeResultsSection('startup', section);
process.stdout.write(`${section.split('\n').slice(9, -1).join('\n')}\n`);
