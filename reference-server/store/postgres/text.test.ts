import fc from 'fast-check';
import t from 'tap';
import { openDatabase } from '../sqlite/database.js';
import { foldTerm, prefixEnd, searchWords, storable } from './text.js';

// D4: the PostgreSQL store splits and folds words itself (`searchWords`); the SQLite store leaves
// it to FTS5's unicode61 tokenizer. Over the characters the suite writes they must agree.
const fts = openDatabase(':memory:');
t.teardown(() => fts.close());
const insert = fts.prepare('INSERT INTO contacts_fts (rowid, body) VALUES (?, ?)');
const match = fts.prepare('SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ? ORDER BY rowid').pluck();
const ftsMatch = (terms: string[]) => match.all(terms.map((term) => `"${term}"*`).join(' ')) as number[];
const ourMatch = (texts: string[], terms: string[]) =>
  texts
    .map((text, i) => [i + 1, searchWords(text)] as const)
    .filter(([, words]) => terms.every((term) => words.some((w) => w.startsWith(foldTerm(term)))))
    .map(([id]) => id);

/**
 * Letters, digits and separators of the suite's text alphabet (conformance/generate/text.ts) on
 * which FTS5 and D4 agree: ASCII, accented and other scripts' letters, emoji, spaces, joiners.
 */
const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éßØñüçЖдλΩ中文한اעहก𝒳'];
const SEPARATORS = [...` -'.,&"\\/<>%_+@#*()$😀\u00a0\u2028\u200d\ufeff`];
const unit = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...LETTERS) }, fc.constantFrom(...SEPARATORS));
const text = fc.array(unit, { maxLength: 24 }).map((units) => units.join(''));
const term = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 3 }).map((units) => units.join(''));

t.test('every character of the alphabet splits and folds as FTS5 does', async (t) => {
  fts.exec('DELETE FROM contacts_fts');
  fts.exec("CREATE VIRTUAL TABLE contacts_fts_words USING fts5vocab(contacts_fts, 'instance')");
  const tokens = fts.prepare('SELECT term FROM contacts_fts_words WHERE doc = ? ORDER BY offset').pluck();
  const all = [...LETTERS, ...SEPARATORS];
  for (const [i, c] of all.entries()) insert.run(i + 1, `x${c}x`);
  for (const [i, c] of all.entries()) {
    t.same([...new Set(tokens.all(i + 1))], searchWords(`x${c}x`), `U+${c.codePointAt(0)!.toString(16)}`);
  }
});

t.test('the same contacts match the same terms as in FTS5 (generated)', async (t) => {
  fc.assert(
    fc.property(
      fc.array(text, { minLength: 1, maxLength: 8 }),
      fc.array(term, { minLength: 1, maxLength: 2 }),
      (texts, terms) => {
        fts.exec('DELETE FROM contacts_fts');
        for (const [i, body] of texts.entries()) insert.run(i + 1, body);
        // Terms drawn from the texts' own words as well, so matches are common.
        const own = texts.flatMap((body) => searchWords(body)).map((w) => [...w].slice(0, 2).join(''));
        for (const chosen of [terms, own.slice(0, 2)]) {
          if (chosen.length === 0) continue;
          const want = ftsMatch(chosen);
          const got = ourMatch(texts, chosen);
          if (JSON.stringify(want) !== JSON.stringify(got)) {
            throw new Error(`${JSON.stringify(texts)} ${JSON.stringify(chosen)}: FTS5 ${want} ours ${got}`);
          }
        }
      },
    ),
    { numRuns: 300, seed: 42 },
  );
  t.pass('300 generated sets agree');
});

