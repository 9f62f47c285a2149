/**
 * POST and PUT accept an `Idempotency-Key` header and declare `409 IDEMPOTENCY_CONFLICT` for a key
 * reused with a different request (seed: "Idempotency").
 */
import { isObject, parametersOf } from './lib/openapi.js';

const WRITE_METHODS = ['post', 'put'];

export default function writeIdempotency(pathItem, _options, { path }) {
  if (!isObject(pathItem)) return [];
  const results = [];
  for (const method of WRITE_METHODS) {
    const operation = pathItem[method];
    if (!isObject(operation)) continue;
    const hasKey = parametersOf(pathItem, operation).some(
      (p) => isObject(p) && p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key',
    );
    if (!hasKey) {
      results.push({
        message: `${method.toUpperCase()} must declare the Idempotency-Key header parameter.`,
        path: [...path, method],
      });
    }
    if (!('409' in (operation.responses ?? {}))) {
      results.push({
        message: `${method.toUpperCase()} must declare a 409 response.`,
        path: [...path, method, 'responses'],
      });
    }
  }
  return results;
}
