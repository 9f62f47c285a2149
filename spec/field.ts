/**
 * The `field` of the error envelope: the offending input as a dotted path with
 * bracketed array indexes (`contact.email`, `conditions[1].op`), `body` for the
 * body as a whole, or a parameter's own name (`limit`, `Idempotency-Key`).
 */
import type { ErrorObject } from 'ajv';

export const WHOLE_BODY = 'body';

/** Formats path segments as a field: `['conditions', 1, 'op']` is `conditions[1].op`. */
export function formatField(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? WHOLE_BODY : out;
}

/** Splits an Ajv instancePath (a JSON Pointer) into segments, array indexes as numbers. */
export function pointerSegments(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9][0-9]*)$/.test(part) ? Number(part) : part));
}

/**
 * The input path an Ajv error blames. Errors about a missing, unexpected or
 * badly named property blame that property, not its parent object.
 */
export function errorSegments(error: ErrorObject): Array<string | number> {
  const segments = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return [...segments, params.missingProperty];
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return [...segments, params.additionalProperty];
  }
  // A key that breaks `propertyNames`: Ajv names it on the inner errors too.
  const badKey = (error as { propertyName?: unknown }).propertyName ?? params.propertyName;
  if (typeof badKey === 'string') return [...segments, badKey];
  return segments;
}

/**
 * The error to report when Ajv stops at the first failing keyword. Its errors
 * end with that keyword; an `anyOf`/`oneOf` is blamed as a whole (no single
 * branch was meant), otherwise the first, innermost error is the precise one.
 */
export function primaryError(errors: ReadonlyArray<ErrorObject>): ErrorObject | undefined {
  const last = errors.at(-1);
  if (last && (last.keyword === 'anyOf' || last.keyword === 'oneOf')) return last;
  return errors[0];
}
