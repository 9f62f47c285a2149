/**
 * The conformance suite's vocabulary. A check is a small named unit that talks
 * to the target only over HTTP (through `CheckContext.client`) and reports
 * findings as data; the runner selects, runs, times and reports checks.
 */
import type * as fc from 'fast-check';
import type { Contract } from '../spec/index.js';
import type { ContractCoverage } from './coverage.js';

export type Severity = 'error' | 'warning' | 'info';

export type Area =
  | 'responses'
  | 'auth'
  | 'isolation'
  | 'pagination'
  | 'idempotency'
  | 'dry-run'
  | 'validation'
  | 'data';

/** A request as sent, for reports and curl lines. Header values keep the real key; reporters redact. */
export interface RecordedRequest {
  method: string;
  /** The absolute URL, query string included. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Set when the body bytes are not UTF-8 text and `body` holds them in base64. */
  bodyEncoding?: 'base64';
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body text, cut to a few KiB for reports. */
  body: string;
  durationMs: number;
  /** Why no complete response arrived (connection refused or reset, timeout, unparseable HTTP). */
  error?: string;
  /** True when the body exceeded the client's read limit and was cut off. */
  truncated?: boolean;
}

export interface Finding {
  /** The id of the check that reported it. */
  check: string;
  severity: Severity;
  /** The operationId concerned, when there is one. */
  operation?: string;
  message: string;
  /**
   * Groups repeats of one bug into one finding: the same check reporting the
   * same key twice is counted once (with `occurrences`).
   */
  key: string;
  /** How many times this finding (or one of the same cause, see `related`) was seen. */
  occurrences?: number;
  /** Every operation where a finding of this cause was seen, when more than one. */
  operations?: string[];
  /** Further findings folded into this one (the same cause, or past a check's cap): each one's key, operation and message. */
  related?: FindingBrief[];
  /** Other problems of the check past its cap of distinct error findings (not instances of this one). */
  more?: FindingBrief[];
  request?: RecordedRequest;
  response?: RecordedResponse;
  /** The run's seed and, for a property failure, fast-check's path and shrunk counterexample. */
  seed?: number;
  path?: string;
  counterexample?: string;
  /** A copy-pasteable reproduction of `request`, the API key redacted. */
  curl?: string;
  /** The command line that runs the check that found it again, with the same seed. */
  reproduce?: string;
}

/** A finding folded into another: what tells it apart. */
export interface FindingBrief {
  key: string;
  operation?: string;
  message: string;
  counterexample?: string;
  path?: string;
}

/** What a check reports; the context fills in `check` and `seed`. */
export type FindingInput = Omit<
  Finding,
  'check' | 'seed' | 'curl' | 'occurrences' | 'operations' | 'related' | 'more' | 'reproduce'
>;

export type AuthMode =
  /** `Authorization: Bearer <key>` with the client's key (the default). */
  | 'bearer'
  /** The deprecated `?apiKey=<key>` query parameter with the client's key. */
  | 'query'
  /** No credentials at all. */
  | 'none'
  /** Exactly this Authorization header value (for malformed and wrong-scheme cases). */
  | { authorization: string }
  /** The deprecated query parameter with exactly this value. */
  | { queryKey: string };

export type QueryValue = string | number | boolean | Array<string | number | boolean>;

export interface CallOptions {
  /** Values for the operation's path template (`contactId`). */
  pathParams?: Record<string, string>;
  query?: Record<string, QueryValue | undefined>;
  headers?: Record<string, string>;
  /** A JSON value to send as the body, or `{ raw }` to send exact bytes (malformed JSON, wrong type). */
  body?: unknown;
  raw?: { body: string | Buffer; contentType?: string };
  auth?: AuthMode;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body when it is JSON, otherwise undefined. */
  json: unknown;
  request: RecordedRequest;
  response: RecordedResponse;
  /**
   * Set when no complete response arrived: `status` is 0 (or the status line
   * received before the failure) and this says why. `call` never throws for it.
   */
  error?: string;
  /** True when the body exceeded the client's read limit; `text` holds its start. */
  truncated?: boolean;
}

