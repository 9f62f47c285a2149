/**
 * The JSON of a page of contacts in the read shape (D1, D5). A row's JSON text
 * fully determines its flattened form, so each row's serialisation is kept,
 * by the flatten function that made it and the row's id, together with the
 * row text it came from: a repeat read of an unchanged contact costs a lookup
 * by a small integer and one string comparison instead of parse, flatten and
 * stringify. A row whose text differs (an update) is serialised afresh.
 */
import { type ContactRow, parseRow, rowId } from '../store/storage.js';
import type { ContactDraft, ContactRecord } from '../types.js';

type Flatten = (contact: ContactDraft | ContactRecord) => Record<string, unknown>;

const MAX_ENTRIES = 20_000;

export function createContactSerializer(): (rows: readonly ContactRow[], flatten: Flatten) => string {
  const caches = new WeakMap<Flatten, Map<number, { row: ContactRow; text: string }>>();
  return (rows, flatten) => {
    let cache = caches.get(flatten);
    if (!cache) caches.set(flatten, (cache = new Map()));
    const texts: string[] = [];
    for (const row of rows) {
      const id = rowId(row);
      const kept = cache.get(id);
      if (kept !== undefined && kept.row === row) {
        texts.push(kept.text);
        continue;
      }
      const text = JSON.stringify(flatten(parseRow(row)));
      if (kept === undefined && cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!); // oldest first
      cache.set(id, { row, text });
      texts.push(text);
    }
    return `[${texts.join(',')}]`;
  };
}
