/**
 * A secured operation can fail authentication and can fail unexpectedly, so it declares
 * `401` and `500` (seed: "Error codes include UNAUTHORIZED (401) … INTERNAL_ERROR (500)").
 */
import { effectiveSecurity, isObject } from './lib/openapi.js';

const REQUIRED = ['401', '500'];

export default function securedOperationErrors(operation, _options, { document, path }) {
  if (!isObject(operation) || effectiveSecurity(document.data, operation).length === 0) return [];
  const responses = isObject(operation.responses) ? operation.responses : {};
  return REQUIRED.filter((status) => !(status in responses)).map((status) => ({
    message: `Secured operation must declare a ${status} response.`,
    path: [...path, 'responses'],
  }));
}
