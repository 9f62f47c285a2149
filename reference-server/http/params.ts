/**
 * Path, query and header parameters: gathered, coerced by their schema's type
 * and validated with the contract's compiled validators. Coercion is strict
 * (D2): an integer only from base-10 digits, a boolean only from `true` or
 * `false`; anything else stays a string for the validator to reject, naming
 * the parameter. A query parameter given twice, or whose value is not
 * percent-encoded UTF-8 (D14), is a 422 on it.
 */
import type { JsonSchema, OperationSpec } from '../../spec/index.js';
import type { Outcome, RawRequest } from '../types.js';
import { fromAjv, violation } from './errors.js';

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function coerce(text: string, schema: JsonSchema): unknown {
  const types = ([] as unknown[]).concat(schema.type ?? []);
  if (types.includes('integer') && INTEGER.test(text)) return Number(text);
  if (types.includes('number') && NUMBER.test(text)) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export function parseParams(
  operation: OperationSpec,
  raw: RawRequest,
  pathParams: Readonly<Record<string, string>>,
): Outcome<Map<string, unknown>> {
  const values = new Map<string, unknown>();
  for (const param of operation.parameters) {
    let text: string | undefined;
    if (param.in === 'query') {
      const given = raw.query.getAll(param.name);
      if (given.length > 1)
        return { ok: false, error: violation(param.name, `${param.name}: must be given at most once.`) };
      if (raw.malformedQuery?.has(param.name))
        return { ok: false, error: violation(param.name, `${param.name}: is not percent-encoded UTF-8.`) };
      text = given[0];
    } else if (param.in === 'header') {
      const given = raw.headers[param.name.toLowerCase()];
      text = Array.isArray(given) ? given.join(', ') : given;
    } else {
      text = Object.hasOwn(pathParams, param.name) ? pathParams[param.name] : undefined;
    }
    if (text === undefined) {
      if (param.required) return { ok: false, error: violation(param.name, `${param.name}: is required.`) };
      continue;
    }
    const value = coerce(text, param.schema);
    if (!param.validate(value)) return { ok: false, error: fromAjv(param.validate.errors, param.name) };
    values.set(param.name, value);
  }
  return { ok: true, value: values };
}
