/**
 * Idempotency vocabulary from the contract (D8): the request header a write
 * takes its key in, and the response header that marks a replay, each
 * confirmed to belong to the given operation.
 */
import { randomUUID } from 'node:crypto';
import type { Contract } from '../../spec/index.js';

/** The header parameter that carries the key (`Idempotency-Key`), as the operation declares it. */
export function keyHeader(contract: Contract, operationId = 'createContact'): string {
  const name = contract.names.requestHeaders.idempotencyKey;
  if (!contract.operation(operationId).parameters.some((p) => p.in === 'header' && p.name === name))
    throw new Error(`spec: ${operationId} takes no ${name} header`);
  return name;
}

/** The response header a replay carries (`Idempotent-Replayed`), lower-cased as responses list headers. */
export function replayedHeader(contract: Contract, operationId = 'createContact'): string {
  const name = contract.names.responseHeaders.idempotentReplayed;
  for (const response of contract.operation(operationId).responses.values())
    if (response.headers.some((h) => h.name === name)) return name.toLowerCase();
  throw new Error(`spec: ${operationId} declares no ${name} header`);
}

/** Whether a response is marked as a replay (the header with its documented value, `true`). */
export function isReplayed(
  contract: Contract,
  headers: Record<string, string>,
  operationId = 'createContact',
): boolean {
  return headers[replayedHeader(contract, operationId)] === contract.names.headerValues.idempotentReplayed;
}

/** A fresh key: a UUID is printable ASCII and unique per logical request. */
export function newKey(): string {
  return randomUUID();
}
