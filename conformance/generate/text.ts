/**
 * Strings measured the way JSON Schema measures them: in code points. The
 * alphabet mixes ASCII with accented letters, other scripts, combining marks,
 * invisible characters and astral-plane emoji, one code point per unit.
 */
import * as fc from 'fast-check';

const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PUNCTUATION = [
  ' ',
  '-',
  "'",
  '.',
  ',',
  '&',
  '"',
  '\\',
  '/',
  '<',
  '>',
  '%',
  '_',
  '+',
  '@',
  '#',
  '*',
  '(',
  ')',
  '$',
];
const UNICODE = [
  'é',
  'ß',
  'Ø',
  'ñ',
  'ü',
  'ç',
  'İ',
  'Ж',
  'д',
  'λ',
  'Ω',
  '中',
  '文',
  '한',
  'ا',
  'ע',
  'ह',
  'ก',
  '\u0301',
  '\u200d',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '😀',
  '𝒳',
  '🏽',
  '\u{10ffff}',
];

export const codeUnit: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ASCII) },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 2, arbitrary: fc.constantFrom(...UNICODE) },
);

/** Code points in `s`, as `[...s].length` counts them (a lone surrogate is one), without an iterator. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const high = s.charCodeAt(i);
    if (high >= 0xd800 && high <= 0xdbff) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}

/**
 * Arbitraries by their parameters, per code-unit arbitrary: they hold no
 * state, and generators ask for the same few lengths again and again.
 */
const memo = new WeakMap<fc.Arbitrary<string>, Map<string, fc.Arbitrary<string>>>();

function memoised(unit: fc.Arbitrary<string>, key: string, build: () => fc.Arbitrary<string>): fc.Arbitrary<string> {
  let byKey = memo.get(unit);
  if (!byKey) memo.set(unit, (byKey = new Map()));
  let arbitrary = byKey.get(key);
  if (!arbitrary) byKey.set(key, (arbitrary = build()));
  return arbitrary;
}

/** A string of exactly `length` code points (a short random cycle, so long strings stay cheap). */
export function textOfLength(length: number, unit: fc.Arbitrary<string> = codeUnit): fc.Arbitrary<string> {
  if (length === 0) return fc.constant('');
  return memoised(unit, `=${length}`, () => {
    const cycle = Math.min(length, 24);
    const repeats = Math.floor(length / cycle);
    const rest = length % cycle;
    return fc.array(unit, { minLength: cycle, maxLength: cycle }).map((units) => {
      const whole = units.join('');
      if (rest === 0) return repeats === 1 ? whole : whole.repeat(repeats);
      let tail = '';
      for (let i = 0; i < rest; i++) tail += units[i];
      return whole.repeat(repeats) + tail;
    });
  });
}

export interface TextBounds {
  minLength?: number;
  maxLength?: number;
  /** Typical length cap when `maxLength` allows more. */
  typical: number;
  /** Mix in strings of exactly the bounds. */
  edges: boolean;
}

const joined = (units: string[]) => units.join('');

/** Free text within code-point bounds. */
export function text(bounds: TextBounds, unit: fc.Arbitrary<string> = codeUnit): fc.Arbitrary<string> {
  const min = bounds.minLength ?? 0;
  const max = bounds.maxLength ?? Math.max(min, bounds.typical) * 4;
  const typicalMax = Math.min(max, Math.max(min, bounds.typical));
  return memoised(unit, `${min}-${max}-${typicalMax}-${bounds.edges}`, () => {
    const parts: Array<fc.WeightedArbitrary<string>> = [
      { weight: 8, arbitrary: fc.array(unit, { minLength: min, maxLength: typicalMax }).map(joined) },
    ];
    if (bounds.edges) {
      parts.push({ weight: 1, arbitrary: textOfLength(min, unit) });
      if (max !== min) parts.push({ weight: 1, arbitrary: textOfLength(max, unit) });
    }
    return fc.oneof(...parts);
  });
}
