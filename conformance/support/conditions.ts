/**
 * Query conditions the suite builds itself (`cdId eq`, `tags contains`),
 * checked against the contract's `QueryCondition` schema when built, so a
 * renamed field or operator fails loudly instead of querying nothing.
 */
import type { Contract } from '../../spec/index.js';

export interface Condition {
  field: string;
  op: string;
  value: unknown;
}

export function condition(contract: Contract, field: string, op: string, value: unknown): Condition {
  const built = { field, op, value };
  const validate = contract.compile(contract.schemas.QueryCondition!);
  if (!validate(built))
    throw new Error(`spec: ${JSON.stringify(built)} is not a QueryCondition: ${validate.errors?.[0]?.message}`);
  return built;
}
