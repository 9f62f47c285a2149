/**
 * D8: a request's fingerprint is the SHA-256 of its method, path, query
 * parameters (sorted; the API key and `dryRun` left out) and body re-serialised
 * with sorted keys, so key order and whitespace never make a different request.
 */
import { hash } from 'node:crypto';

/** How deep the recursive writer goes before the iterative one takes the value over. */
const MAX_RECURSION = 64;

/**
 * JSON with object keys sorted. Bodies are shallow, so a recursive writer
 * does the work; a value nested deeper than `MAX_RECURSION` (a body may nest
 * as deep as 1 MiB allows where the schema leaves a value free, as in system
 * fields) is written without recursion. Both write the same text.
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

function write(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (depth >= MAX_RECURSION) return iterativeCanonicalJson(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + write(value[i], depth + 1);
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    out += `${i > 0 ? ',' : ''}${JSON.stringify(key)}:${write((value as Record<string, unknown>)[key], depth + 1)}`;
  }
  return `${out}}`;
}

/** The same text as `write`, with an explicit stack instead of recursion. */
export function iterativeCanonicalJson(value: unknown): string {
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
  const params: Array<[string, string]> = [];
  for (const entry of input.query) if (!input.ignoredParams.includes(entry[0])) params.push(entry);
  params.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const request = JSON.stringify([input.method.toUpperCase(), input.path, params]);
  const body = input.body === undefined ? '' : canonicalJson(input.body);
  return hash('sha256', `${request}\n${body}`, 'hex'); // one-shot: no Hash object per request
}
