/**
 * Every error response (4xx, 5xx, default) is a `$ref` to `components/responses` whose JSON
 * schema is, or extends with `allOf`, `#/components/schemas/Error`: one envelope for all errors.
 * Runs on the unresolved document (`resolved: false`) so the `$ref`s are visible.
 */
import { deref, isErrorStatus, isObject } from './lib/openapi.js';

const ERROR_SCHEMA = '#/components/schemas/Error';
const RESPONSES = '#/components/responses/';

function extendsError(root, schema, seen = new Set()) {
  if (!isObject(schema)) return false;
  if (schema.$ref === ERROR_SCHEMA) return true;
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return false;
    seen.add(schema.$ref);
    return extendsError(root, deref(root, { $ref: schema.$ref }), seen);
  }
  return Array.isArray(schema.allOf) && schema.allOf.some((part) => extendsError(root, part, seen));
}

export default function errorResponseEnvelope(responses, _options, { document, path }) {
  if (!isObject(responses)) return [];
  const root = document.data;
  const results = [];
  for (const [status, response] of Object.entries(responses)) {
    if (!isErrorStatus(status)) continue;
    const at = [...path, status];
    if (!isObject(response) || typeof response.$ref !== 'string' || !response.$ref.startsWith(RESPONSES)) {
      results.push({ message: `Error response ${status} must be a $ref to components/responses.`, path: at });
      continue;
    }
    const schema = deref(root, response)?.content?.['application/json']?.schema;
    if (!extendsError(root, schema)) {
      results.push({
        message: `Error response ${status} (${response.$ref}) must use an application/json schema that is or extends ${ERROR_SCHEMA}.`,
        path: at,
      });
    }
  }
  return results;
}
