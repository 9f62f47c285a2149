/**
 * Options resolved once into a filled config and passed down. Nothing below
 * the CLI reads `process.env`.
 */
import { DEFAULT_SPEC_PATH } from '../spec/index.js';
import { packagePath } from '../spec/package-root.js';
import { type Fault, FAULTS } from './faults/index.js';
import type { Logger } from './types.js';

export interface ReferenceServerOptions {
  /** The OpenAPI document served and obeyed (default: the package's `spec/openapi.yaml`). */
  spec?: string;
  /** Default 4010; 0 picks any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A SQLite file, `:memory:` (the default), or a `postgres://` URL. */
  db?: string;
  /** The fixtures directory (default: the repository's `fixtures/`); `false` loads no contacts. */
  fixtures?: string | false;
  /** Names from the fault catalogue (`faults/`) to switch on. */
  faults?: readonly string[];
  /** The catalogue `faults` names are looked up in (default: `FAULTS`); tests may bring their own. */
  faultCatalogue?: readonly Fault[];
  /** The clock, in epoch milliseconds (timestamps, idempotency expiry). */
  now?: () => number;
  /** Where unexpected errors are logged (default: stderr). */
  logger?: Logger;
  /** D15: how long a client may take to send the request headers, in ms (default 10 000). */
  headersTimeoutMs?: number;
  /** D15: how long a client may take to send the whole request, body included, in ms (default 30 000). */
  requestTimeoutMs?: number;
  /** D15: how long an idle keep-alive connection stays open, in ms (default 5 000). */
  keepAliveTimeoutMs?: number;
}

export interface Config {
  specPath: string;
  port: number;
  host: string;
  db: string;
  /** Where `workspaces.json` (always) and `contacts.json` (unless `loadContacts` is false) are read. */
  fixturesDir: string;
  loadContacts: boolean;
  faults: readonly string[];
  faultCatalogue: readonly Fault[];
  now: () => number;
  logger: Logger;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
/** D15: Node's own defaults (60 s, 300 s) let a trickling client hold a socket for minutes. */
export const DEFAULT_TIMEOUTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
} as const;
export const DEFAULT_FIXTURES_DIR = packagePath('fixtures/');

export const stderrLogger: Logger = {
  error: (message, error) => console.error(message, error ?? ''),
  info: (message) => console.error(message),
};

export const silentLogger: Logger = { error: () => {}, info: () => {} };

export function resolveConfig(options: ReferenceServerOptions = {}): Config {
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port must be an integer 0-65535, not ${port}`);
  const timeouts: Record<keyof typeof DEFAULT_TIMEOUTS, number> = { ...DEFAULT_TIMEOUTS };
  for (const name of Object.keys(timeouts) as Array<keyof typeof timeouts>) {
    const given = options[name];
    if (given === undefined) continue;
    if (!Number.isInteger(given) || given <= 0)
      throw new Error(`${name} must be a positive integer (milliseconds), not ${given}`);
    timeouts[name] = given;
  }
  // Node refuses a headers timeout longer than the request timeout it is part of.
  if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs) {
    throw new Error(
      `headersTimeoutMs (${timeouts.headersTimeoutMs}) must not exceed requestTimeoutMs (${timeouts.requestTimeoutMs})`,
    );
  }
  return {
    specPath: options.spec ?? DEFAULT_SPEC_PATH,
    port,
    host: options.host ?? DEFAULT_HOST,
    db: options.db ?? ':memory:',
    fixturesDir: typeof options.fixtures === 'string' ? options.fixtures : DEFAULT_FIXTURES_DIR,
    loadContacts: options.fixtures !== false,
    faults: [...(options.faults ?? [])],
    faultCatalogue: options.faultCatalogue ?? FAULTS,
    now: options.now ?? Date.now,
    logger: options.logger ?? stderrLogger,
    ...timeouts,
  };
}
