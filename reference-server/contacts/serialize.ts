/**
 * The JSON of a page of contacts in the read shape (D1, D5). A row's JSON text
 * fully determines its flattened form, so each row's serialisation is kept,
 * keyed by that text and by the flatten function that made it: a repeat read
 * of an unchanged contact costs one map lookup instead of parse, flatten and
 * stringify.
 */
import { type ContactRow, parseRow } from '../store/contacts-store.js';
import type { ContactDraft, ContactRecord } from '../types.js';

type Flatten = (contact: ContactDraft | ContactRecord) => Record<string, unknown>;

const MAX_ENTRIES = 20_000;

export function createContactSerializer(): (rows: readonly ContactRow[], flatten: Flatten) => string {
  const caches = new WeakMap<Flatten, Map<string, string>>();
  return (rows, flatten) => {
    let cache = caches.get(flatten);
    if (!cache) caches.set(flatten, (cache = new Map()));
    const texts: string[] = [];
    for (const row of rows) {
      let text = cache.get(row);
      if (text === undefined) {
        text = JSON.stringify(flatten(parseRow(row)));
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!); // oldest first
        cache.set(row, text);
      }
      texts.push(text);
    }
    return `[${texts.join(',')}]`;
  };
}
