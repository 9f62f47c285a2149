/**
 * Keeps API keys out of every output. Reports, progress events and curl lines
 * all pass through here; reporters never see a key.
 */

export interface Secret {
  value: string;
  /** The environment variable a reader sets to the key (`CONTACTDRIVE_API_KEY`). */
  variable: string;
}

/** The environment variables the CLI reads the keys from, and curl and reproduce lines refer to. */
export const secretVariables = { primary: 'CONTACTDRIVE_API_KEY', second: 'CONTACTDRIVE_API_KEY_2' } as const;

/** The run's keys as secrets: the primary key and, when given, the second. */
export function runSecrets(apiKey: string, apiKey2?: string): Secret[] {
  const secrets: Secret[] = [{ value: apiKey, variable: secretVariables.primary }];
  if (apiKey2) secrets.push({ value: apiKey2, variable: secretVariables.second });
  return secrets;
}

/** Case-insensitive matching only for keys long enough not to match ordinary text. */
const CASE_VARIANT_MIN_LENGTH = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every spelling of a key that may appear in a request or response: raw, URL-encoded, form-encoded. */
export function spellings(value: string): string[] {
  const forms = new Set([value, encodeURIComponent(value), new URLSearchParams({ k: value }).toString().slice(2)]);
  return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

export type Redactor = <T>(value: T) => T;

/** How many characters of a key a near miss may differ in and still be redacted. */
const NEAR_MISS_SLACK = 4;

/**
 * Long runs of a key's characters: the auth checks send near misses (the key
 * without its last character, with one changed, with one more), and a finding
 * on them would otherwise print all but one character of the key.
 */
function nearMisses(value: string): string[] {
  const width = Math.max(CASE_VARIANT_MIN_LENGTH, value.length - NEAR_MISS_SLACK);
  if (width >= value.length) return [];
  const out = new Set<string>();
  for (let i = 0; i + width <= value.length; i++) out.add(value.slice(i, i + width));
  return [...out];
}

/**
 * A function that deep-copies a value with every key replaced: exact spellings by
 * `$VARIABLE`, other-case variants (an upper-cased key sent by an auth check) by
 * `[redacted]`.
 */
export function createRedactor(secrets: readonly Secret[]): Redactor {
  const usable = secrets.filter((s) => s.value.length > 0).sort((a, b) => b.value.length - a.value.length);
  if (usable.length === 0) return (value) => value;
  const exact = new Map<string, string>();
  for (const secret of usable) {
    for (const form of spellings(secret.value)) if (!exact.has(form)) exact.set(form, `$${secret.variable}`);
  }
  const exactPattern = new RegExp(
    [...exact.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  const loose = usable
    .filter((s) => s.value.length >= CASE_VARIANT_MIN_LENGTH)
    .flatMap((s) => [...spellings(s.value), ...nearMisses(s.value)]);
  const loosePattern = loose.length > 0 ? new RegExp(loose.map(escapeRegExp).join('|'), 'gi') : undefined;

  const redactString = (text: string): string => {
    let out = text.replace(exactPattern, (match) => exact.get(match)!);
    if (loosePattern) out = out.replace(loosePattern, '[redacted]');
    return out;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) out[redactString(key)] = walk(inner);
      return out;
    }
    return value;
  };
  return <T>(value: T) => walk(value) as T;
}
