/**
 * Search results page like the list (D4: "Results come in the list order"):
 * for contacts sharing a unique word, every page of the search by that word is
 * the matching slice of the full result, read twice alike, and pages of any
 * size concatenate to the full result.
 */
import * as fc from 'fast-check';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { orderProblem, sliceProblem } from '../support/page-order.js';
import { fetchPage, idsOf, pagers, type Pager } from '../support/paging.js';
import { seedContacts } from '../support/seed-contacts.js';
import { uniqueWord } from '../support/contacts.js';

const ID = 'search-pagination';
const COUNT = 7;

function finding(pager: Pager, what: string, message: string, response?: { request: FindingInput['request']; response: FindingInput['response'] }): FindingInput {
  const op = pager.operation;
  return { severity: 'error', operation: op.id, key: `${ID}:${what}`, message: `${op.method} ${op.path}: ${message}`, ...(response ?? {}) };
}

async function concatenation(ctx: CheckContext, pager: Pager, full: string[], limit: number): Promise<FindingInput | undefined> {
  const seen: string[] = [];
  for (let offset = 0; offset <= full.length; offset += limit) {
    const page = await fetchPage(ctx.client, pager, limit, offset);
    seen.push(...idsOf(page.json));
    if (idsOf(page.json).length < limit) break;
  }
  if (seen.join() === full.join()) return undefined;
  return finding(pager, 'concatenation', `pages of ${limit} concatenate to [${seen.join(', ')}], not the full result [${full.join(', ')}]`);
}

export const searchPagination: Check = {
  id: ID,
  description: 'Pages of a search concatenate to its full result, in the list order, with no repeats or gaps',
  area: 'pagination',
  writes: true,
  async run(ctx) {
    const search = ctx.contract.operation('searchContacts');
    const bare = pagers(ctx).find((p) => p.operation === search);
    if (!bare) throw new Error('spec: searchContacts does not page');
    const word = uniqueWord(ctx, 'pg');
    const created = await seedContacts(ctx, COUNT, { lastName: `Paging ${word}` });
    if (!created) return;
    const pager: Pager = { ...bare, base: { query: { q: word } } };
    const first = await fetchPage(ctx.client, pager, bare.limit.schema.maximum, undefined);
    const full = idsOf(first.json);
    if (first.status !== 200 || [...full].sort().join() !== [...created].sort().join()) {
      return ctx.report(finding(pager, 'results', `the search for "${word}" answered ${first.status} with ${full.length} contacts ([${full.slice(0, 8).join(', ')}${full.length > 8 ? ', …' : ''}]), not the ${COUNT} contacts carrying the word`, first));
    }
    const order = orderProblem(first.json as Array<Record<string, unknown>>);
    if (order) ctx.report(finding(pager, 'order', order, first));
    for (const limit of [1, 2, 3, COUNT]) {
      const problem = await concatenation(ctx, pager, full, limit);
      if (problem) ctx.report(problem);
    }
    await ctx.property({
      name: 'search pages are slices of the full result',
      arbitrary: fc.record({ limit: fc.integer({ min: bare.limit.schema.minimum, max: COUNT + 1 }), offset: fc.integer({ min: 0, max: COUNT + 1 }) }),
      predicate: async ({ limit, offset }) => {
        for (const attempt of ['slice', 'unstable']) {
          const page = await fetchPage(ctx.client, pager, limit, offset);
          const problem = page.status !== 200 ? `answered ${page.status}` : sliceProblem(idsOf(page.json), full, limit, offset, true);
          if (problem) return finding(pager, attempt, `q=${word} limit=${limit} offset=${offset}${attempt === 'unstable' ? ' read again' : ''}: ${problem}`, page);
        }
        return undefined;
      },
    });
  },
};
