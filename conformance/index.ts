/** The conformance suite's public surface. */
export { runConformance, exitStatus, type RunnerOptions } from './runner.js';
export { resolveConfig, DEFAULTS, type RunOptions, type ProgressEvent } from './config.js';
export { UsageError, TargetError, type TargetProblem } from './errors.js';
export { selectChecks, type Registry, type Selection } from './select.js';
export { checks, responseChecks } from './checks/index.js';
export { createApiClient, createDispatcher, type ClientOptions, type ExchangeListener } from './client.js';
export { toCurl, shellQuote } from './curl.js';
export { createRedactor, runSecrets, type Secret } from './redact.js';
export { formatReport, formatSummary, createProgressPrinter, REPORTERS, type ReporterName } from './reporters/index.js';
export { toJsonReport, REPORT_SCHEMA_VERSION } from './reporters/json.js';
export {
  createCoverage,
  coverageLine,
  type Coverage,
  type ContractCoverage,
  type OperationCoverage,
  type BodyEnumCoverage,
  type Exercised,
  type ObservedExchange,
} from './coverage.js';
export { main } from './cli.js';
export type {
  Severity,
  Area,
  RecordedRequest,
  RecordedResponse,
  Finding,
  FindingInput,
  AuthMode,
  QueryValue,
  CallOptions,
  ApiResponse,
  ApiClient,
  WorkspaceInfo,
  ResolvedConfig,
  PropertyOptions,
  CheckContext,
  Check,
  CheckStatus,
  CheckResult,
  KitError,
  Verdict,
  ConformanceReport,
  ResponseCheck,
} from './types.js';
