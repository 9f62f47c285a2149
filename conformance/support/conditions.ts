/**
 * Query conditions the suite builds itself (`cdId eq`, `tags contains`),
 * checked against the contract's `QueryCondition` schema when built, so a
 * renamed field or operator fails loudly instead of querying nothing.
 */
import type { Contract } from '../../spec/index.js';
import type { components } from '../../spec/types.gen.js';

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