t.test('the tricky string of the brief', async (t) => {
  t.same(searchWords("Élise O'Neil-Smith jo@x.io 42b"), ['élise', 'o', 'neil', 'smith', 'jo', 'x', 'io', '42b']);
  fts.exec('DELETE FROM contacts_fts');
  insert.run(1, "Élise O'Neil-Smith jo@x.io 42b");
  for (const q of ['élise', 'ÉLI', 'neil', 'smi', 'io', '42', '42b', 'o']) t.same(ftsMatch([q]), [1], q);
  for (const q of ['lise', 'eli', 'b']) t.same(ftsMatch([q]), [], `${q}: no word starts with it`);
  for (const q of ['élise', 'ÉLI', 'neil', 'smi', 'io', '42', '42b', 'o', 'lise', 'eli', 'b']) {
    t.same(ourMatch(["Élise O'Neil-Smith jo@x.io 42b"], [q]), ftsMatch([q]), `${q}: as FTS5`);
  }
});

// Where FTS5's own Unicode tables differ from D4 ("words split at anything that is not a letter or
// digit", folded with toLowerCase, as the suite's model reads it), this store follows D4.
// [text, term, D4 matches, FTS5 matches]
const divergences: Array<[string, string, boolean, boolean]> = [
  ['e\u0301cole', 'cole', true, false], // a combining mark (Mn) is a separator in D4, a letter to FTS5
  ['x\u{1f3fd}y', 'y', true, false], // an emoji modifier (Sk)
  ['a\ue000b', 'b', true, false], // private use (Co)
  ['a\u{10ffff}b', 'b', true, false], // a noncharacter
  ['ΣΑΣ', 'σασ', false, true], // toLowerCase makes a final sigma ς; FTS5 folds every Σ to σ
];
for (const [body, q, d4, sqlite] of divergences) {
  t.test(`D4, not FTS5: ${JSON.stringify(body)} / ${q}`, async (t) => {
    fts.exec('DELETE FROM contacts_fts');
    insert.run(1, body);
    t.equal(ourMatch([body], [q]).length === 1, d4, 'this store');
    t.equal(ftsMatch([q]).length === 1, sqlite, 'FTS5 (the SQLite store)');
  });
}

t.test('storable keeps equality, code-point order and prefixes, and leaves no U+0000', async (t) => {
  const small = fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\u0002', 'a', '\u{10ffff}'), maxLength: 6 });
  const byCodePoint = (a: string, b: string) => {
    const [x, y] = [[...a].map((c) => c.codePointAt(0)!), [...b].map((c) => c.codePointAt(0)!)];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return Math.sign(x[i]! - y[i]!);
    return Math.sign(x.length - y.length);
  };
  fc.assert(
    fc.property(small, small, (a, b) => {
      const [sa, sb] = [storable(a), storable(b)];
      return (
        !sa.includes('\u0000') &&
        (a === b) === (sa === sb) &&
        byCodePoint(a, b) === byCodePoint(sa, sb) &&
        b.startsWith(a) === sb.startsWith(sa)
      );
    }),
    { numRuns: 2000, seed: 1 },
  );
  t.pass('2000 pairs');
});

t.test('prefixEnd bounds exactly the strings a prefix starts', async (t) => {
  t.equal(prefixEnd('ab'), 'ac');
  t.equal(prefixEnd('a\ud7ff'), 'a\ue000', 'skips the surrogates');
  t.equal(prefixEnd('a\u{10ffff}'), 'b');
  t.equal(prefixEnd('\u{10ffff}'), undefined);
  const word = fc.string({ unit: fc.constantFrom('a', 'b', '\u{10ffff}', '\ud7ff', '\ue000'), maxLength: 4 });
  fc.assert(
    fc.property(
      word.filter((w) => w !== ''),
      word,
      (prefix, w) => {
        const end = prefixEnd(prefix);
        const inRange = byPoints(w) >= byPoints(prefix) && (end === undefined || byPoints(w) < byPoints(end));
        return inRange === w.startsWith(prefix);
      },
    ),
    { numRuns: 2000, seed: 3 },
  );
  t.pass('2000 pairs');
});

/** A string's code points as a sortable key (UTF-32 hex), for comparisons past the BMP. */
function byPoints(s: string): string {
  return [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(6, '0')).join('');
}
