/**
 * How large a response body can honestly be. The contract bounds every
 * declared field (string lengths, array items, custom field counts), so the
 * largest JSON text its declared fields can fill is finite: a list page of 100
 * contacts at every maximum is about 25 MB. The suite reads that much of any
 * body before calling it too large, so a correct server's body is never cut.
 */
import type { Contract, JsonSchema } from '../../spec/index.js';

/** The floor and ceiling of the read limit, whatever the contract says. */
const MIN_LIMIT = 2 * 1024 * 1024;
const MAX_LIMIT = 64 * 1024 * 1024;
/** A string's code point escaped in the longest way JSON allows (`\ud83d\ude00` is 12 bytes). */
const BYTES_PER_CODE_POINT = 12;
const MAX_DEPTH = 16;

/**
 * The largest JSON text, in bytes, of a value of `schema` counting declared
 * properties only (undeclared ones are unbounded by nature); Infinity when a
 * declared part has no bound.
 */
export function declaredMaxBytes(schema: JsonSchema, depth = 0): number {
  if (depth > MAX_DEPTH) return Infinity;
  const s = schema as Record<string, unknown>;
  let best = 0;
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const branch of (s[keyword] as JsonSchema[] | undefined) ?? [])
      best = Math.max(best, declaredMaxBytes(branch, depth + 1));
  }
  if (Array.isArray(s.enum))
    return Math.max(best, ...s.enum.map((v) => JSON.stringify(v).length * BYTES_PER_CODE_POINT));
  if ('const' in s) return Math.max(best, JSON.stringify(s.const).length * BYTES_PER_CODE_POINT);
  const types = Array.isArray(s.type)
    ? (s.type as string[])
    : typeof s.type === 'string'
      ? [s.type]
      : s.properties
        ? ['object']
        : [];
  for (const type of types) {
    if (type === 'string')
      best = Math.max(best, typeof s.maxLength === 'number' ? 2 + s.maxLength * BYTES_PER_CODE_POINT : Infinity);
    else if (type === 'number' || type === 'integer') best = Math.max(best, 32);
    else if (type === 'boolean' || type === 'null') best = Math.max(best, 5);
    else if (type === 'array') {
      const item = declaredMaxBytes((s.items as JsonSchema | undefined) ?? {}, depth + 1);
      best = Math.max(best, typeof s.maxItems === 'number' ? 2 + s.maxItems * (item + 1) : Infinity);
    } else if (type === 'object') {
      let total = 2;
      for (const [key, value] of Object.entries((s.properties as Record<string, JsonSchema> | undefined) ?? {})) {
        total += key.length * BYTES_PER_CODE_POINT + 4 + declaredMaxBytes(value, depth + 1);
      }
      // Keys of a bounded map (custom fields: at most `maxProperties` of them) are declared too.
      const extra = s.additionalProperties;
      if (extra && typeof extra === 'object' && typeof s.maxProperties === 'number') {
        const keyBytes = 2 + 256 * BYTES_PER_CODE_POINT;
        total += s.maxProperties * (keyBytes + 2 + declaredMaxBytes(extra as JsonSchema, depth + 1));
      }
      best = Math.max(best, total);
    }
  }
  return best;
}

/** The body size past which the suite stops reading: a quarter above the contract's largest response. */
export function readLimitBytes(contract: Contract): number {
  let largest = 0;
  for (const op of contract.operations) {
    for (const response of op.responses.values())
      if (response.schema) largest = Math.max(largest, declaredMaxBytes(response.schema));
  }
  return Math.min(MAX_LIMIT, Math.max(MIN_LIMIT, Math.ceil(largest * 1.25)));
}
