/**
 * `contactdrive-conformance`: parse the command line, resolve the target
 * (the embedded reference server when no base URL is given), run the suite,
 * write the report to stdout or a file and the summary to stderr.
 * Exit status: 0 conformant, 1 at least one error finding, 2 could not run
 * (or the kit failed on a check and nothing else failed).
 * This is the only module that reads the environment.
 */
import { open, rm, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Worker, type MessagePort } from 'node:worker_threads';
import { packageInfo } from '../spec/package-root.js';
import { DEFAULTS, resolveConfig, type RunOptions } from './config.js';
import { coverageLine } from './coverage.js';
import { TargetError, UsageError } from './errors.js';
import {
  createProgressPrinter,
  formatReport,
  formatSummary,
  isReporterName,
  REPORTERS,
  type ReporterName,
} from './reporters/index.js';
import { selectChecks, type Registry } from './select.js';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

const PROGRAM = 'contactdrive-conformance';

const HELP = `Usage: ${PROGRAM} [options]

Property-based conformance tests for a ContactDrive v2 API. Without --base-url
(or CONTACTDRIVE_BASE_URL) the embedded reference server is started and tested
with the first two demo workspaces' keys.

Target:
  --base-url URL        the API's base URL, e.g. https://api.example.com/api/v2
                        (env CONTACTDRIVE_BASE_URL)
  --api-key KEY         an API key (env CONTACTDRIVE_API_KEY)
  --api-key-2 KEY       a key of another workspace; enables the isolation checks
                        (env CONTACTDRIVE_API_KEY_2)

Selection:
  --checks a,b          run only these checks and response checks; naming only
                        response checks keeps every check as a source of traffic
  --skip a,b            leave these out
  --read-only           write nothing: checks that need writes run on existing
                        data and dry runs where they can, or are skipped
  --list-checks         print each check's id and description, then exit

Generation and limits:
  --seed N              the run's seed (default: random, printed in the summary)
  --runs N              fast-check runs per property (default ${DEFAULTS.runs})
  --no-shrink           report a failing input as found, without shrinking it
                        to a smallest one: the same verdict, sooner
  --timeout MS          per-request time limit (default ${DEFAULTS.timeoutMs})
  --concurrency N       requests in flight at most, and checks overlapping
                        (default ${DEFAULTS.concurrency}; 1: one request at a time)
  --overall-timeout MS  time limit of the whole run (default ${DEFAULTS.overallTimeoutMs})

Output:
  --reporter NAME       ${Object.keys(REPORTERS).join(' | ')} (default tap)
  --output FILE         write the report to FILE instead of stdout; repeat
                        --reporter NAME --output FILE for several reports
                        of one run (the n-th --output gets the n-th report)
  -h, --help            show this help
  --version             print the kit's version

The summary and progress go to stderr. The report goes to stdout when stdout
is not a terminal or --reporter is given; on a terminal without either, only
progress and the summary are printed. Exit status: 0 conformant, 1 at least
one error finding, 2 could not run (bad usage, unreachable target, not a
ContactDrive v2 API, keys rejected) or the kit itself failed on a check and
nothing else failed (a bug of the kit, reported as errored). API keys never
appear in any output: curl lines read them from $CONTACTDRIVE_API_KEY and
$CONTACTDRIVE_API_KEY_2.
`;

