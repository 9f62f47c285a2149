/**
 * The scaffolding checks share to report: a finding keyed under the check's
 * id, the exchange it is about, and a property's number of runs scaled down
 * from the configured one for properties that send many requests per run.
 */
import type { OperationSpec } from '../../spec/index.js';
import type { ApiResponse, CheckContext, FindingInput, Severity } from '../types.js';

/** The request and response of an exchange, for a finding about it (nothing when there is none). */
export function exchange(r: ApiResponse | undefined): Pick<FindingInput, 'request' | 'response'> {
  return r ? { request: r.request, response: r.response } : {};
}

export interface FindingAt {
  /** The operation concerned: its id, or its spec, whose method and path then open the message. */
  operation?: string | OperationSpec;
  /** The exchange the finding is about. */
  response?: ApiResponse;
  severity?: Severity;
}

/** A finding of check `check` under the key `check:key` (an error unless told otherwise). */
export function finding(check: string, key: string, message: string, at: FindingAt = {}): FindingInput {
  const op = typeof at.operation === 'object' ? at.operation : undefined;
  const operation = typeof at.operation === 'object' ? at.operation.id : at.operation;
  return {
    severity: at.severity ?? 'error',
    ...(operation !== undefined ? { operation } : {}),
    key: `${check}:${key}`,
    message: op ? `${op.method} ${op.path}: ${message}` : message,
    ...exchange(at.response),
  };
}

/** The configured runs divided by `divisor` (rounded up), and at least `min`. */
export function scaledRuns(ctx: Pick<CheckContext, 'config'>, min: number, divisor: number): number {
  return Math.max(min, Math.ceil(ctx.config.runs / divisor));
}
