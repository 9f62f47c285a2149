/**
 * The kit's public API (`import … from 'contactdrive-contract-kit'`): run the
 * conformance suite, start the reference server, load the compiled contract.
 *
 * The types here are the kit's own, written out rather than re-exported, so
 * that a consumer's type-check needs no `@types/node` or `@types/better-sqlite3`
 * (the internal types mention `Buffer`, `http.Server` and the database). The
 * functions below pass these options to the internal ones and return what
 * those return, so the compiler proves the two sets of types agree.
 */
import { runConformance as runSuite } from './conformance/runner.js';
import { createReferenceServer as startServer } from './reference-server/index.js';

export type { BodyEnumCoverage, ContractCoverage, Exercised, OperationCoverage } from './conformance/coverage.js';
import type { ContractCoverage } from './conformance/coverage.js';

export {
  loadContract,
  DEFAULT_SPEC_PATH,
  type Contract,
  type OperationSpec,
  type ParameterSpec,
  type RequestBodySpec,
  type ResponseSpec,
  type HeaderSpec,
  type RouteMatch,
  type HttpMethod,
  type JsonSchema,
  type SecuritySpec,
  type ContractLimits,
} from './spec/index.js';

export type Severity = 'error' | 'warning' | 'info';

/** A request as sent; API keys are redacted in every report. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  bodyEncoding?: 'base64';
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
  error?: string;
  truncated?: boolean;
}

/** A finding folded into another: what tells it apart. */
export interface FindingBrief {
  key: string;
  operation?: string;
  message: string;
  counterexample?: string;
  path?: string;
}

export interface Finding {
  check: string;
  severity: Severity;
  operation?: string;
  /** Every operation where a finding of this cause was seen, when more than one. */
  operations?: string[];
  /** Further findings folded into this one (the same cause, or past a check's cap). */
  related?: FindingBrief[];
  /** Other problems of the check past its cap of distinct error findings. */
  more?: FindingBrief[];
  message: string;
  key: string;
  occurrences?: number;
  request?: RecordedRequest;
  response?: RecordedResponse;
  seed?: number;
  path?: string;
  counterexample?: string;
  curl?: string;
  reproduce?: string;
}

/** `errored`: the kit itself failed on the check; that says nothing about the target. */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'errored';

/** What went wrong inside the kit when a check errored. */
export interface KitError {
  /** `crash`: an exception inside the kit; `time-limit`: the run's time limit stopped the check. */
  kind?: 'crash' | 'time-limit';
  message: string;
  stack: string[];
  counterexample?: string;
  path?: string;
  reproduce?: string;
}

export interface CheckResult {
  check: string;
  kind?: 'check' | 'response-check';
  description: string;
  status: CheckStatus;
  findings: Finding[];
  notes: string[];
  /** Set when `status` is `errored`. */
  error?: KitError;
  requests: number;
  durationMs: number;
}

/** `errored`: no finding with severity `error`, but the kit failed on some check (exit 2). */
export type Verdict = 'conformant' | 'not-conformant' | 'errored';

export interface ConformanceReport {
  target: string;
  seed: number;
  runId: string;
  startedAt: string;
  durationMs: number;
  results: CheckResult[];
  findings: Finding[];
  conformant: boolean;
  verdict: Verdict;
  coverage?: ContractCoverage;
}

export type ProgressEvent =
  | { type: 'run-start'; target: string; seed: number; runId: string; total: number }
  | { type: 'check-start'; check: string; index: number; total: number }
  | { type: 'check-end'; result: CheckResult; index: number; total: number };

export interface ConformanceOptions {
  /** The API's base URL, e.g. `https://api.example.com/api/v2`. */
  baseUrl: string;
  apiKey: string;
  /** A key of a second workspace; enables the isolation checks. */
  apiKey2?: string;
  seed?: number;
  /** fast-check runs per property. */
  runs?: number;
  /** Ids of checks and response checks to run. */
  checks?: string[];
  /** Ids of checks and response checks to leave out. */
  skip?: string[];
  /** Write nothing to the target. */
  readOnly?: boolean;
  timeoutMs?: number;
  concurrency?: number;
  overallTimeoutMs?: number;
  runId?: string;
  /** The command a finding's reproduction line starts with. */
  reproduceCommand?: string;
  onProgress?: (event: ProgressEvent) => void;
}

/** Runs the conformance suite against the API at `options.baseUrl`. */
export function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  return runSuite(options);
}

export interface Logger {
  error(message: string, error?: unknown): void;
  info(message: string): void;
}

export interface ReferenceServerOptions {
  /** Default 4010; 0 picks any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A SQLite file, or `:memory:` (the default). */
  db?: string;
  /** A directory with `workspaces.json` and `contacts.json` (default: the kit's); `false` loads no contacts. */
  fixtures?: string | false;
  /** Names of catalogue faults to switch on (`contactdrive-reference-server --list-faults`). */
  faults?: readonly string[];
  /** The clock, in epoch milliseconds. */
  now?: () => number;
  /** Where unexpected errors are logged (default: stderr). */
  logger?: Logger;
}

export interface ReferenceServer {
  /** The base URL, e.g. `http://127.0.0.1:4010/api/v2`. */
  url: string;
  /** The fixtures' API keys, by workspace, in file order. */
  demoKeys: Array<{ workspaceId: string; apiKey: string }>;
  close(): Promise<void>;
}

/** Starts the reference server; it listens once the promise resolves. */
export async function createReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const server = await startServer(options);
  return { url: server.url, demoKeys: server.demoKeys, close: () => server.close() };
}
