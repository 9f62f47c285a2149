/**
 * Well-formed requests for any operation, so a check can vary one thing (the
 * credentials, a paging value) while everything else is valid: path and query
 * parameters generated from their schemas, bodies valid for the key's
 * workspace (custom fields and query fields it defines, D3/D5) and carrying
 * the run tag, queries narrowed to the run's contacts, and `dryRun=true` on
 * writes so that nothing is written even when the server gets the varied thing
 * wrong.
 */
import * as fc from 'fast-check';
import { NAMES, type OperationSpec } from '../../spec/index.js';
import { contactChanges, contactFields } from '../generate/contact.js';
import { valid } from '../generate/valid.js';
import { workspaceSchemas } from '../generate/workspace-schemas.js';
import { propertySeed } from '../seed.js';
import { runTagged } from './conditions.js';
import type { CallOptions, CheckContext, QueryValue } from '../types.js';

/** A write is an operation that takes the dry-run flag (D7: a preview of the write). */
export function isWrite(operation: OperationSpec): boolean {
  return operation.parameters.some((p) => p.in === 'query' && p.name === NAMES.query.dryRun);
}

/** Bodies the target must accept in the key's workspace (validation aside from cross-field rules). */
export function bodyArbitrary(ctx: CheckContext, operation: OperationSpec): fc.Arbitrary<unknown> | undefined {
  if (!operation.body) return undefined;
  const [wrapper] = (operation.body.schema.required as string[] | undefined) ?? [];
  const wrap = (contact: fc.Arbitrary<unknown>) => contact.map((fields) => ({ [wrapper!]: fields }));
  switch (operation.id) {
    case 'createContact':
      return wrap(contactFields(ctx));
    case 'updateContact':
      return wrap(contactChanges(ctx));
    case 'queryContacts':
      return valid(workspaceSchemas(ctx.contract, ctx.workspace).queryRequest, { compile: ctx.contract.compile }).map(
        (body) => narrowedToRun(ctx, body),
      );
    default:
      return valid(operation.body.schema, { compile: ctx.contract.compile });
  }
}

/**
 * A query body with the run tag among its conditions (ANDed, D3): it stays
 * valid and reads only the run's contacts, the generated conditions among them,
 * so what it costs the target does not grow with the workspace (conditions on
 * arbitrary fields read every contact of a workspace of a million). At the
 * contract's most conditions, the last generated one gives way to the tag.
 */
export function narrowedToRun(ctx: CheckContext, body: unknown): unknown {
  const { conditions } = (body ?? {}) as { conditions?: unknown[] };
  if (!Array.isArray(conditions)) return body;
  const max = (ctx.contract.schemas.QueryRequest as { properties?: { conditions?: { maxItems?: number } } })?.properties
    ?.conditions?.maxItems;
  const kept = max !== undefined && conditions.length >= max ? conditions.slice(0, max - 1) : conditions;
  return { ...(body as object), conditions: [...kept, runTagged(ctx)] };
}

function sample<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arbitrary, { seed, numRuns: 1 })[0]!;
}

/**
 * One well-formed request, deterministic for the run's seed, the operation and
 * `variant`. Boolean flags other than `dryRun` keep their defaults (a flag such
 * as `upsertByExternalId` has rules of its own); header parameters are left out.
 */
export function wellFormedCall(ctx: CheckContext, operation: OperationSpec, variant = 0): CallOptions {
  const seed = propertySeed(ctx.config.seed, operation.id, `well-formed ${variant}`);
  const gen = { compile: ctx.contract.compile };
  const pathParams: Record<string, string> = {};
  const query: Record<string, QueryValue> = {};
  operation.parameters.forEach((p, i) => {
    if (p.in === 'path') pathParams[p.name] = String(sample(valid(p.schema, gen), seed + i));
    else if (p.in === 'query' && p.schema.type !== 'boolean')
      query[p.name] = sample(valid(p.schema, gen), seed + i) as QueryValue;
  });
  if (isWrite(operation)) query[NAMES.query.dryRun] = true;
  const bodies = bodyArbitrary(ctx, operation);
  return { pathParams, query, ...(bodies ? { body: sample(bodies, seed) } : {}) };
}
