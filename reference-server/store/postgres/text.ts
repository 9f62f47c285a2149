/**
 * Strings as PostgreSQL keeps them. PostgreSQL text (and jsonb) cannot hold
 * U+0000, which a contact's strings and a query's values may contain, so every
 * string the store compares is written through `storable`: U+0000 becomes
 * U+0001 U+0001 and U+0001 becomes U+0001 U+0002, every other character stays.
 * That code is prefix-free and monotone, so equality, code-point order and
 * prefixes are kept exactly; substrings need one more test (`alignedContains`).
 */
import type { ContactDoc } from '../../types.js';
import { fold } from '../query-model.js';

const CONTROL = /[\u0000\u0001]/g;
const ESCAPED: Readonly<Record<string, string>> = { '\u0000': '\u0001\u0001', '\u0001': '\u0001\u0002' };

export const storable = (text: string): string =>
  text.includes('\u0000') || text.includes('\u0001') ? text.replace(CONTROL, (c) => ESCAPED[c]!) : text;

/** `value` with every string in it passed through `map` (object keys stay as they are). */
function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map));
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so no key (not even `__proto__`) reaches a prototype.
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, mapStrings(v, map)]));
  }
  return value;
}

/** The document as queried (`contacts.q`): its strings storable. */
export const queried = (doc: ContactDoc): string => JSON.stringify(mapStrings(doc, storable));

/** D3: the document as `contains`/`startsWith` read it (`contacts.folded`): folded as SQLite folds, then storable. */
export const foldedDoc = (doc: ContactDoc): string => JSON.stringify(mapStrings(doc, (s) => storable(fold(s))));

/** A D3 needle for `contains`/`startsWith`, folded and storable like `foldedDoc`'s strings. */
export const foldedNeedle = (needle: string): string => storable(fold(needle));

/**
 * A misaligned `strpos` hit can only start inside an escape (its second unit, U+0001 or U+0002),
 * so a needle starting with neither is exact with `strpos` alone; otherwise the match must start
 * after whole characters, which this regular expression (PostgreSQL ARE) says.
 */
export function alignedContains(storedNeedle: string): string | undefined {
  const first = storedNeedle.codePointAt(0);
  if (first !== 1 && first !== 2) return undefined;
  const literal = [...storedNeedle].map((c) => `\\U${c.codePointAt(0)!.toString(16).padStart(8, '0')}`).join('');
  return `^(?:[^\\U00000001]|\\U00000001.)*${literal}`;
}

/**
 * D4: the words of a search text. A word is a maximal run of letters and digits
 * (Unicode L* and N*, as D4 states and the contract's model splits them), folded
 * with `toLowerCase` word by word. Distinct, for the `contact_words` rows.
 */
export function searchWords(text: string): string[] {
  const words = new Set<string>();
  for (const [word] of text.matchAll(/[\p{L}\p{N}]+/gu)) words.add(word.toLowerCase());
  return [...words];
}

/** D4: a term (letters and digits only) as the words it prefixes are stored. */
export const foldTerm = (term: string): string => term.toLowerCase();

/**
 * The least string greater than every string `prefix` starts, in code-point order, for the
 * range `word >= prefix AND word < after`. Undefined when there is none (a prefix of only
 * U+10FFFF), and the range is then open above.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1; // no surrogate is a character
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}
