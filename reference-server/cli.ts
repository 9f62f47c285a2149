/**
 * contactdrive-reference-server: runs the reference server until SIGINT or
 * SIGTERM. The first line printed once listening contains the base URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_TIMEOUTS,
  type ReferenceServerOptions,
  resolveConfig,
  stderrLogger,
} from './config.js';
import { FAULTS, listFaults } from './faults/index.js';
import { createReferenceServer } from './server.js';

const USAGE = `Usage: contactdrive-reference-server [options]

  --port N                 port to listen on (default ${DEFAULT_PORT}; 0 = any free port)
  --host H                 address to bind (default ${DEFAULT_HOST})
  --db PATH|:memory:|URL   SQLite database file, or a postgres:// URL (default: $DATABASE_URL, else :memory:)
  --fixtures DIR           directory with workspaces.json and contacts.json (default: the package's fixtures/)
  --no-fixtures            start with no contacts (workspaces and keys still load)
  --fault NAME             switch on a deliberate fault (repeatable; see --list-faults)
  --headers-timeout MS     cut a client that has not sent its headers within MS (default ${DEFAULT_TIMEOUTS.headersTimeoutMs})
  --request-timeout MS     cut a client that has not sent its whole request within MS (default ${DEFAULT_TIMEOUTS.requestTimeoutMs})
  --keep-alive-timeout MS  close a keep-alive connection idle for MS (default ${DEFAULT_TIMEOUTS.keepAliveTimeoutMs})
  --list-faults            list the fault catalogue and exit
  --version                print the version and exit
  --help                   show this help and exit
`;

/**
 * The version in the nearest package.json at or above `dir` that has one, so
 * the same code works from the sources and from a compiled copy deeper down.
 */
export function packageVersion(dir: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let at = dir; ; at = dirname(at)) {
    const file = join(at, 'package.json');
    if (existsSync(file)) {
      const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
      if (typeof version === 'string') return version;
    }
    if (dirname(at) === at) throw new Error(`no package.json with a version at or above ${dir}`);
  }
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Resolves when the process is asked to stop. */
  stopSignal: () => Promise<string>;
  /** The environment (`DATABASE_URL`). */
  env?: NodeJS.ProcessEnv;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stopSignal: () =>
    new Promise((resolve) => {
      const stop = (signal: string) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(signal);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }),
  env: process.env,
};

type Parsed = { kind: 'run'; options: ReferenceServerOptions } | { kind: 'exit'; code: number };

function parse(argv: string[], io: CliIo): Parsed {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        fixtures: { type: 'string' },
        'no-fixtures': { type: 'boolean' },
        fault: { type: 'string', multiple: true },
        'list-faults': { type: 'boolean' },
        'headers-timeout': { type: 'string' },
        'request-timeout': { type: 'string' },
        'keep-alive-timeout': { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return { kind: 'exit', code: 2 };
  }
  if (values.help) {
    io.out(USAGE);
    return { kind: 'exit', code: 0 };
  }
  if (values.version) {
    io.out(packageVersion());
    return { kind: 'exit', code: 0 };
  }
  if (values['list-faults']) {
    for (const f of listFaults())
      io.out(
        `${f.name.padEnd(42)} ${f.kind.padEnd(7)} ${f.area.padEnd(12)} ${f.description}${f.expectedChecks.length ? ` [${f.expectedChecks.join(', ')}]` : ''}`,
      );
    return { kind: 'exit', code: 0 };
  }
  const usage = (message: string): Parsed => {
    io.err(`${message}\n\n${USAGE}`);
    return { kind: 'exit', code: 2 };
  };
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (values.port !== undefined && (!/^\d+$/.test(values.port) || port > 65535))
    return usage(`--port must be 0-65535, not ${values.port}`);
  if (values.host === '') return usage('--host must not be empty');
  if (values.db === '') return usage('--db must not be empty');
  if (values.fixtures !== undefined && values['no-fixtures'])
    return usage('--fixtures and --no-fixtures exclude each other');
  const timeouts: Pick<ReferenceServerOptions, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'> = {};
  for (const [flag, option] of [
    ['headers-timeout', 'headersTimeoutMs'],
    ['request-timeout', 'requestTimeoutMs'],
    ['keep-alive-timeout', 'keepAliveTimeoutMs'],
  ] as const) {
    const given = values[flag];
    if (given === undefined) continue;
    if (!/^[1-9]\d*$/.test(given))
      return usage(`--${flag} must be a positive whole number of milliseconds, not ${given}`);
    timeouts[option] = Number(given);
  }
  const unknown = (values.fault ?? []).filter((name) => !FAULTS.some((f) => f.name === name));
  if (unknown.length > 0) return usage(`unknown fault ${unknown.join(', ')} (see --list-faults)`);
  const options: ReferenceServerOptions = {
    port,
    host: values.host,
    db: values.db ?? (io.env?.DATABASE_URL || undefined),
    fixtures: values['no-fixtures'] ? false : values.fixtures,
    faults: values.fault ?? [],
    ...timeouts,
    logger: stderrLogger,
  };
  try {
    resolveConfig(options);
  } catch (error) {
    return usage((error as Error).message);
  }
  return { kind: 'run', options };
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parse(argv, io);
  if (parsed.kind === 'exit') return parsed.code;
  const stopped = io.stopSignal();
  let server;
  try {
    server = await createReferenceServer(parsed.options);
  } catch (error) {
    io.err(`contactdrive-reference-server: ${(error as Error).message}`);
    return 1;
  }
  io.out(`ContactDrive v2 reference server listening on ${server.url}`);
  io.out(`  store: ${server.store}`);
  for (const { workspaceId, apiKey } of server.demoKeys) io.out(`  demo key for ${workspaceId}: ${apiKey}`);
  if (server.config.faults.length > 0) io.out(`  faults on: ${server.config.faults.join(', ')}`);
  const signal = await stopped;
  io.err(`contactdrive-reference-server: ${signal}, shutting down`);
  await server.close();
  return 0;
}
