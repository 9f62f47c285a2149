/**
 * D14: a request body is JSON text (RFC 8259): UTF-8 (section 8.1), then JSON
 * syntax, then an object, then Unicode text in every string and key (section
 * 8.2: an escaped lone surrogate is valid syntax but no text, and storing it
 * in UTF-8 would lose it). Each failure is a 422 naming what is wrong.
 */
import { formatField, WHOLE_BODY } from '../../spec/index.js';
import type { Outcome } from '../types.js';
import { violation } from './errors.js';

/** Strict: a byte sequence that is not UTF-8 throws instead of becoming U+FFFD. A leading BOM is dropped. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Since the text decoded strictly, a lone surrogate can only come from a `\uD800`–`\uDFFF` escape. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
/** In a `u` regex a paired surrogate is one astral code point, so only an unpaired one is category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (text: string) => !LONE_SURROGATE.test(text);

type Segment = string | number;

interface Node {
  value: unknown;
  segment?: Segment;
  parent?: Node;
}

const pathOf = (node: Node | undefined): Segment[] => {
  const segments: Segment[] = [];
  for (let at = node; at?.segment !== undefined; at = at.parent) segments.unshift(at.segment);
  return segments;
};

/**
 * Where the first string or key that is not well-formed UTF-16 sits, or
 * undefined when all are. A bad key is reported at the object holding it, so
 * the envelope's `field` stays text. Iterative: a body may nest as deep as
 * the size limit allows.
 */
export function illFormedAt(value: unknown): Segment[] | undefined {
  const stack: Node[] = [{ value }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { value: current } = node;
    if (typeof current === 'string') {
      if (!wellFormed(current)) return pathOf(node);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], segment: i, parent: node });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (const [key] of entries) if (!wellFormed(key)) return pathOf(node);
      for (let i = entries.length - 1; i >= 0; i--)
        stack.push({ value: entries[i]![1], segment: entries[i]![0], parent: node });
    }
  }
  return undefined;
}

export function parseJson(bytes: Buffer): Outcome<unknown> {
  if (bytes.length === 0)
    return { ok: false, error: violation(WHOLE_BODY, 'The request body is empty; send a JSON object.') };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, error: violation(WHOLE_BODY, 'The request body is not valid UTF-8.') };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: violation(WHOLE_BODY, 'The request body is not valid JSON.') };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: violation(WHOLE_BODY, 'The request body must be a JSON object.') };
  }
  const bad = SURROGATE_ESCAPE.test(text) ? illFormedAt(value) : undefined;
  if (bad) {
    const field = formatField(bad);
    return {
      ok: false,
      error: violation(field, `${field}: holds an unpaired surrogate (\\uD800-\\uDFFF), which is not Unicode text.`),
    };
  }
  return { ok: true, value };
}
