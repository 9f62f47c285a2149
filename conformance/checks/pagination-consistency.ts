/**
 * Offset paging is a window on one total, stable order (D2): every page is
 * the matching slice of the same read page by page, with no repeats, gaps or
 * reordering, twice in a row; an offset past the end is empty; the order is
 * the contract's list order (`x-list-order`); every paged read that lists the
 * whole workspace (the list and the unconditioned query, D3) serves the same
 * sequence; and contacts written meanwhile only append at the end.
 *
 * Its cost does not grow with the workspace: it reads the first two full pages
 * and, located by the count (`countOnly`), the last two before its own
 * contacts and everything after them, never the whole list. A far offset costs
 * the target time in proportion to the offset, so fewer pages are drawn there.
 */
import * as fc from 'fast-check';
import { NAMES } from '../../spec/index.js';
import type { ApiResponse, Check, CheckContext, FindingInput } from '../types.js';
import { countOf, fetchPage, idsOf, listPagers, walk, type Pager } from '../support/paging.js';
import { listOrderCompare, orderProblem, sliceProblem, windowDifference, type Window } from '../support/page-order.js';
import { seedContacts } from '../support/seed-contacts.js';
import { finding, scaledRuns } from '../support/finding.js';

const ID = 'pagination-consistency';
/** Full pages read at each end of the list. */
const PAGES = 2;
/** Full pages other checks may append while this one reads the end, before the end counts as missing. */
const SLACK_PAGES = 10;
/** Contacts this check writes, to find at the end of the list. */
const SEED_COUNT = 25;

interface Listed {
  pager: Pager;
  /** The start of the read, then (when the read is longer) its end; in offset order. */
  windows: Window[];
  /** The offset of the short page that ends the read, when a window reached it. */
  end?: number;
}

const windowOf = (start: number, items: Window['items'], complete: boolean): Window => ({
  start,
  items,
  ids: idsOf(items),
  complete,
});

/** The number of contacts in the workspace by the count-only form of an unconditioned read, if one answers. */
async function workspaceCount(ctx: CheckContext, listed: Pager[]): Promise<number | undefined> {
  for (const pager of listed) {
    const counted = await countOf(ctx, pager);
    if (!counted) continue;
    if (counted.count === undefined)
      ctx.report(
        finding(
          ID,
          `${pager.operation.id}:count`,
          `the count of the whole workspace answered ${counted.response.status}`,
          {
            operation: pager.operation,
            response: counted.response,
          },
        ),
      );
    return counted.count;
  }
  return undefined;
}

/**
 * The first pages of the read and, when it is longer, its last pages: from
 * `PAGES` full pages before `before` (the count before this check wrote) to
 * the end, wherever other writers have taken it meanwhile.
 */
async function readWindows(
  ctx: CheckContext,
  pager: Pager,
  before: number | undefined,
  after: number | undefined,
): Promise<Listed | undefined> {
  const size = pager.limit.schema.maximum;
  const op = pager.operation;
  const head = await walk(ctx.client, pager, PAGES * size);
  if (head.failure) {
    ctx.report(
      finding(ID, `${op.id}:walk`, `a page of the first ${PAGES * size} items answered ${head.failure.status}`, {
        operation: op,
        response: head.failure,
      }),
    );
    return undefined;
  }
  if (head.complete) return { pager, windows: [windowOf(0, head.items, true)], end: head.items.length };
  if (after === undefined) {
    ctx.note(
      `${op.id}: no count of the workspace, so its end is not found; checked on the first ${head.items.length} items`,
    );
    return { pager, windows: [windowOf(0, head.items, false)] };
  }
  const from = Math.max(head.items.length, Math.min(before ?? after, after) - PAGES * size);
  const tail = await walk(ctx.client, pager, after - from + SLACK_PAGES * size, from);
  if (tail.failure) {
    ctx.report(
      finding(ID, `${op.id}:walk`, `a page from ${pager.offset.name}=${from} on answered ${tail.failure.status}`, {
        operation: op,
        response: tail.failure,
      }),
    );
    return { pager, windows: [windowOf(0, head.items, false)] };
  }
  if (!tail.complete)
    ctx.report(
      finding(
        ID,
        `${op.id}:end`,
        `the count is ${after}, but the read goes on past ${pager.offset.name}=${from + tail.items.length}`,
        { operation: op },
      ),
    );
  const end = tail.complete ? from + tail.items.length : undefined;
  const windows =
    from === head.items.length
      ? [windowOf(0, [...head.items, ...tail.items], tail.complete)]
      : [windowOf(0, head.items, false), windowOf(from, tail.items, tail.complete)];
  return { pager, windows, ...(end !== undefined ? { end } : {}) };
}