const OPTIONS = {
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  'api-key-2': { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  checks: { type: 'string' },
  skip: { type: 'string' },
  reporter: { type: 'string', multiple: true },
  output: { type: 'string', multiple: true },
  'read-only': { type: 'boolean' },
  'no-shrink': { type: 'boolean' },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  'overall-timeout': { type: 'string' },
  'list-checks': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be an integer, got ${JSON.stringify(raw)}`);
  return Number(raw.trim());
}

function idList(name: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError(`--${name} needs a comma-separated list of check ids`);
  return ids;
}

function listChecks({ checks, responseChecks }: Registry): string {
  const all = [...checks, ...responseChecks];
  if (all.length === 0) return 'no checks are registered\n';
  const width = Math.max(...all.map((c) => c.id.length));
  const lines = ['Checks:'];
  for (const check of checks) {
    const flags = [check.writes ? 'writes' : '', check.needsSecondKey ? 'needs --api-key-2' : ''].filter(Boolean);
    lines.push(`  ${check.id.padEnd(width)}  ${check.description}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`);
  }
  lines.push('', 'Response checks (applied to every response):');
  for (const check of responseChecks) lines.push(`  ${check.id.padEnd(width)}  ${check.description}`);
  return `${lines.join('\n')}\n`;
}

/** Where the report was to go cannot be written: said in one line before the run. */
class OutputError extends Error {}

const OUTPUT_PROBLEMS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
};

/**
 * Opens the report file for appending (so nothing in it is lost yet) and
 * closes it again, so an unwritable path fails before the run, not after it.
 * Says whether the file was created, so a run without a report removes it.
 */
async function checkOutput(path: string): Promise<{ path: string; created: boolean }> {
  const existed = await stat(path).then(
    () => true,
    () => false,
  );
  try {
    await (await open(path, 'a')).close();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    throw new OutputError(`cannot write the report to ${path}: ${OUTPUT_PROBLEMS[code] ?? (error as Error).message}`);
  }
  return { path, created: !existed };
}

/** better-sqlite3's native module built for another Node.js: the one-line fix instead of its stack. */
export function abiMismatch(error: unknown): string | undefined {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (!/NODE_MODULE_VERSION/.test(text)) return undefined;
  const [built, needed] = [...text.matchAll(/NODE_MODULE_VERSION (\d+)/g)].map((m) => m[1]);
  const versions =
    built && needed ? ` (built for NODE_MODULE_VERSION ${built}, this Node.js ${process.version} needs ${needed})` : '';
  return `the embedded reference server's SQLite module was built for another Node.js version${versions}: run \`npm rebuild better-sqlite3\``;
}

interface EmbeddedTarget {
  baseUrl: string;
  apiKey: string;
  apiKey2?: string;
  close(): Promise<void>;
}

/** What the embedded server's thread tells the main thread. */
type EmbeddedMessage =
  | { type: 'ready'; url: string; demoKeys: Array<{ apiKey: string }> }
  | { type: 'failed'; message: string }
  | { type: 'closed' };

/**
 * Runs on the embedded server's thread: starts the reference server with the
 * fixtures, reports its URL and demo keys, and closes it when asked.
 */
export async function serveEmbedded(port: MessagePort): Promise<void> {
  const { createReferenceServer } = await import('../reference-server/index.js');
  const server = await createReferenceServer({ port: 0, db: ':memory:' });
  port.on('message', () => {
    void server.close().finally(() => {
      port.postMessage({ type: 'closed' } satisfies EmbeddedMessage);
      port.close();
    });
  });
  port.postMessage({ type: 'ready', url: server.url, demoKeys: server.demoKeys } satisfies EmbeddedMessage);
}

/**
 * The worker's entry: when this module is the TypeScript source, load it
 * through tsx first (the compiled one needs plain node only), then call
 * `serveEmbedded` of this very module. Plain CommonJS because a worker
 * evaluates it as is.
 */
const EMBEDDED_ENTRY = `
const { parentPort, workerData } = require('node:worker_threads');
(workerData.tsx ? import(workerData.tsx).then((tsx) => tsx.register()) : Promise.resolve())
  .then(() => import(workerData.cli))
  .then((cli) => cli.serveEmbedded(parentPort))
  .catch((error) => parentPort.postMessage({ type: 'failed', message: String((error && error.stack) || error) }));
`;

/** tsx is a development tool: only the sources need it, and an installed package has none. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * The reference server with the first two demo workspaces' keys, in this
 * process but on a thread of its own, so the server and the suite each get a
 * core instead of sharing one event loop.
 */
async function startEmbedded(): Promise<EmbeddedTarget> {
  const worker = new Worker(EMBEDDED_ENTRY, {
    eval: true,
    workerData: { cli: import.meta.url, ...(FROM_SOURCES ? { tsx: import.meta.resolve('tsx/esm/api') } : {}) },
  });
  const next = () =>
    new Promise<EmbeddedMessage>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the embedded reference server's thread exited (${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (message: EmbeddedMessage) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        resolve(message);
      });
    });
  const ready = await next().catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  // The demo keys of fixtures/workspaces.json, in file order.
  const [first, second] = ready.type === 'ready' ? ready.demoKeys : [];
  if (ready.type !== 'ready' || !first) {
    await worker.terminate();
    throw new Error(
      `the embedded reference server did not start: ${ready.type === 'failed' ? ready.message : 'no demo workspace'}`,
    );
  }
  return {
    baseUrl: ready.url,
    apiKey: first.apiKey,
    ...(second ? { apiKey2: second.apiKey } : {}),
    async close() {
      const closed = next().catch(() => undefined);
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await closed;
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * Runs the command line; returns the exit status. `registry` replaces the
 * suite's checks (for tests of the command line itself).
 */
export async function main(argv: string[], io: CliIo = processIo(), registry?: Registry): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`${PROGRAM}: ${message}\n`);
    return 2;
  };
  let embedded: EmbeddedTarget | undefined;
  const outputs: Array<{ path: string; created: boolean; written?: boolean }> = [];
  try {
    let values;
    try {
      ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (values.version) {
      io.stdout.write(`${packageInfo().version}\n`);
      return 0;
    }
    // Loaded only now: the runner pulls in the contract's parser and the HTTP client, which --help and --version do not need.
    const { exitStatus, runConformance, suiteRegistry } = await import('./runner.js');
    if (values['list-checks']) {
      io.stdout.write(listChecks(registry ?? (await suiteRegistry())));
      return 0;
    }
    const reporters = values.reporter ?? ['tap'];
    for (const reporter of reporters) {
      if (!isReporterName(reporter)) {
        throw new UsageError(
          `--reporter must be one of ${Object.keys(REPORTERS).join(', ')}, got ${JSON.stringify(reporter)}`,
        );
      }
    }
    const paths = values.output ?? [];
    if (reporters.length > 1 && paths.length !== reporters.length) {
      throw new UsageError(`${reporters.length} reporters need as many --output files, got ${paths.length}`);
    }
    if (paths.length > reporters.length)
      throw new UsageError(`${paths.length} --output files but ${reporters.length} --reporter`);
    const options: Omit<RunOptions, 'baseUrl' | 'apiKey'> = {
      seed: integer('seed', values.seed),
      runs: integer('runs', values.runs),
      timeoutMs: integer('timeout', values.timeout),
      concurrency: integer('concurrency', values.concurrency),
      overallTimeoutMs: integer('overall-timeout', values['overall-timeout']),
      checks: idList('checks', values.checks),
      skip: idList('skip', values.skip),
      readOnly: values['read-only'] ?? false,
      shrink: values['no-shrink'] !== true,
      onProgress: createProgressPrinter(io.stderr),
    };
    // Unknown ids are a usage error before any server starts.
    const suite = registry ?? (await suiteRegistry());
    selectChecks(suite, options.checks, options.skip);
    // On a terminal the summary is the output; piped, or when asked, the report goes to stdout.
    const reportToStdout = values.reporter !== undefined || io.stdout.isTTY !== true;
    for (const path of paths) outputs.push(await checkOutput(path));

    // Keys from the environment belong to an explicit target; the embedded one uses its demo keys.
    const baseUrl = values['base-url'] ?? io.env.CONTACTDRIVE_BASE_URL;
    // Every option is checked before anything starts, the embedded server included (its URL and keys stand in).
    resolveConfig({ ...options, baseUrl: baseUrl || 'http://127.0.0.1/', apiKey: values['api-key'] || 'unset' });
    let target: Pick<RunOptions, 'baseUrl' | 'apiKey' | 'apiKey2' | 'reproduceCommand'>;
    if (baseUrl !== undefined && baseUrl !== '') {
      const apiKey = values['api-key'] ?? io.env.CONTACTDRIVE_API_KEY;
      if (!apiKey) throw new UsageError('--api-key (or CONTACTDRIVE_API_KEY) is required with --base-url');
      const apiKey2 = values['api-key-2'] ?? (io.env.CONTACTDRIVE_API_KEY_2 || undefined);
      target = { baseUrl, apiKey, ...(apiKey2 !== undefined ? { apiKey2 } : {}) };
    } else {
      io.stderr.write('no --base-url: testing the embedded reference server\n');
      embedded = await startEmbedded();
      const apiKey2 = values['api-key-2'] ?? embedded.apiKey2;
      target = {
        baseUrl: embedded.baseUrl,
        apiKey: values['api-key'] ?? embedded.apiKey,
        ...(apiKey2 !== undefined ? { apiKey2 } : {}),
        reproduceCommand: `npx ${PROGRAM}`,
      };
    }

    const report = await runConformance({ ...options, ...target, registry: suite });
    for (const [i, reporter] of reporters.entries()) {
      const text = formatReport(report, reporter as ReporterName);
      const output = outputs[i];
      if (output) {
        await writeFile(output.path, text);
        output.written = true;
      } else if (reportToStdout) io.stdout.write(text);
    }
    if (report.coverage) io.stderr.write(`${coverageLine(report.coverage)}\n`);
    io.stderr.write(formatSummary(report));
    return exitStatus(report);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message}\nRun with --help to see the options.`);
    if (error instanceof TargetError) return fail(`cannot test the target: ${error.message}`);
    if (error instanceof OutputError) return fail(error.message);
    const abi = abiMismatch(error);
    if (abi) return fail(abi);
    // Anything else is a bug of the kit: say so, with enough of the stack to report it.
    return fail(
      `the kit failed (a bug in the kit, not a finding about the target): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    await embedded?.close().catch(() => undefined);
    // A file made only to check the path is not left behind as an empty report.
    for (const output of outputs)
      if (output.created && !output.written) await rm(output.path, { force: true }).catch(() => undefined);
  }
}
