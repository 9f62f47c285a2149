/**
 * Response schemas stay open: clients must ignore unknown response fields and new response fields
 * may land in v2 at any time (seed: "Versioning & deprecation policy"), so nothing reachable from a
 * response schema may say `additionalProperties: false` or `unevaluatedProperties: false`.
 * Runs on the resolved document, so schemas reached through `$ref`s are checked too.
 */
import { isObject, subschemas } from './lib/openapi.js';

const CLOSING = ['additionalProperties', 'unevaluatedProperties'];

function walk(schema, path, results, seen) {
  if (!isObject(schema) || seen.has(schema)) return;
  seen.add(schema);
  for (const key of CLOSING) {
    if (schema[key] === false) {
      results.push({ message: `Response schemas must stay open: remove \`${key}: false\`.`, path: [...path, key] });
    }
  }
  for (const [keys, sub] of subschemas(schema)) walk(sub, [...path, ...keys], results, seen);
}

export default function responseSchemaOpen(schema, _options, { path }) {
  const results = [];
  walk(schema, path, results, new Set());
  return results;
}
