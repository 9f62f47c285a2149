/**
 * Concurrent duplicates of one request with one Idempotency-Key execute once
 * (D8): exactly one contact is created, and every response is the original
 * result (201), a byte-identical replay of it, or `409 IDEMPOTENCY_CONFLICT`
 * (still in flight).
 */
import * as fc from 'fast-check';
import { NAMES } from '../../spec/index.js';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { contactFields } from '../generate/contact.js';
import { condition } from '../support/conditions.js';
import { countTagged, uniqueWord } from '../support/contacts.js';
import { errorCode, missesError } from '../support/error-code.js';
import { keyHeader, newKey } from '../support/idempotency.js';
import { exchange, scaledRuns } from '../support/finding.js';

const ID = 'idempotency-concurrent';

async function burst(
  ctx: CheckContext,
  fields: Record<string, unknown>,
  copies: number,
): Promise<FindingInput | undefined> {
  const marker = uniqueWord(ctx);
  const contact = { ...fields, [NAMES.fields.tags]: [...(fields[NAMES.fields.tags] as string[]), marker] };
  const header = keyHeader(ctx.contract);
  const headers = { [header]: newKey() };
  const responses = await Promise.all(
    Array.from({ length: copies }, () => ctx.client.call('createContact', { headers, body: { contact } })),
  );
  const conflict = errorCode(ctx.contract, 'conflict');
  const results = responses.filter((r) => r.status !== conflict.status);
  const odd = responses.find((r) =>
    r.status === conflict.status ? missesError(r, conflict, header) : r.status !== 201,
  );
  if (odd) {
    return {
      severity: 'error',
      operation: 'createContact',
      key: `${ID}:status`,
      message: `${copies} concurrent identical creates with one key: one answered ${odd.status} ${odd.text.slice(0, 200)}; each must be the 201, its replay or a 409 ${conflict.code} on ${header}`,
      ...exchange(odd),
    };
  }
  const bodies = new Set(results.map((r) => r.text));
  if (results.length === 0 || bodies.size > 1) {
    return {
      severity: 'error',
      operation: 'createContact',
      key: `${ID}:results`,
      message: `${copies} concurrent identical creates with one key gave ${results.length} results with ${bodies.size} different bodies, expected at least one and all identical: ${[...bodies].join(' | ').slice(0, 400)}`,
    };
  }
  const count = await countTagged(ctx, ctx.client, [condition(ctx.contract, NAMES.fields.tags, 'contains', marker)]);
  if (count !== undefined && count !== 1) {
    return {
      severity: 'error',
      operation: 'createContact',
      key: `${ID}:executed`,
      message: `${copies} concurrent identical creates with one key created ${count} contacts, expected exactly 1`,
    };
  }
  return undefined;
}

export const idempotencyConcurrent: Check = {
  id: ID,
  description:
    'Concurrent identical requests with one Idempotency-Key create exactly one contact; the others replay it or get 409',
  area: 'idempotency',
  writes: true,
  // Its duplicates must be in flight together: beside other checks they would wait for free slots.
  sharing: 'alone',
  async run(ctx) {
    await ctx.property({
      name: 'burst',
      arbitrary: fc.tuple(contactFields(ctx), fc.integer({ min: 2, max: 8 })),
      predicate: ([fields, copies]) => burst(ctx, fields, copies),
      runs: scaledRuns(ctx, 2, 3),
    });
  },
};
