/**
 * Response checks: every response any check receives is shown to each selected
 * response check, and what they find is reported under their own ids.
 */
import type { Contract } from '../spec/index.js';
import type { ExchangeListener } from './client.js';
import { createFindingSink, type FindingSink } from './findings.js';
import type { Secret } from './redact.js';
import { kitError } from './crash.js';
import type { CheckResult, KitError, ResponseCheck } from './types.js';

export interface ResponseInspector {
  /** The listener for the exchanges of check `source`. */
  observe(source: string): ExchangeListener;
  results(): CheckResult[];
}

export interface InspectorSetup {
  responseChecks: readonly ResponseCheck[];
  contract: Contract;
  seed: number;
  secrets: readonly Secret[];
  /** The command that reruns the given check ids with this run's seed. */
  reproduce(ids: string[]): string;
}

interface Tally {
  check: ResponseCheck;
  sink: FindingSink;
  /** The first exception the response check threw: a bug of the kit, so the check errors. */
  crash: KitError | undefined;
  inspected: number;
  durationMs: number;
}

export function createResponseInspector(setup: InspectorSetup): ResponseInspector {
  const tallies: Tally[] = setup.responseChecks.map((check) => ({
    check,
    sink: createFindingSink({
      check: check.id,
      seed: setup.seed,
      secrets: setup.secrets,
      reproduce: setup.reproduce([check.id]),
      operationIds: setup.contract.operations.map((op) => op.id),
    }),
    crash: undefined,
    inspected: 0,
    durationMs: 0,
  }));

  return {
    observe: (source) => (response, operation) => {
      // Failed exchanges (status 0 with an `error`) are shown too: `not-a-server-error` reports them.
      for (const tally of tallies) {
        const started = performance.now();
        tally.inspected += 1;
        const reproduce = setup.reproduce([source, tally.check.id]);
        try {
          const finding = tally.check.inspect(response, operation, setup.contract);
          if (finding) {
            tally.sink.add(
              {
                ...finding,
                request: finding.request ?? response.request,
                response: finding.response ?? response.response,
              },
              reproduce,
            );
          }
        } catch (error) {
          tally.crash ??= kitError(error, { reproduce });
        }
        tally.durationMs += performance.now() - started;
      }
    },
    results: () =>
      tallies.map(({ check, sink, crash, inspected, durationMs }) => {
        const findings = sink.findings;
        return {
          check: check.id,
          kind: 'response-check',
          description: check.description,
          status: findings.some((f) => f.severity === 'error') ? 'failed' : crash ? 'errored' : 'passed',
          findings,
          ...(crash ? { error: crash } : {}),
          notes: inspected === 0 ? ['no responses to inspect'] : [],
          requests: inspected,
          durationMs: Math.round(durationMs),
        } satisfies CheckResult;
      }),
  };
}
