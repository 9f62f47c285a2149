/**
 * Judging pages against a window of the same read, read ahead page by page
 * (D2). Contacts written after the window was read may only append at the
 * end, so a page is right when it starts with the window's slice and anything
 * after that slice is new.
 */
import { NAMES, type OrderKey } from '../../spec/index.js';

/**
 * Why `page`, read at `offset` (at or after the window's start), is not the
 * slice [offset, offset + limit) of `window`, or undefined. Only the part the window covers is compared: past
 * its last item, a page may hold anything the window does not.
 */
export function sliceProblem(
  page: string[],
  window: Pick<Window, 'start' | 'ids'>,
  limit: number,
  offset: number,
): string | undefined {
  const { start, ids } = window;
  const expected = ids.slice(Math.max(0, offset - start), Math.max(0, offset - start + limit));
  if (new Set(page).size !== page.length) return `the page repeats an item (${page.join(', ')})`;
  if (page.length > limit) return `the page has ${page.length} items, more than limit ${limit}`;
  const position = new Map(ids.map((id, i) => [id, start + i]));
  for (let i = 0; i < expected.length; i += 1) {
    if (page[i] === expected[i]) continue;
    const got = page[i] === undefined ? 'nothing' : page[i];
    const where =
      page[i] !== undefined && position.has(page[i]!) ? `position ${position.get(page[i]!)}` : 'not in the window read';
    return `item ${i} is ${got} (${where}); position ${offset + i} holds ${expected[i]}`;
  }
  const extra = page.slice(expected.length).find((id) => position.has(id));
  if (extra !== undefined)
    return `after the expected ${expected.length} items comes ${extra}, which is at position ${position.get(extra)}`;
  return undefined;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** Orders two values of one list-order key: instants as instants, strings by code point, numbers as numbers. */
function compareKey(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') {
    if (INSTANT.test(a) && INSTANT.test(b)) return Date.parse(a) - Date.parse(b);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return 0;
}

/** Compares two items by the contract's list order (D2, `x-list-order`): negative when `a` comes first. */
export function listOrderCompare(
  order: readonly OrderKey[],
): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  return (a, b) => {
    for (const { field, direction } of order) {
      const d = compareKey(a[field], b[field]);
      if (d !== 0) return direction === 'desc' ? -d : d;
    }
    return 0;
  };
}

/** The order's keys as a phrase, for messages (`createdAt, then cdId, ascending`). */
export function describeOrder(order: readonly OrderKey[]): string {
  return order.map((k) => `${k.field} ${k.direction === 'desc' ? 'descending' : 'ascending'}`).join(', then ');
}

/** Why the items are not in the contract's list order (`x-list-order`), or undefined. */
export function orderProblem(items: Array<Record<string, unknown>>, order: readonly OrderKey[]): string | undefined {
  const compare = listOrderCompare(order);
  const key = (item: Record<string, unknown>) => order.map((k) => String(item[k.field])).join(', ');
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i += 1) {
    const id = String(items[i]![NAMES.fields.id]);
    if (seen.has(id)) return `${id} appears twice, the second time at position ${i}`;
    seen.add(id);
    if (i === 0) continue;
    const [a, b] = [items[i - 1]!, items[i]!];
    if (!(compare(a, b) < 0))
      return `position ${i - 1} (${key(a)}) comes before position ${i} (${key(b)}): not ${describeOrder(order)}`;
  }
  return undefined;
}

/** Consecutive items of a paged read from offset `start`, with their ids. */
export interface Window {
  start: number;
  items: Array<Record<string, unknown>>;
  ids: string[];
  /** True when the window reaches the end of the read (a short page). */
  complete: boolean;
}

/**
 * Where two windows of what should be one sequence disagree, on the offsets
 * both cover, or undefined. Items appended meanwhile change neither's covered
 * offsets, so the overlap must match item for item.
 */
export function windowDifference(a: Window, b: Window): string | undefined {
  const from = Math.max(a.start, b.start);
  const to = Math.min(a.start + a.ids.length, b.start + b.ids.length);
  for (let at = from; at < to; at += 1) {
    const [x, y] = [a.ids[at - a.start], b.ids[at - b.start]];
    if (x !== y) return `at position ${at}: ${x} and ${y}`;
  }
  return undefined;
}
