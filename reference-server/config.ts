/**
 * Options resolved once into a filled config and passed down. Nothing below
 * the CLI reads `process.env`.
 */
import { packagePath } from '../spec/package-root.js';
import { type Fault, FAULTS } from './faults/index.js';
import type { Logger } from './types.js';

export interface ReferenceServerOptions {
  /** Default 4010; 0 picks any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A SQLite file, or `:memory:` (the default). */
  db?: string;
  /** The fixtures directory (default: the repository's `fixtures/`); `false` loads no contacts. */
  fixtures?: string | false;
  /** Names from the fault catalogue (`faults.ts`) to switch on. */
  faults?: readonly string[];
  /** The catalogue `faults` names are looked up in (default: `FAULTS`); tests may bring their own. */
  faultCatalogue?: readonly Fault[];
  /** The clock, in epoch milliseconds (timestamps, idempotency expiry). */
  now?: () => number;
  /** Where unexpected errors are logged (default: stderr). */
  logger?: Logger;
}

export interface Config {
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
}

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_FIXTURES_DIR = packagePath('fixtures/');

export const stderrLogger: Logger = {
  error: (message, error) => console.error(message, error ?? ''),
  info: (message) => console.error(message),
};

export const silentLogger: Logger = { error: () => {}, info: () => {} };

export function resolveConfig(options: ReferenceServerOptions = {}): Config {
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be an integer 0-65535, not ${port}`);
  return {
    port,
    host: options.host ?? DEFAULT_HOST,
    db: options.db ?? ':memory:',
    fixturesDir: typeof options.fixtures === 'string' ? options.fixtures : DEFAULT_FIXTURES_DIR,
    loadContacts: options.fixtures !== false,
    faults: [...(options.faults ?? [])],
    faultCatalogue: options.faultCatalogue ?? FAULTS,
    now: options.now ?? Date.now,
    logger: options.logger ?? stderrLogger,
  };
}
