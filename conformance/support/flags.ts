/**
 * Boolean query flags of the write operations (`dryRun`, `upsertByExternalId`),
 * named by the contract's vocabulary and confirmed to be a boolean flag of the
 * given operation, so a check never sends a flag that operation does not take.
 */
import type { Contract } from '../../spec/index.js';

export function flag(contract: Contract, operationId: string, name: string): string {
  const param = contract.operation(operationId).parameters.find((p) => p.in === 'query' && p.name === name);
  if (!param || param.schema.type !== 'boolean')
    throw new Error(`spec: ${operationId} has no boolean query flag ${name}`);
  return name;
}

export const dryRun = (contract: Contract, operationId = 'createContact') =>
  flag(contract, operationId, contract.names.query.dryRun);
export const upsert = (contract: Contract) => flag(contract, 'createContact', contract.names.query.upsertByExternalId);
