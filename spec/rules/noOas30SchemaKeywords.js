/**
 * No OpenAPI 3.0 leftovers in schemas: `nullable` (3.1 writes `type: [T, 'null']`) and a
 * schema-level `example` (3.1 uses `examples`, an array, or media-type `examples`).
 * @see https://spec.openapis.org/oas/v3.1.0#schema-object
 * Walks the unresolved document so each schema is checked once, where it is written.
 */
import { isObject, subschemas } from './lib/openapi.js';

const FORBIDDEN = {
  nullable: "`nullable` is OpenAPI 3.0; write `type: [..., 'null']`.",
  example: 'A schema-level `example` is OpenAPI 3.0; use `examples` (an array) or media-type examples.',
};

function checkSchema(schema, path, results, seen) {
  if (!isObject(schema) || seen.has(schema)) return;
  seen.add(schema);
  for (const [key, message] of Object.entries(FORBIDDEN)) {
    if (key in schema) results.push({ message, path: [...path, key] });
  }
  for (const [keys, sub] of subschemas(schema)) checkSchema(sub, [...path, ...keys], results, seen);
}

/** Finds the schemas of a non-schema node: any `schema` value and every `components.schemas` entry. */
function walk(node, path, results, seen) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, [...path, i], results, seen));
    return;
  }
  if (!isObject(node)) return;
  const inComponentSchemas = path.length === 2 && path[0] === 'components' && path[1] === 'schemas';
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples') continue; // example data, not schemas
    if (inComponentSchemas || key === 'schema') checkSchema(value, [...path, key], results, seen);
    else walk(value, [...path, key], results, seen);
  }
}

export default function noOas30SchemaKeywords(document) {
  const results = [];
  walk(document, [], results, new Set());
  return results;
}
