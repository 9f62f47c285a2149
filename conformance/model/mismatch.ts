/**
 * A disagreement between the target and the model, thrown by a command and
 * turned into a finding by the check. `key` names the kind of disagreement
 * (stable across seeds); the message names the step whose state is read.
 */
import type { ApiResponse } from '../types.js';

export interface MismatchDetails {
  /** The kind, e.g. `query`, `search-q`, `write-status`. */
  kind: string;
  operation?: string;
  /** What went wrong, naming the cause: "after the dry-run upsert in step 4, …". */
  message: string;
  expected: string;
  actual: string;
  response?: ApiResponse;
}

export class Mismatch extends Error {
  override name = 'Mismatch';
  constructor(readonly details: MismatchDetails) {
    super(details.message);
  }
}

export function mismatch(details: MismatchDetails): never {
  throw new Mismatch(details);
}

/** A short JSON rendering for expected/actual lines. */
export function show(value: unknown, max = 400): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '(nothing)' : text.length > max ? `${text.slice(0, max)}…` : text;
}
