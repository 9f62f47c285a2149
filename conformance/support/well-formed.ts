/**
 * A well-formed request for any operation, so a check can vary one thing
 * (the credentials, a paging value) while everything else is valid: path and
 * non-flag query parameters generated from their schemas, a body generated
 * from the request schema, and `dryRun=true` on writes so that nothing is
 * written even when the server gets the varied thing wrong.
 */
import * as fc from 'fast-check';
import type { OperationSpec } from '../../spec/index.js';
import { valid } from '../generate/valid.js';
import { propertySeed } from '../seed.js';
import type { CallOptions, CheckContext, QueryValue } from '../types.js';

/** The query parameter that turns a write into a preview (D7); writes are the operations that have it. */
export const DRY_RUN = 'dryRun';

export function isWrite(operation: OperationSpec): boolean {
  return operation.parameters.some((p) => p.in === 'query' && p.name === DRY_RUN);
}

function sample<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arbitrary, { seed, numRuns: 1 })[0]!;
}

/** Deterministic for the run's seed, the check and `variant`. */
export function wellFormedCall(ctx: CheckContext, operation: OperationSpec, variant = 0): CallOptions {
  const seed = propertySeed(ctx.config.seed, operation.id, `well-formed ${variant}`);
  const gen = { compile: ctx.contract.compile };
  const pathParams: Record<string, string> = {};
  const query: Record<string, QueryValue> = {};
  operation.parameters.forEach((p, i) => {
    if (p.in === 'path') pathParams[p.name] = String(sample(valid(p.schema, gen), seed + i));
    // Boolean flags keep their defaults: a flag such as `upsertByExternalId` has rules of its own.
    else if (p.in === 'query' && p.schema.type !== 'boolean') query[p.name] = sample(valid(p.schema, gen), seed + i) as QueryValue;
  });
  if (isWrite(operation)) query[DRY_RUN] = true;
  const body = operation.body ? sample(valid(operation.body.schema, gen), seed) : undefined;
  return { pathParams, query, ...(body !== undefined ? { body } : {}) };
}
