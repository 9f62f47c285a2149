/**
 * Boolean query flags of the write operations (`dryRun`, `upsertByExternalId`),
 * each confirmed against the operation's declared parameters, so a renamed
 * flag fails loudly instead of being silently ignored by the target.
 */
import type { Contract } from '../../spec/index.js';

export function flag(contract: Contract, operationId: string, name: string): string {
  const param = contract.operation(operationId).parameters.find((p) => p.in === 'query' && p.name === name);
  if (!param || param.schema.type !== 'boolean')
    throw new Error(`spec: ${operationId} has no boolean query flag ${name}`);
  return name;
}

export const dryRun = (contract: Contract, operationId = 'createContact') => flag(contract, operationId, 'dryRun');
export const upsert = (contract: Contract) => flag(contract, 'createContact', 'upsertByExternalId');
