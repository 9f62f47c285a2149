/**
 * The CheckContext a check runs with: clients that record every exchange,
 * `report`/`note`, and `property`, which runs a seeded fast-check property and
 * reports its shrunk counterexample as a replayable finding.
 */
import * as fc from 'fast-check';
import type { Contract, OperationSpec } from '../spec/index.js';
import { BODY_LIMIT_BYTES, type ExchangeListener } from './client.js';
import { PropertyCrashError } from './crash.js';
import { createFindingSink, type FindingSink } from './findings.js';
import type { Secret } from './redact.js';
import { propertySeed } from './seed.js';
import type {
  ApiClient,
  ApiResponse,
  Check,
  CheckContext,
  FindingInput,
  PropertyOptions,
  ResolvedConfig,
  WorkspaceInfo,
} from './types.js';

export interface ContextSetup {
  check: Pick<Check, 'id'>;
  config: ResolvedConfig;
  contract: Contract;
  workspace: WorkspaceInfo;
  secondWorkspace?: WorkspaceInfo;
  secrets: readonly Secret[];
  /** Makes a client with `apiKey` that reports every exchange to `listener`. */
  makeClient(apiKey: string, listener: ExchangeListener): ApiClient;
  /** Also sees every exchange (the runner's response checks). */
  observe?: ExchangeListener;
  /** The command line that reruns this check with this run's seed. */
  reproduce: string;
  /** The clients' read limit, for the message when a body passes it. */
  bodyLimitBytes?: number;
}

export interface CheckRun {
  ctx: CheckContext;
  sink: FindingSink;
  notes: string[];
  /** Requests sent by this check's clients. */
  requests(): number;
  /** Ignores whatever the check reports from now on. */
  close(): void;
}

export function createCheckContext(setup: ContextSetup): CheckRun {
  const { check, config } = setup;
  const sink = createFindingSink({
    check: check.id,
    seed: config.seed,
    secrets: setup.secrets,
    reproduce: setup.reproduce,
    operationIds: setup.contract.operations.map((op) => op.id),
  });
  const notes: string[] = [];
  let closed = false;
  let last: ApiResponse | undefined;

  const listener: ExchangeListener = (response, operation) => {
    if (closed) return;
    last = response;
    reportTransport(response, operation);
    setup.observe?.(response, operation);
  };

  // A body past the client's read limit (above the largest response the contract's declared fields
  // allow) cannot be judged by any check; it fails the check that met it.
  // (Transport failures are responses with an `error`, judged by the response checks.)
  function reportTransport(response: ApiResponse, operation: OperationSpec | undefined) {
    if (!response.truncated) return;
    const where = operation?.id ?? `${response.request.method} ${new URL(response.request.url).pathname}`;
    sink.add({
      severity: 'error',
      operation: operation?.id,
      key: `response-too-large:${where}`,
      message: `${response.request.method} ${where}: the response body exceeded ${setup.bodyLimitBytes ?? BODY_LIMIT_BYTES} bytes, more than the contract's declared fields can fill; reading stopped there`,
      request: response.request,
      response: response.response,
    });
  }

  const client = setup.makeClient(config.apiKey, listener);
  const secondClient = config.apiKey2 !== undefined ? setup.makeClient(config.apiKey2, listener) : undefined;

  async function property<T>(options: PropertyOptions<T>): Promise<void> {
    const seed = propertySeed(config.seed, check.id, options.name);
    const numRuns = options.runs ?? config.runs;
    type Failure = { finding?: FindingInput; error?: unknown; exchange?: ApiResponse };
    let lastFailure: Failure | undefined;

    const evaluate = async (value: T): Promise<Failure | undefined> => {
      last = undefined;
      try {
        const finding = await options.predicate(value);
        return finding ? { finding, exchange: last } : undefined;
      } catch (error) {
        return { error, exchange: last };
      }
    };

    const details = await fc.check(
      fc.asyncProperty(options.arbitrary, async (value) => {
        // Once the run's time is up, pass quietly instead of shrinking against a closed client.
        if (closed) return true;
        const failure = await evaluate(value);
        if (!failure) return true;
        lastFailure = failure;
        if (failure.error !== undefined) throw failure.error;
        return false;
      }),
      // Without shrinking, fast-check stops at the first failing value and reports it as it is.
      { seed, numRuns, endOnFailure: !config.shrink },
    );
    if (!details.failed || closed) return;

    const replay = `${setup.reproduce}  # property "${options.name}": fast-check seed ${seed}`;
    if (details.counterexample === null) {
      sink.add(
        {
          severity: 'warning',
          key: `property-gave-up:${options.name}`,
          message: `property "${options.name}" could not be tested: ${details.interrupted ? 'it was interrupted' : 'too many generated values were skipped'}`,
        },
        replay,
      );
      return;
    }

    // Run the shrunk counterexample once more so the finding carries its own request and response.
    const [value] = details.counterexample;
    const rerun = await evaluate(value);
    if (closed) return;
    const failure = rerun ?? lastFailure ?? { error: details.errorInstance };
    const path = details.counterexamplePath ?? '';
    // A predicate that throws is a bug of the kit, not a finding about the target: the check errors.
    if (failure.finding === undefined) {
      throw new PropertyCrashError(failure.error, options.name, fc.stringify(value), path, `${replay}, path ${path}`);
    }
    const flaky =
      rerun === undefined ? ' (passed when re-run with the shrunk counterexample: flaky or state-dependent)' : '';
    const exchange = failure.exchange;
    const base = failure.finding;
    sink.add(
      {
        ...base,
        message: `${base.message}${flaky}`,
        ...(base.request === undefined && exchange ? { request: exchange.request } : {}),
        ...(base.response === undefined && exchange ? { response: exchange.response } : {}),
        ...(base.operation === undefined && exchange ? { operation: operationOf(exchange) } : {}),
        path,
        counterexample: fc.stringify(value),
      },
      `${replay}, path ${path}`,
    );
  }

  // The operation a recorded request went to, its path taken relative to the target's base URL.
  const targetBase = new URL(config.baseUrl).pathname;
  const operationOf = (exchange: ApiResponse): string | undefined => {
    const path = new URL(exchange.request.url).pathname;
    if (!path.startsWith(`${targetBase}/`)) return undefined;
    const match = setup.contract.match(
      exchange.request.method,
      `${setup.contract.basePath}${path.slice(targetBase.length)}`,
    );
    return match.kind === 'operation' ? match.operation.id : undefined;
  };

  const ctx: CheckContext = {
    contract: setup.contract,
    config,
    client,
    ...(secondClient ? { secondClient } : {}),
    workspace: setup.workspace,
    ...(setup.secondWorkspace ? { secondWorkspace: setup.secondWorkspace } : {}),
    report: (finding) => {
      if (!closed) sink.add(finding);
    },
    property,
    note: (message) => {
      if (!closed && !notes.includes(message)) notes.push(message);
    },
  };

  return {
    ctx,
    sink,
    notes,
    requests: () => client.requestCount + (secondClient?.requestCount ?? 0),
    close() {
      closed = true;
      // The last exchange holds a body; a finished check keeps none alive.
      last = undefined;
      sink.close();
    },
  };
}
