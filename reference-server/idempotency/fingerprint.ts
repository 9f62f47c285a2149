/**
 * D8: a request's fingerprint is the SHA-256 of its method, path, query
 * parameters (sorted; the API key and `dryRun` left out) and body re-serialised
 * with sorted keys, so key order and whitespace never make a different request.
 */
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted, built without recursion: a body may nest as
 * deep as 1 MiB allows where the schema leaves a value free (system fields).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [value];
  const CLOSE_ARRAY = Symbol('[');
  const CLOSE_OBJECT = Symbol('{');
  const COMMA = Symbol(',');
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === CLOSE_ARRAY) out.push(']');
    else if (item === CLOSE_OBJECT) out.push('}');
    else if (item === COMMA) out.push(',');
    else if (typeof item === 'string' && stack.length > 0 && stack.at(-1) === KEY) {
      stack.pop();
      out.push(`${JSON.stringify(item)}:`);
    } else if (Array.isArray(item)) {
      out.push('[');
      stack.push(CLOSE_ARRAY);
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(item[i]);
        if (i > 0) stack.push(COMMA);
      }
    } else if (item !== null && typeof item === 'object') {
      out.push('{');
      stack.push(CLOSE_OBJECT);
      const keys = Object.keys(item).sort();
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push((item as Record<string, unknown>)[keys[i]!], KEY, keys[i]); // popped: key, KEY, value
        if (i > 0) stack.push(COMMA);
      }
    } else {
      out.push(JSON.stringify(item) ?? 'null');
    }
  }
  return out.join('');
}
const KEY = Symbol('key');

export interface FingerprintInput {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Query parameters that do not make a different request (D8: the API key, `dryRun`). */
  ignoredParams: readonly string[];
  body: unknown;
}

export function fingerprint(input: FingerprintInput): string {
  const params = [...input.query.entries()]
    .filter(([name]) => !input.ignoredParams.includes(name))
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([input.method.toUpperCase(), input.path, params]))
    .update('\n')
    .update(input.body === undefined ? '' : canonicalJson(input.body))
    .digest('hex');
}
