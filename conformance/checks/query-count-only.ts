/**
 * `countOnly: true` answers `{ count: n }` with n the number of all matches,
 * whatever `limit` and `offset` say (D3): for a few condition sets over the
 * run's own contacts, the count equals the number of contacts paged out with
 * a small limit until a short page, and stays the same with any limit/offset.
 */
import * as fc from 'fast-check';
import { NAMES } from '../../spec/index.js';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { contactFields } from '../generate/contact.js';
import { condition, type Condition } from '../support/conditions.js';
import { contactShape } from '../support/contact-model.js';
import { createContact, queryContacts, uniqueWord } from '../support/contacts.js';
import { exchange, scaledRuns } from '../support/finding.js';

const ID = 'query-count-only';
const SET_SIZE = 7;

async function pagedOut(ctx: CheckContext, conditions: Condition[], limit: number): Promise<number | undefined> {
  let total = 0;
  for (let offset = 0; ; offset += limit) {
    const page = await queryContacts(ctx, ctx.client, conditions, { limit, offset });
    if (!page) return undefined;
    total += page.length;
    if (page.length < limit) return total;
  }
}

async function compare(
  ctx: CheckContext,
  conditions: Condition[],
  limit: number,
  offset: number,
): Promise<FindingInput | undefined> {
  const paged = await pagedOut(ctx, conditions, limit);
  if (paged === undefined) return undefined;
  const r = await ctx.client.call('queryContacts', { body: { conditions, countOnly: true, limit, offset } });
  const count = (r.json as { count?: unknown } | undefined)?.count;
  if (r.status === 200 && count === paged) return undefined;
  const shown =
    conditions
      .slice(1)
      .map((c) => `${c.field} ${c.op} ${JSON.stringify(c.value)}`)
      .join(' AND ') || '(the marker only)';
  return {
    severity: 'error',
    operation: 'queryContacts',
    key: `${ID}:count`,
    message: `countOnly (limit ${limit}, offset ${offset}) for ${shown} answered ${r.status} ${r.text.slice(0, 100)}, but paging out the same query gave ${paged} contacts`,
    ...exchange(r),
  };
}

export const queryCountOnly: Check = {
  id: ID,
  description: 'countOnly counts every match, ignoring limit and offset: it equals the number of contacts paged out',
  area: 'data',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    const word = uniqueWord(ctx);
    const shape = contactShape(ctx.contract);
    for (const draft of fc.sample(contactFields(ctx), { numRuns: SET_SIZE, seed: ctx.config.seed })) {
      if (
        !(await createContact(ctx, ctx.client, {
          ...draft,
          [NAMES.fields.tags]: [...(draft[NAMES.fields.tags] as string[]), word],
        }))
      )
        return;
    }
    const marker = condition(ctx.contract, NAMES.fields.tags, 'contains', word);
    const sets = [
      [marker],
      ...shape.nameParts.map((part) => [marker, condition(ctx.contract, part, 'exists', true)]),
      [marker, condition(ctx.contract, shape.externalIds.concat('.none'), 'exists', false)],
    ];
    await ctx.property({
      name: 'count',
      arbitrary: fc.tuple(fc.constantFrom(...sets), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 20 })),
      predicate: ([conditions, limit, offset]) => compare(ctx, conditions, limit, offset),
      runs: scaledRuns(ctx, 3, 2),
    });
  },
};
