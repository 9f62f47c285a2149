import * as fc from 'fast-check';
import t from 'tap';
import { codePointLength, text, textOfLength } from './text.js';

t.test('textOfLength is exactly that many code points, astral ones included', async (t) => {
  for (const n of [0, 1, 5, 23, 24, 25, 100, 1001]) {
    const wrong = fc.sample(textOfLength(n), { numRuns: 100, seed: n }).filter((v) => codePointLength(v) !== n);
    t.same(wrong, [], `length ${n}`);
  }
});

t.test('text stays within its bounds and is well-formed Unicode', async (t) => {
  const values = fc.sample(text({ minLength: 2, maxLength: 40, typical: 8, edges: true }), { numRuns: 300, seed: 9 });
  t.same(
    values.filter((v) => codePointLength(v) < 2 || codePointLength(v) > 40),
    [],
  );
  t.same(
    values.filter((v) => /[\uD800-\uDFFF]/u.test(v)),
    [],
    'no lone surrogate',
  );
  t.ok(
    values.some((v) => codePointLength(v) === 40),
    'the upper edge is drawn',
  );
});

t.test('codePointLength counts as the string iterator does, lone surrogates included', async (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => codePointLength(s) === [...s].length),
    { numRuns: 2000, seed: 4 },
  );
  const cases: Array<[string, number]> = [
    ['', 0],
    ['\ud800', 1],
    ['\udc00\ud800', 2],
    ['a\ud83d\ude00b', 3],
    ['\ud83d\ude00\ud83d', 2],
  ];
  for (const [s, n] of cases) t.equal(codePointLength(s), n, JSON.stringify(s));
});

t.test('the same bounds give the same arbitrary, so generators that ask again build nothing', async (t) => {
  const bounds = { minLength: 1, maxLength: 30, typical: 8, edges: true };
  t.equal(text(bounds), text({ ...bounds }));
  t.equal(textOfLength(30), textOfLength(30));
  t.not(text(bounds), text({ ...bounds, edges: false }));
  t.not(textOfLength(30), textOfLength(31));
});
