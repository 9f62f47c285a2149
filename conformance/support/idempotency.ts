/**
 * Idempotency vocabulary from the contract (D8): the request header a write
 * takes its key in, and the response header that marks a replay.
 */
import { randomUUID } from 'node:crypto';
import type { Contract } from '../../spec/index.js';

/** The header parameter that carries the key (`Idempotency-Key`), as the operation declares it. */
export function keyHeader(contract: Contract, operationId = 'createContact'): string {
  const param = contract
    .operation(operationId)
    .parameters.find((p) => p.in === 'header' && /idempotency/i.test(p.name));
  if (!param) throw new Error(`spec: ${operationId} takes no idempotency key header`);
  return param.name;
}

/** The response header a replay carries (`Idempotent-Replayed`), lower-cased as responses list headers. */
export function replayedHeader(contract: Contract, operationId = 'createContact'): string {
  for (const response of contract.operation(operationId).responses.values()) {
    const header = response.headers.find((h) => /replayed/i.test(h.name));
    if (header) return header.name.toLowerCase();
  }
  throw new Error(`spec: ${operationId} declares no replay header`);
}

/** A fresh key: a UUID is printable ASCII and unique per logical request. */
export function newKey(): string {
  return randomUUID();
}
