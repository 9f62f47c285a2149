/**
 * Judging pages against a full walk (D2). Contacts written after the walk may
 * only append at the end, so a page is right when it starts with the walk's
 * slice and anything after that slice is new.
 */
import { NAMES, type OrderKey } from '../../spec/index.js';

/** Why `page` is not the slice [offset, offset + limit) of `walk`, or undefined. */
export function sliceProblem(
  page: string[],
  walk: string[],
  limit: number,
  offset: number,
  complete: boolean,
): string | undefined {
  if (!complete && offset + limit > walk.length) return undefined; // beyond what was walked: nothing to compare with
  const expected = walk.slice(offset, offset + limit);
  if (new Set(page).size !== page.length) return `the page repeats an item (${page.join(', ')})`;
  if (page.length > limit) return `the page has ${page.length} items, more than limit ${limit}`;
  const known = new Set(walk);
  for (let i = 0; i < expected.length; i += 1) {
    if (page[i] === expected[i]) continue;
    const got = page[i] === undefined ? 'nothing' : page[i];
    const where =
      page[i] !== undefined && known.has(page[i]!) ? `walk position ${walk.indexOf(page[i]!)}` : 'not in the walk';
    return `item ${i} is ${got} (${where}); the walk has ${expected[i]} at position ${offset + i}`;
  }
  const extra = page.slice(expected.length).find((id) => known.has(id));
  if (extra !== undefined)
    return `after the expected ${expected.length} items comes ${extra}, which the walk has at position ${walk.indexOf(extra)}`;
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

/** Where two id sequences first differ, or undefined when they are equal. */
export function firstDifference(a: string[], b: string[]): string | undefined {
  if (a.join() === b.join()) return undefined;
  const at = a.findIndex((id, i) => id !== b[i]);
  const i = at < 0 ? a.length : at;
  return `${a.length} and ${b.length} items; first difference at position ${i}: ${a[i] ?? 'nothing'} and ${b[i] ?? 'nothing'}`;
}
