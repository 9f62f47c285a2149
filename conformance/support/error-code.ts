/**
 * Error codes as the contract's catalogue (`ErrorCode` with `x-http-status`)
 * knows them. A check names the code it expects by its role in the
 * vocabulary (`validation`, `notFound`); the code and its status come from
 * the contract, which verified the code at load.
 */
import type { Contract, Vocabulary } from '../../spec/index.js';
import { unreadableBody, type ResponseFacts } from '../client.js';

export interface ExpectedError {
  code: string;
  status: number;
}

export type ErrorRole = keyof Vocabulary['codes'];

export function errorCode(contract: Contract, role: ErrorRole): ExpectedError {
  const code = contract.names.codes[role];
  const status = contract.errorStatus[code];
  if (typeof status !== 'number') throw new Error(`spec: the error catalogue has no code ${code}`);
  return { code, status };
}

/** The `error` object of an envelope, or undefined when the body is not one. */
export function errorOf(json: unknown): { code?: unknown; message?: unknown; field?: unknown } | undefined {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const error = (json as { error?: unknown }).error;
  if (!error || typeof error !== 'object' || Array.isArray(error)) return undefined;
  return error as { code?: unknown; message?: unknown; field?: unknown };
}

/**
 * Why `response` is not the expected error (status, envelope code and, when
 * given, `field`), or undefined when it is.
 */
export function missesError(
  response: ResponseFacts & { json: unknown },
  expected: ExpectedError,
  field?: string,
): string | undefined {
  // A body cut off mid-way or encoded unasked is no answer to judge: say that, not "no error envelope".
  const unreadable = unreadableBody(response);
  if (unreadable !== undefined) return `expected ${expected.status} ${expected.code}, but ${unreadable}`;
  const error = errorOf(response.json);
  const got = `${response.status} ${typeof error?.code === 'string' ? error.code : '(no error envelope)'}`;
  if (response.status !== expected.status || error?.code !== expected.code) {
    return `expected ${expected.status} ${expected.code}, got ${got}`;
  }
  if (field !== undefined && error.field !== field) {
    return `expected ${expected.code} on field "${field}", got field ${JSON.stringify(error.field)}`;
  }
  return undefined;
}
