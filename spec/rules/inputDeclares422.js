/**
 * An operation that takes input (parameters, at path or operation level, or a request body) can
 * reject it, so it declares `422 VALIDATION_ERROR`.
 */
import { METHODS, isObject, parametersOf } from './lib/openapi.js';

export default function inputDeclares422(pathItem, _options, { path }) {
  if (!isObject(pathItem)) return [];
  const results = [];
  for (const method of METHODS) {
    const operation = pathItem[method];
    if (!isObject(operation)) continue;
    const hasInput = parametersOf(pathItem, operation).length > 0 || operation.requestBody !== undefined;
    if (hasInput && !('422' in (operation.responses ?? {}))) {
      results.push({
        message: 'Operation takes input (parameters or a body) and must declare a 422 response.',
        path: [...path, method, 'responses'],
      });
    }
  }
  return results;
}
