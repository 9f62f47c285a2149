/**
 * Judging pages against a full walk (D2). Contacts written after the walk may
 * only append at the end, so a page is right when it starts with the walk's
 * slice and anything after that slice is new.
 */

/** Why `page` is not the slice [offset, offset + limit) of `walk`, or undefined. */
export function sliceProblem(page: string[], walk: string[], limit: number, offset: number, complete: boolean): string | undefined {
  if (!complete && offset + limit > walk.length) return undefined; // beyond what was walked: nothing to compare with
  const expected = walk.slice(offset, offset + limit);
  if (new Set(page).size !== page.length) return `the page repeats an item (${page.join(', ')})`;
  if (page.length > limit) return `the page has ${page.length} items, more than limit ${limit}`;
  const known = new Set(walk);
  for (let i = 0; i < expected.length; i += 1) {
    if (page[i] === expected[i]) continue;
    const got = page[i] === undefined ? 'nothing' : page[i];
    const where = page[i] !== undefined && known.has(page[i]!) ? `walk position ${walk.indexOf(page[i]!)}` : 'not in the walk';
    return `item ${i} is ${got} (${where}); the walk has ${expected[i]} at position ${offset + i}`;
  }
  const extra = page.slice(expected.length).find((id) => known.has(id));
  if (extra !== undefined) return `after the expected ${expected.length} items comes ${extra}, which the walk has at position ${walk.indexOf(extra)}`;
  return undefined;
}

/** Why the items are not in `createdAt`, then `cdId`, ascending order, or undefined. */
export function orderProblem(items: Array<Record<string, unknown>>): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i += 1) {
    const id = String(items[i]!.cdId);
    if (seen.has(id)) return `${id} appears twice, the second time at position ${i}`;
    seen.add(id);
    if (i === 0) continue;
    const [a, b] = [items[i - 1]!, items[i]!];
    const [ta, tb] = [Date.parse(String(a.createdAt)), Date.parse(String(b.createdAt))];
    const before = ta < tb || (ta === tb && String(a.cdId) < String(b.cdId));
    if (!before) return `position ${i - 1} (${String(a.cdId)}, ${String(a.createdAt)}) comes before position ${i} (${String(b.cdId)}, ${String(b.createdAt)}): not createdAt, then cdId, ascending`;
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