/** Findings about one read's windows: its end, the contacts just written, its order. */
async function checkRead(
  ctx: CheckContext,
  { pager, windows, end }: Listed,
  seeded: string[],
  before: number | undefined,
  after: number | undefined,
): Promise<void> {
  const op = pager.operation;
  const at = (message: string, key: string, response?: ApiResponse) =>
    ctx.report(finding(ID, `${op.id}:${key}`, message, { operation: op, ...(response ? { response } : {}) }));
  const last = windows.at(-1)!;
  const endsShort = end !== undefined && after !== undefined && end < after;
  if (endsShort) at(`a short page ends the read at ${pager.offset.name}=${end}, but the count is ${after}`, 'end');
  if (end !== undefined && seeded.length > 0) {
    const position = new Map(last.ids.map((id, i) => [id, last.start + i]));
    const missing = seeded.filter((id) => !position.has(id));
    // Where the read and the count disagree, positions say nothing about where new contacts went.
    const early = endsShort
      ? []
      : seeded.filter((id) => before !== undefined && (position.get(id) ?? Infinity) < before);
    if (missing.length > 0)
      at(
        `the read from ${pager.offset.name}=${last.start} to its end lacks ${missing.length} of the ${seeded.length} contacts just created (${missing.slice(0, 3).join(', ')})`,
        'missing',
      );
    if (early.length > 0)
      at(
        `${early.length} contact(s) created after the count of ${before} come before its end (${early[0]} at position ${position.get(early[0]!)}): new contacts must append`,
        'append',
      );
  }
  for (const w of windows) {
    const order = orderProblem(w.items, ctx.contract.listOrder);
    if (order) at(order, 'order');
  }
  const size = pager.limit.schema.maximum;
  // D1: a page shorter than limit is the last one, so only contacts written since may follow the read's end.
  if (end !== undefined) {
    const following = await fetchPage(ctx.client, pager, size, end);
    const read = new Set(windows.flatMap((w) => w.ids));
    const compare = listOrderCompare(ctx.contract.listOrder);
    const lastItem = last.items.at(-1);
    // Without a count, nothing tells a short page inside the read from its end: then any item is one too many.
    const old = (Array.isArray(following.json) ? (following.json as Window['items']) : []).filter(
      (item) =>
        after === undefined ||
        read.has(String(item[NAMES.fields.id])) ||
        (lastItem !== undefined && compare(item, lastItem) <= 0),
    );
    if (old.length > 0)
      at(
        `the read ended with a short page at ${end} items, but ${pager.offset.name}=${end} still has ${old.length} that were read already or come before its last`,
        'after-last',
        following,
      );
  }
  const past = await fetchPage(ctx.client, pager, size, pager.offset.schema.maximum);
  if (past.status !== 200 || idsOf(past.json).length !== 0)
    at(
      `${pager.offset.name}=${pager.offset.schema.maximum} answered ${past.status} with ${idsOf(past.json).length} items, not []`,
      'past-end',
      past,
    );
}

async function checkPage(
  ctx: CheckContext,
  pager: Pager,
  window: Window,
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
    const problem = sliceProblem(idsOf(response.json), window, limit, offset);
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

/** Pages inside one of the windows: small ones half of the time, where a page can split the window. */
function pageIn(choices: Array<{ pager: Pager; window: Window }>) {
  return fc.constantFrom(...choices).chain(({ pager, window }) => {
    const { minimum, maximum } = pager.limit.schema;
    const span = window.ids.length + (window.complete ? maximum : 0);
    return fc.record({
      pager: fc.constant(pager),
      window: fc.constant(window),
      limit: fc.oneof(fc.integer({ min: minimum, max: minimum + 9 }), fc.integer({ min: minimum, max: maximum })),
      offset: fc.oneof(
        fc.integer({ min: window.start, max: window.start + window.ids.length }),
        fc.integer({ min: window.start, max: window.start + span }),
      ),
    });
  });
}

export const paginationConsistency: Check = {
  id: ID,
  description:
    'Every limit/offset page is the matching slice of one ordered list, with no repeats, gaps or reordering, and new contacts append at the end; checked on the first two and, found by countOnly, the last two full pages, not by reading the whole list',
  area: 'pagination',
  writes: true,
  readOnlyFallback: true,
  async run(ctx) {
    const listing = await listPagers(ctx);
    if (listing.length === 0)
      return ctx.report({ severity: 'error', key: `${ID}:no-pager`, message: 'No paged read could be walked' });
    const before = await workspaceCount(ctx, listing);
    let seeded: string[] = [];
    if (ctx.config.readOnly) ctx.note('read-only: paging through the contacts that exist');
    else {
      const created = await seedContacts(ctx, SEED_COUNT);
      if (!created) return;
      seeded = created;
    }
    const after = ctx.config.readOnly ? before : await workspaceCount(ctx, listing);
    const reads: Listed[] = [];
    for (const pager of listing) {
      const read = await readWindows(ctx, pager, before, after);
      if (read) reads.push(read);
    }
    const first = reads[0];
    if (!first) return;
    for (const read of reads) {
      await checkRead(ctx, read, seeded, before, after);
      const difference = read === first ? undefined : differenceOf(first, read);
      if (difference)
        ctx.report({
          severity: 'error',
          key: `${ID}:${first.pager.operation.id}~${read.pager.operation.id}:differs`,
          message: `${first.pager.operation.id} and ${read.pager.operation.id} both list the whole workspace in the list order, but their pages differ (${difference})`,
        });
    }
    const starts = reads.map((r) => ({ pager: r.pager, window: r.windows[0]! }));
    await ctx.property({
      name: 'pages are slices of the first pages',
      arbitrary: pageIn(starts),
      predicate: ({ pager, window, limit, offset }) => checkPage(ctx, pager, window, limit, offset),
    });
    const ends = reads.flatMap((r) => (r.windows.length > 1 ? [{ pager: r.pager, window: r.windows.at(-1)! }] : []));
    if (ends.length > 0)
      await ctx.property({
        name: 'pages are slices of the last pages',
        arbitrary: pageIn(ends),
        predicate: ({ pager, window, limit, offset }) => checkPage(ctx, pager, window, limit, offset),
        runs: scaledRuns(ctx, 3, 10),
      });
  },
};

/** Where two reads of the whole workspace disagree, on the offsets both read. */
function differenceOf(a: Listed, b: Listed): string | undefined {
  for (const x of a.windows)
    for (const y of b.windows) {
      const difference = windowDifference(x, y);
      if (difference) return difference;
    }
  return undefined;
}
