/**
 * Offset paging is a window on one total, stable order (D2): every page is
 * the matching slice of a full walk, with no repeats, gaps or reordering,
 * twice in a row; an offset past the end is empty; the order is the
 * contract's list order (`x-list-order`); and every paged read that lists the whole workspace
 * (the list and the unconditioned query, D3) serves the same sequence.
 * Contacts written meanwhile may only append at the end.
 */
import * as fc from 'fast-check';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { fetchPage, idsOf, walkEveryList, type Walked } from '../support/paging.js';
import { firstDifference, orderProblem, sliceProblem } from '../support/page-order.js';
import { seedContacts } from '../support/seed-contacts.js';
import { finding } from '../support/finding.js';

const ID = 'pagination-consistency';
/** The walk stops here; a larger workspace is checked on its first contacts. */
const MAX_WALK = 10_000;
/** Contacts written when the workspace is too small to page through. */
const SEED_COUNT = 25;

async function walkAll(ctx: CheckContext): Promise<Walked[]> {
  const { walked, failed } = await walkEveryList(ctx, MAX_WALK);
  for (const [pager, response] of failed)
    ctx.report(
      finding(ID, `${pager.operation.id}:walk`, `a page of the walk answered ${response.status}`, {
        operation: pager.operation,
        response,
      }),
    );
  return walked;
}

async function checkPage(
  ctx: CheckContext,
  { pager, walk: w, ids }: Walked,
  limit: number,
  offset: number,
): Promise<FindingInput | undefined> {
  const at = `${pager.limit.name}=${limit} ${pager.offset.name}=${offset}`;
  for (const attempt of ['slice', 'unstable']) {
    const response = await fetchPage(ctx.client, pager, limit, offset);
    if (response.status !== 200 || !Array.isArray(response.json))
      return finding(ID, `${pager.operation.id}:page`, `${at} answered ${response.status}`, {
        operation: pager.operation,
        response,
      });
    const problem = sliceProblem(idsOf(response.json), ids, limit, offset, w.complete);
    if (problem)
      return finding(
        ID,
        `${pager.operation.id}:${attempt}`,
        `${at}${attempt === 'unstable' ? ' read again' : ''}: ${problem}`,
        { operation: pager.operation, response },
      );
  }
  return undefined;
}

export const paginationConsistency: Check = {
  id: ID,
  description:
    'Every limit/offset page is the matching slice of the full, ordered list: no repeats, gaps or reordering',
  area: 'pagination',
  writes: true,
  readOnlyFallback: true,
  async run(ctx) {
    let walked = await walkAll(ctx);
    const primary = walked[0];
    if (!primary)
      return ctx.report({ severity: 'error', key: `${ID}:no-pager`, message: 'No paged read could be walked' });
    const max = primary.pager.limit.schema.maximum;
    let seeded: string[] = [];
    if (primary.ids.length < 2 * max && !ctx.config.readOnly) {
      const created = await seedContacts(ctx, SEED_COUNT);
      if (!created) return;
      seeded = created;
      walked = await walkAll(ctx);
      if (walked.length === 0) return;
    } else if (primary.ids.length < 2 * max)
      ctx.note(`read-only: paging through the ${primary.ids.length} contacts that exist`);
    for (const { pager, walk: w, ids } of walked) {
      if (!w.complete)
        ctx.note(`${pager.operation.id}: more than ${MAX_WALK} items; checked on the first ${w.items.length}`);
      const missing = w.complete ? seeded.filter((id) => !ids.includes(id)) : [];
      if (missing.length > 0)
        ctx.report(
          finding(
            ID,
            `${pager.operation.id}:missing`,
            `the full walk lacks ${missing.length} of the ${seeded.length} contacts just created (${missing.slice(0, 3).join(', ')})`,
            { operation: pager.operation },
          ),
        );
      const order = orderProblem(w.items, ctx.contract.listOrder);
      if (order) ctx.report(finding(ID, `${pager.operation.id}:order`, order, { operation: pager.operation }));
      const first = walked[0]!;
      const difference = first.walk.complete && w.complete ? firstDifference(first.ids, ids) : undefined;
      if (difference) {
        const pair = `${first.pager.operation.id} and ${pager.operation.id}`;
        ctx.report({
          severity: 'error',
          key: `${ID}:${first.pager.operation.id}~${pager.operation.id}:differs`,
          message: `${pair} both list the whole workspace in the list order, but their full walks differ (${difference})`,
        });
      }
      // D1: a page shorter than limit is the last one, so nothing may follow the walk's end.
      const after = w.complete ? await fetchPage(ctx.client, pager, max, ids.length) : undefined;
      if (after && idsOf(after.json).length > 0)
        ctx.report(
          finding(
            ID,
            `${pager.operation.id}:after-last`,
            `the walk ended with a short page at ${ids.length} items, but ${pager.offset.name}=${ids.length} still has ${idsOf(after.json).length}`,
            { operation: pager.operation, response: after },
          ),
        );
      const past = await fetchPage(ctx.client, pager, max, pager.offset.schema.maximum);
      if (past.status !== 200 || idsOf(past.json).length !== 0)
        ctx.report(
          finding(
            ID,
            `${pager.operation.id}:past-end`,
            `${pager.offset.name}=${pager.offset.schema.maximum} answered ${past.status} with ${idsOf(past.json).length} items, not []`,
            { operation: pager.operation, response: past },
          ),
        );
    }
    await ctx.property({
      name: 'pages are slices of the walk',
      arbitrary: fc.constantFrom(...walked).chain((w) =>
        fc.record({
          walked: fc.constant(w),
          // Small pages inside the walk half of the time: where a page can split the walk.
          limit: fc.oneof(
            fc.integer({ min: w.pager.limit.schema.minimum, max: w.pager.limit.schema.minimum + 9 }),
            fc.integer({ min: w.pager.limit.schema.minimum, max }),
          ),
          offset: fc.oneof(
            fc.integer({ min: w.pager.offset.schema.minimum, max: w.ids.length }),
            fc.integer({ min: w.pager.offset.schema.minimum, max: w.ids.length + max }),
          ),
        }),
      ),
      predicate: ({ walked: w, limit, offset }) => checkPage(ctx, w, limit, offset),
    });
  },
};
