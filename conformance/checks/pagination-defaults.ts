/**
 * Leaving out `limit` gives the schema's default page size, and leaving out
 * `offset` is the same as sending its default (seed: "limit (optional,
 * default 10) offset (optional, default 0)"; D2). Checked on every paged read
 * that answers without further input (the list and the query body), on its
 * first pages only: the cost does not grow with the workspace.
 */
import type { ApiResponse, Check, CheckContext } from '../types.js';
import { fetchPage, idsOf, pagers, type Pager } from '../support/paging.js';
import { finding } from '../support/finding.js';

const ID = 'pagination-defaults';

function sameStart(page: string[], reference: string[]): boolean {
  return page.every((id, i) => id === reference[i]);
}

async function checkPager(ctx: CheckContext, pager: Pager, largest: ApiResponse): Promise<void> {
  const op = pager.operation;
  const all = idsOf(largest.json);

  const defaultLimit = pager.limit.schema.default;
  const noLimit = await fetchPage(ctx.client, pager, undefined, undefined);
  const got = idsOf(noLimit.json);
  const want = Math.min(defaultLimit, all.length);
  if (noLimit.status !== 200)
    ctx.report(
      finding(ID, `${op.id}:limit`, `without ${pager.limit.name} answered ${noLimit.status}`, {
        operation: op,
        response: noLimit,
      }),
    );
  else if (got.length !== want)
    ctx.report(
      finding(
        ID,
        `${op.id}:limit`,
        `without ${pager.limit.name} the page has ${got.length} items; the default is ${defaultLimit} and ${all.length} exist at least`,
        { operation: op, response: noLimit },
      ),
    );
  else if (!sameStart(got, all))
    ctx.report(
      finding(ID, `${op.id}:limit`, `without ${pager.limit.name} the page is not the start of the list`, {
        operation: op,
        response: noLimit,
      }),
    );

  const limit = Math.min(pager.limit.schema.maximum, Math.max(pager.limit.schema.minimum, 3));
  const noOffset = await fetchPage(ctx.client, pager, limit, undefined);
  const explicit = await fetchPage(ctx.client, pager, limit, pager.offset.schema.default);
  if (noOffset.status !== 200 || explicit.status !== 200) {
    ctx.report(
      finding(
        ID,
        `${op.id}:offset`,
        `a page with ${pager.limit.name}=${limit} answered ${noOffset.status}/${explicit.status}`,
        { operation: op, response: noOffset.status !== 200 ? noOffset : explicit },
      ),
    );
  } else if (idsOf(noOffset.json).join() !== idsOf(explicit.json).join()) {
    ctx.report(
      finding(
        ID,
        `${op.id}:offset`,
        `without ${pager.offset.name} the page differs from ${pager.offset.name}=${pager.offset.schema.default}`,
        { operation: op, response: noOffset },
      ),
    );
  }
}

export const paginationDefaults: Check = {
  id: ID,
  description:
    'Without limit a page has the default size; without offset it is the page at the default offset (read on the first pages of each list only)',
  area: 'pagination',
  writes: false,
  async run(ctx) {
    let checked = 0;
    for (const pager of pagers(ctx)) {
      const largest = await fetchPage(ctx.client, pager, pager.limit.schema.maximum, undefined);
      // A paged read that needs more input (search needs terms) is search-pagination's.
      if (largest.status !== 200 || !Array.isArray(largest.json)) continue;
      checked += 1;
      if (largest.json.length <= pager.limit.schema.default)
        ctx.note(
          `${pager.operation.id}: only ${largest.json.length} items, so a default page is not told apart from a full one`,
        );
      await checkPager(ctx, pager, largest);
    }
    if (checked === 0)
      ctx.report({
        severity: 'error',
        key: `${ID}:no-pager`,
        message: 'No paged read answered 200 with an array to the largest page size',
      });
  },
};
