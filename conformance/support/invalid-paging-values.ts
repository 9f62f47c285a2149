/**
 * Values a paging input must refuse (D2), from its schema's bounds: as query
 * strings for a parameter, as JSON values for a body property. Each value
 * names its kind, so a finding says which kind the server let through.
 * Strings a reader could take either way (`01`, ` 1`) are left out; `+5` is
 * refused by D9 ("Parameter values are exact").
 */
import * as fc from 'fast-check';
import type { PagingInput } from './paging.js';

export interface InvalidValue {
  kind: string;
  value: unknown;
}

const INT32_MAX = 2 ** 31 - 1;

export function invalidPagingValues(input: PagingInput): {
  fixed: InvalidValue[];
  arbitrary: fc.Arbitrary<InvalidValue>;
} {
  const { minimum: min, maximum: max } = input.schema;
  const above: number[] = max < INT32_MAX ? [max + 1] : [];
  const numbers: InvalidValue[] = [
    { kind: 'below the minimum', value: min - 1 },
    ...(min - 1 !== -1 ? [{ kind: 'negative', value: -1 }] : []),
    ...above.map((value) => ({ kind: 'above the maximum', value })),
    { kind: 'huge', value: 99_999_999_999 },
    { kind: 'not an integer', value: min + 1.5 },
  ];
  const kind =
    (k: string) =>
    (value: unknown): InvalidValue => ({ kind: k, value });
  const belowMin = fc.integer({ min: -INT32_MAX, max: min - 1 });
  const aboveMax = fc
    .double({ min: max + 1, max: 1e15, noNaN: true })
    .map(Math.floor)
    .filter((n) => n > max);
  const fraction = fc.double({ min, max, noNaN: true }).filter((n) => !Number.isInteger(n));
  if (input.in === 'body') {
    const fixed: InvalidValue[] = [
      ...numbers,
      { kind: 'a numeric string', value: String(min + 1) },
      { kind: 'null', value: null },
      { kind: 'a boolean', value: true },
    ];
    const arbitrary = fc.oneof(
      belowMin.map(kind('below the minimum')),
      aboveMax.map(kind('above the maximum')),
      fraction.map(kind('not an integer')),
      fc.string({ maxLength: 6 }).map(kind('a string')),
      fc.constantFrom(null, true, false, [], {}).map(kind('not a number')),
    );
    return { fixed, arbitrary };
  }
  const text = (v: InvalidValue): InvalidValue => ({ kind: v.kind, value: String(v.value) });
  const junk = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => /[^\s+\-0-9]/.test(s));
  const fixed: InvalidValue[] = [
    ...numbers.map(text),
    { kind: 'exponent notation', value: `${min + 1}e1` },
    { kind: 'a plus sign', value: `+${min + 1}` },
    { kind: 'empty', value: '' },
    { kind: 'junk', value: 'abc' },
    { kind: 'repeated', value: [String(min), String(min)] },
  ];
  const arbitrary = fc.oneof(
    belowMin.map((n) => kind('below the minimum')(String(n))),
    aboveMax.map((n) => kind('above the maximum')(String(n))),
    fraction.map((n) => kind('not an integer')(String(n))),
    fc
      .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9 }))
      .map(([a, b]) => kind('exponent notation')(`${a}e${b}`)),
    junk.map(kind('junk')),
    fc
      .tuple(fc.integer({ min, max: Math.min(max, min + 50) }), fc.integer({ min, max: Math.min(max, min + 50) }))
      .map(([a, b]) => kind('repeated')([String(a), String(b)])),
  );
  return { fixed, arbitrary };
}
