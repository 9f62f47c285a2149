/**
 * Small helpers shared by the house rules: walking operations and following
 * local `$ref`s in the unresolved document.
 */

/** The HTTP methods a Path Item can hold. @see https://spec.openapis.org/oas/v3.1.0#path-item-object */
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** JSONPath of every operation, for a rule's `given`. */
export const OPERATIONS = `$.paths[*][${METHODS.join(',')}]`;

export function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `4xx`, `5xx`, their `4XX`/`5XX` ranges and `default` are error responses. */
export function isErrorStatus(status) {
  return /^[45]([0-9]{2}|XX)$/i.test(status) || status === 'default';
}

/** Follows local `$ref`s (`#/components/...`) until a node without one; undefined when dangling. */
export function deref(root, node, seen = new Set()) {
  while (isObject(node) && typeof node.$ref === 'string') {
    if (!node.$ref.startsWith('#/') || seen.has(node.$ref)) return undefined;
    seen.add(node.$ref);
    node = pointer(root, node.$ref.slice(1));
  }
  return node;
}

/** The value at a JSON Pointer (`/components/schemas/Error`). */
export function pointer(root, ptr) {
  let node = root;
  for (const raw of ptr.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Parameters that apply to an operation (path-level ones first), as found. */
export function parametersOf(pathItem, operation) {
  return [...(pathItem?.parameters ?? []), ...(operation?.parameters ?? [])];
}

/** The operation's effective security: its own, else the document's. */
export function effectiveSecurity(root, operation) {
  return Array.isArray(operation.security) ? operation.security : Array.isArray(root.security) ? root.security : [];
}

/** Subschemas of a JSON Schema (2020-12) node, as `[key path, schema]` pairs. */
export function subschemas(schema) {
  const out = [];
  for (const key of ['properties', 'patternProperties', '$defs', 'dependentSchemas']) {
    if (isObject(schema[key])) for (const [name, sub] of Object.entries(schema[key])) out.push([[key, name], sub]);
  }
  for (const key of [
    'additionalProperties',
    'unevaluatedProperties',
    'unevaluatedItems',
    'propertyNames',
    'contains',
    'not',
    'if',
    'then',
    'else',
    'contentSchema',
  ]) {
    if (isObject(schema[key])) out.push([[key], schema[key]]);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
    if (Array.isArray(schema[key])) schema[key].forEach((sub, i) => out.push([[key, i], sub]));
  }
  if (isObject(schema.items)) out.push([['items'], schema.items]);
  else if (Array.isArray(schema.items)) schema.items.forEach((sub, i) => out.push([['items', i], sub]));
  return out;
}
