/**
 * Query conditions the suite builds itself (`cdId eq`, `tags contains`),
 * checked against the contract's `QueryCondition` schema when built, so a
 * renamed field or operator fails loudly instead of querying nothing.
 */
import { NAMES, type Contract } from '../../spec/index.js';
import type { components } from '../../spec/types.gen.js';
import type { CheckContext } from '../types.js';

/** One query condition (D3), as the spec's `QueryCondition` types it. */
export type Condition = components['schemas']['QueryCondition'];

export function condition(contract: Contract, field: string, op: string, value: unknown): Condition {
  const built = { field, op, value };
  const validate = contract.compile(contract.schemas.QueryCondition!);
  if (!validate(built))
    throw new Error(`spec: ${JSON.stringify(built)} is not a QueryCondition: ${validate.errors?.[0]?.message}`);
  // The schema has just accepted it, so `op` is one of the operators the type lists.
  return built as Condition;
}

/** `tags contains` the run tag: the contacts this run wrote (D3), served by a tag index where there is one. */
export function runTagged(ctx: Pick<CheckContext, 'contract' | 'config'>): Condition {
  return condition(ctx.contract, NAMES.fields.tags, 'contains', ctx.config.runTag);
}
