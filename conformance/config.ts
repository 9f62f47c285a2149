/**
 * Run options, resolved once into a filled `ResolvedConfig` that every part
 * below the CLI receives. Nothing here (or below) reads `process.env`.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { DEFAULT_SPEC_PATH } from '../spec/index.js';
import { UsageError } from './errors.js';
import { secretVariables } from './redact.js';
import type { CheckResult, ResolvedConfig } from './types.js';

/** What happened while a run progresses; the CLI prints it on stderr. */
export type ProgressEvent =
  | { type: 'run-start'; target: string; seed: number; runId: string; total: number }
  | { type: 'check-start'; check: string; index: number; total: number }
  | { type: 'check-end'; result: CheckResult; index: number; total: number };

export interface RunOptions {
  baseUrl: string;
  apiKey: string;
  /** A key of a second workspace; enables the isolation checks. */
  apiKey2?: string;
  /** The run's seed; random when omitted (and printed in every report). */
  seed?: number;
  /** fast-check runs per property. */
  runs?: number;
  /**
   * Shrink a failing property's input to a smallest counterexample (default true). Off, the
   * first failing input is reported as found: the same verdict, sooner, with a larger example.
   */
  shrink?: boolean;
  /** Ids of checks and response checks to run (see `selectChecks`). */
  checks?: string[];
  /** Ids of checks and response checks to leave out. */
  skip?: string[];
  /**
   * Send nothing that writes. A check that writes is skipped, unless it has a
   * read-only fallback: then it runs on the contacts that exist and sends only
   * reads and dry runs (D7: a dry run writes nothing). Checks that do not
   * write run as usual.
   */
  readOnly?: boolean;
  /** Per-request time limit. */
  timeoutMs?: number;
  /**
   * At most this many requests in flight to the target (and connections, and
   * checks running at once; more wait before their time limit starts). Checks
   * that can share the target overlap (`Check.sharing`); 1 runs everything
   * one request at a time.
   */
  concurrency?: number;
  /**
   * Time limit of the whole run. The check running when it is reached, and
   * every check after it, errors (`time-limit`): no verdict, not a finding.
   */
  overallTimeoutMs?: number;
  /** Fixes the run id (and so the tag on written contacts); random when omitted. */
  runId?: string;
  /**
   * The command a finding's reproduction line starts with; defaults to
   * `npx contactdrive-conformance --base-url <baseUrl>`.
   */
  reproduceCommand?: string;
  /**
   * The OpenAPI document the run takes the contract from; the kit's own
   * `spec/openapi.yaml` when omitted. A document whose names do not match the
   * suite's vocabulary stops the run before any request.
   */
  specPath?: string;
  onProgress?: (event: ProgressEvent) => void;
}

export const DEFAULTS = {
  runs: 100,
  timeoutMs: 10_000,
  concurrency: 4,
  overallTimeoutMs: 600_000,
  maxConcurrency: 256,
} as const;

/** Seeds are 32-bit signed integers, fast-check's seed space. */
const SEED_MIN = -(2 ** 31);
const SEED_MAX = 2 ** 31 - 1;

export function randomSeed(): number {
  return randomInt(0, SEED_MAX);
}

function positiveInteger(
  name: string,
  value: number | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new UsageError(`${name} must be an integer from 1 to ${max}, got ${value}`);
  }
  return value;
}

/** The base URL without a trailing slash; only http(s) with no query or fragment. */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--base-url must be an absolute http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--base-url must use http or https, got ${url.protocol}`);
  }
  if (url.search || url.hash) throw new UsageError('--base-url must not have a query string or fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export interface RunSettings {
  config: ResolvedConfig;
  overallTimeoutMs: number;
  reproduceCommand: string;
  /** The document the contract is loaded from (`DEFAULT_SPEC_PATH` unless given). */
  specPath: string;
}

export function resolveConfig(options: RunOptions): RunSettings {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  if (!options.apiKey) throw new UsageError('an API key is required (--api-key)');
  if (options.apiKey2 !== undefined && options.apiKey2 === '') throw new UsageError('--api-key-2 must not be empty');
  // A key travels in a header: visible Latin-1 only, no surrounding blanks.
  for (const [option, key] of [
    ['--api-key', options.apiKey],
    ['--api-key-2', options.apiKey2],
  ] as const) {
    if (key !== undefined && !/^[\x21-\x7e\x80-\xff](?:[\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$/.test(key)) {
      throw new UsageError(
        `${option} holds characters an HTTP header cannot carry (control characters, line breaks, surrounding blanks or non-Latin-1 letters)`,
      );
    }
  }
  if (options.apiKey2 !== undefined && options.apiKey2 === options.apiKey) {
    throw new UsageError('--api-key-2 must be a key of another workspace, not the same key');
  }
  const seed = options.seed ?? randomSeed();
  if (!Number.isInteger(seed) || seed < SEED_MIN || seed > SEED_MAX) {
    throw new UsageError(`--seed must be an integer from ${SEED_MIN} to ${SEED_MAX}, got ${seed}`);
  }
  const runId = options.runId ?? randomBytes(4).toString('hex');
  if (!/^[a-z0-9-]{1,32}$/i.test(runId))
    throw new UsageError(`run id must be 1-32 letters, digits or dashes, got ${runId}`);
  const config: ResolvedConfig = {
    baseUrl,
    apiKey: options.apiKey,
    ...(options.apiKey2 !== undefined ? { apiKey2: options.apiKey2 } : {}),
    seed,
    runs: positiveInteger('--runs', options.runs, DEFAULTS.runs),
    timeoutMs: positiveInteger('--timeout', options.timeoutMs, DEFAULTS.timeoutMs),
    concurrency: positiveInteger('--concurrency', options.concurrency, DEFAULTS.concurrency, DEFAULTS.maxConcurrency),
    readOnly: options.readOnly ?? false,
    shrink: options.shrink ?? true,
    runId,
    runTag: `conformance-${runId}`,
  };
  return {
    config,
    overallTimeoutMs: positiveInteger('overall timeout', options.overallTimeoutMs, DEFAULTS.overallTimeoutMs),
    specPath: options.specPath ?? DEFAULT_SPEC_PATH,
    // Keys as variable references, so a pasted line works once they are exported and never shows them.
    reproduceCommand:
      options.reproduceCommand ??
      [
        `npx contactdrive-conformance --base-url ${baseUrl}`,
        `--api-key "$${secretVariables.primary}"`,
        ...(options.apiKey2 !== undefined ? [`--api-key-2 "$${secretVariables.second}"`] : []),
      ].join(' '),
  };
}
