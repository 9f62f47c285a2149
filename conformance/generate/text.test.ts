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
