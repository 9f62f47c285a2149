import t from 'tap';
import { parseInstant } from './instant.js';

// [input, iso, exact]
const cases: Array<[string, string, boolean]> = [
  ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z', true],
  ['2026-01-01t10:00:00.5z', '2026-01-01T10:00:00.500Z', true],
  ['2026-01-01 10:00:00+01:00', '2026-01-01T09:00:00.000Z', true],
  ['2026-01-01T10:00:00-0130', '2026-01-01T11:30:00.000Z', true],
  ['2026-01-01T10:00:00+05', '2026-01-01T05:00:00.000Z', true],
  ['2026-01-01T00:00:00.1230000Z', '2026-01-01T00:00:00.123Z', true],
  ['2026-01-01T00:00:00.1234Z', '2026-01-01T00:00:00.123Z', false],
  ['2016-12-31T23:59:60Z', '2017-01-01T00:00:00.000Z', true],
  ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z', true],
  ['9999-12-31T23:59:59-01:00', '9999-12-31T23:59:59.999Z', false],
];
for (const [input, iso, exact] of cases) {
  t.test(input, async (t) => t.same(parseInstant(input), { iso, exact }));
}
t.test('not an instant', async (t) => {
  for (const input of ['', 'yesterday', '2026-01-01', '2026-01-01T00:00Z'])
    t.equal(parseInstant(input), undefined, input);
});