export interface ApiClient {
  /** Calls an operation of the contract by operationId; method and path come from the spec. */
  call(operationId: string, options?: CallOptions): Promise<ApiResponse>;
  /** A request outside the contract's operations (unknown routes, unsupported methods). */
  raw(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** Requests this client has sent so far. */
  readonly requestCount: number;
}

/** The target's view of the key's workspace, read once before the checks run. */
export interface WorkspaceInfo {
  workspaceId: string;
  /** Custom field definitions: slug (without `customFields.`) and JSON type. */
  customFields: Array<{ slug: string; type: 'string' | 'number' | 'boolean' }>;
}

export interface ResolvedConfig {
  baseUrl: string;
  apiKey: string;
  apiKey2?: string;
  seed: number;
  /** fast-check runs per property. */
  runs: number;
  timeoutMs: number;
  /** The connection pool's size, and so the most requests in flight (`RunOptions.concurrency`). */
  concurrency: number;
  /** Nothing that writes is sent (`RunOptions.readOnly`). */
  readOnly: boolean;
  /** Failing inputs are shrunk (`RunOptions.shrink`). */
  shrink: boolean;
  /** Unique per run; every contact the suite writes carries the tag `conformance-<runId>`. */
  runId: string;
  runTag: string;
}

export interface PropertyOptions<T> {
  /** Names the property within the check (for the seed derivation and reports). */
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /**
   * Returns undefined when the property holds for `value`, or the finding to
   * report; may also throw. Requests made while it runs are recorded, and the
   * last one of the shrunk counterexample is attached to the finding.
   */
  predicate: (value: T) => Promise<FindingInput | undefined>;
  /** Overrides the configured number of runs (for expensive properties). */
  runs?: number;
}

export interface CheckContext {
  contract: Contract;
  config: ResolvedConfig;
  /** Client authenticated with the primary key. */
  client: ApiClient;
  /** Client authenticated with the second workspace's key, when one was given. */
  secondClient?: ApiClient;
  workspace: WorkspaceInfo;
  secondWorkspace?: WorkspaceInfo;
  report(finding: FindingInput): void;
  /** Runs a seeded fast-check property; a failure is shrunk and reported with seed, path and curl. */
  property<T>(options: PropertyOptions<T>): Promise<void>;
  /** Notes to show in the summary (e.g. why part of a check was skipped). */
  note(message: string): void;
}

export interface Check {
  /** Kebab-case id used by --checks/--skip and in reports. */
  id: string;
  description: string;
  area: Area;
  /** False when the check sends no request that writes (dry runs count as not writing). */
  writes: boolean;
  /** True when the check needs --api-key-2; without it the check is skipped with a note. */
  needsSecondKey?: boolean;
  /**
   * True for a check that writes only outside --read-only: under it the check
   * writes nothing (it reads `ctx.config.readOnly`) and works with the data
   * that exists, so it runs instead of being skipped.
   */
  readOnlyFallback?: boolean;
  /**
   * Whether the check can share the target with other checks running at the
   * same time. `shared`: every read whose expected answer depends on the
   * workspace's contacts is narrowed to contacts only this check wrote (or it
   * makes no such read), and nothing it expects depends on timing, so other
   * checks' writes cannot change its verdict. `alone` (the default): it runs
   * with no other check in flight, for checks that judge whole lists or
   * contacts they did not write, and for those whose requests must be in
   * flight together (other checks' requests would take the free slots). The runner runs the `alone` checks first,
   * one after another, then overlaps the `shared` ones.
   */
  sharing?: Sharing;
  run(ctx: CheckContext): Promise<void>;
}

export type Sharing = 'shared' | 'alone';

/**
 * `errored`: the kit could not finish the check: an exception in a check, a
 * generator or the runner (a bug of the kit), or the run's time limit. It says
 * nothing about the target.
 */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'errored';

/** What went wrong inside the kit when a check errored. */
export interface KitError {
  /**
   * `crash` (the default): an exception inside the kit, a bug of the kit.
   * `time-limit`: the run's overall time limit stopped the check, or came before it started.
   */
  kind?: 'crash' | 'time-limit';
  /** `Name: message` of the exception. */
  message: string;
  /** The first frames of its stack. */
  stack: string[];
  /** For a property: the shrunk input that made it throw, and fast-check's seed and path. */
  counterexample?: string;
  path?: string;
  /** The command that runs the check again with this run's seed. */
  reproduce?: string;
}
export interface CheckResult {
  check: string;
  /** A check that sends requests, or a response check applied to every response. */
  kind?: 'check' | 'response-check';
  description: string;
  status: CheckStatus;
  findings: Finding[];
  notes: string[];
  /** Set when `status` is `errored`. */
  error?: KitError;
  /** Requests the check sent; for a response check, the responses it inspected. */
  requests: number;
  durationMs: number;
}

export interface ConformanceReport {
  target: string;
  seed: number;
  runId: string;
  startedAt: string;
  durationMs: number;
  results: CheckResult[];
  /** Every finding of every check, errors first. */
  findings: Finding[];
  /** True when no finding has severity `error` and no check errored. */
  conformant: boolean;
  /**
   * `not-conformant` when some finding has severity `error` (exit 1); otherwise
   * `errored` when the kit failed on some check (exit 2); otherwise `conformant`.
   */
  verdict: Verdict;
  /** How much of the contract the run exercised (statuses, parameters, body values). */
  coverage?: ContractCoverage;
}

export type Verdict = 'conformant' | 'not-conformant' | 'errored';

/**
 * A check applied to every response the suite receives for an operation,
 * whichever check sent the request (Schemathesis's response checks). The
 * runner attributes its findings to its own id.
 */
export interface ResponseCheck {
  id: string;
  description: string;
  area: 'responses';
  /** Returns the problem with this response, if any. `operation` is undefined for `client.raw` calls. */
  inspect(
    response: ApiResponse,
    operation: import('../spec/index.js').OperationSpec | undefined,
    contract: Contract,
  ): FindingInput | undefined;
}
