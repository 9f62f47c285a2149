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

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A string of exactly `length` code points (a short random cycle, so long strings stay cheap). */
export function textOfLength(length: number, unit: fc.Arbitrary<string> = codeUnit): fc.Arbitrary<string> {
  if (length === 0) return fc.constant('');
  const cycle = Math.min(length, 24);
  return fc
    .array(unit, { minLength: cycle, maxLength: cycle })
    .map((units) => units.join('').repeat(Math.floor(length / cycle)) + units.slice(0, length % cycle).join(''));
}

export interface TextBounds {
  minLength?: number;
  maxLength?: number;
  /** Typical length cap when `maxLength` allows more. */
  typical: number;
  /** Mix in strings of exactly the bounds. */
  edges: boolean;
}

/** Free text within code-point bounds. */
export function text(bounds: TextBounds, unit: fc.Arbitrary<string> = codeUnit): fc.Arbitrary<string> {
  const min = bounds.minLength ?? 0;
  const max = bounds.maxLength ?? Math.max(min, bounds.typical) * 4;
  const typicalMax = Math.min(max, Math.max(min, bounds.typical));
  const parts: Array<fc.WeightedArbitrary<string>> = [
    { weight: 8, arbitrary: fc.array(unit, { minLength: min, maxLength: typicalMax }).map((u) => u.join('')) },
  ];
  if (bounds.edges) {
    parts.push({ weight: 1, arbitrary: textOfLength(min, unit) });
    if (max !== min) parts.push({ weight: 1, arbitrary: textOfLength(max, unit) });
  }
  return fc.oneof(...parts);
}
