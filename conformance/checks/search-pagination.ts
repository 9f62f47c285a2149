/**
 * Search results page like the list (D4: "Results come in the list order"):
 * for contacts sharing a unique word, every page of the search by that word is
 * the matching slice of the full result, read twice alike, and pages of any
 * size concatenate to the full result. Under --read-only the search is for a
 * single letter, the start of many words, over the contacts that exist, and
 * only its first two full pages are read: its cost does not grow with the
 * workspace.
 */
import * as fc from 'fast-check';
import { NAMES } from '../../spec/index.js';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { orderProblem, sliceProblem } from '../support/page-order.js';
import { fetchPage, idsOf, pagers, walk, type Pager } from '../support/paging.js';
import { seedContacts } from '../support/seed-contacts.js';
import { uniqueWord } from '../support/contacts.js';
import { finding } from '../support/finding.js';

const ID = 'search-pagination';
const COUNT = 7;
/** Full pages of a search not written by this check that are read (under --read-only). */
const PAGES = 2;

async function concatenation(
  ctx: CheckContext,
  pager: Pager,
  full: string[],
  limit: number,
): Promise<FindingInput | undefined> {
  const seen: string[] = [];
  for (let offset = 0; offset <= full.length; offset += limit) {
    const page = await fetchPage(ctx.client, pager, limit, offset);
    seen.push(...idsOf(page.json));
    if (idsOf(page.json).length < limit) break;
  }
  if (seen.join() === full.join()) return undefined;
  return finding(
    ID,
    'concatenation',
    `pages of ${limit} concatenate to [${seen.join(', ')}], not the full result [${full.join(', ')}]`,
    { operation: pager.operation },
  );
}

interface Result {
  pager: Pager;
  full: string[];
  word: string;
  /** False when the walk stopped before the end of the result. */
  complete: boolean;
}

/** Contacts created with a unique word; the full search result must be exactly them, in the list order. */
async function seededResult(ctx: CheckContext, bare: Pager): Promise<Result | undefined> {
  const word = uniqueWord(ctx, 'pg');
  const created = await seedContacts(ctx, COUNT, { lastName: `Paging ${word}` });
  if (!created) return undefined;
  const pager: Pager = { ...bare, base: { query: { [NAMES.query.q]: word } } };
  const first = await fetchPage(ctx.client, pager, bare.limit.schema.maximum, undefined);
  const full = idsOf(first.json);
  if (first.status !== 200 || [...full].sort().join() !== [...created].sort().join()) {
    ctx.report(
      finding(
        ID,
        'results',
        `the search for "${word}" answered ${first.status} with ${full.length} contacts ([${full.slice(0, 8).join(', ')}${full.length > 8 ? ', …' : ''}]), not the ${COUNT} contacts carrying the word`,
        { operation: pager.operation, response: first },
      ),
    );
    return undefined;
  }
  const order = orderProblem(first.json as Array<Record<string, unknown>>, ctx.contract.listOrder);
  if (order) ctx.report(finding(ID, 'order', order, { operation: pager.operation, response: first }));
  return { pager, full, word, complete: true };
}

/** Under --read-only: a one-letter search (a prefix of many words, D4) over the contacts that exist, its first pages read. */
async function existingResult(ctx: CheckContext, bare: Pager): Promise<Result | undefined> {
  const list = pagers(ctx).find((p) => p.operation.id === 'listContacts')!;
  const [contact] = (await fetchPage(ctx.client, list, 1, undefined)).json as Array<Record<string, unknown>>;
  const word = /[\p{L}\p{N}]/u.exec(String(contact?.[NAMES.fields.fullname] ?? ''))?.[0]?.toLowerCase();
  if (!word) return void ctx.note('no contact with a name to search for');
  const pager: Pager = { ...bare, base: { query: { [NAMES.query.q]: word } } };
  const walked = await walk(ctx.client, pager, PAGES * bare.limit.schema.maximum);
  if (walked.failure)
    return void ctx.report(
      finding(ID, 'walk', `a page of the search for "${word}" answered ${walked.failure.status}`, {
        operation: pager.operation,
        response: walked.failure,
      }),
    );
  const order = orderProblem(walked.items, ctx.contract.listOrder);
  if (order) ctx.report(finding(ID, 'order', order, { operation: pager.operation }));
  if (!walked.complete)
    ctx.note(
      `the search for "${word}" finds more than ${walked.items.length}; paged within the first ${walked.items.length}`,
    );
  return { pager, full: idsOf(walked.items), word, complete: walked.complete };
}

export const searchPagination: Check = {
  id: ID,
  description:
    "Pages of a search concatenate to its full result, in the list order, with no repeats or gaps; checked on a search for a word only this check's contacts carry (under --read-only, on the first two full pages of a one-letter search)",
  area: 'pagination',
  writes: true,
  sharing: 'shared',
  readOnlyFallback: true,
  async run(ctx) {
    const search = ctx.contract.operation('searchContacts');
    const bare = pagers(ctx).find((p) => p.operation === search);
    if (!bare) throw new Error('spec: searchContacts does not page');
    const found = ctx.config.readOnly ? await existingResult(ctx, bare) : await seededResult(ctx, bare);
    if (!found) return;
    const { pager, full, word, complete } = found;
    if (full.length < 2)
      return ctx.note(`the search for "${word}" finds ${full.length} contact(s): nothing to page through`);
    const size = Math.min(full.length, bare.limit.schema.maximum);
    // Whole concatenations only where they take a few dozen pages.
    for (const limit of new Set([1, 2, 3, size].filter((l) => complete && full.length / l <= 50))) {
      const problem = await concatenation(ctx, pager, full, limit);
      if (problem) ctx.report(problem);
    }
    await ctx.property({
      name: 'search pages are slices of the full result',
      arbitrary: fc.record({
        limit: fc.integer({ min: bare.limit.schema.minimum, max: size + 1 }),
        offset: fc.integer({ min: 0, max: full.length + 1 }),
      }),
      predicate: async ({ limit, offset }) => {
        for (const attempt of ['slice', 'unstable']) {
          const page = await fetchPage(ctx.client, pager, limit, offset);
          const problem =
            page.status !== 200
              ? `answered ${page.status}`
              : sliceProblem(idsOf(page.json), { start: 0, ids: full }, limit, offset);
          if (problem)
            return finding(
              ID,
              attempt,
              `${NAMES.query.q}=${word} ${pager.limit.name}=${limit} ${pager.offset.name}=${offset}${attempt === 'unstable' ? ' read again' : ''}: ${problem}`,
              { operation: pager.operation, response: page },
            );
        }
        return undefined;
      },
    });
  },
};
