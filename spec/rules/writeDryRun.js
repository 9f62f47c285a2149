/**
 * Writes (POST/PUT operations named `create…` or `update…`) accept `?dryRun=true`, a boolean
 * query parameter (seed: "Dry run").
 */
import { isObject, parametersOf } from './lib/openapi.js';

const WRITE_ID = /^(create|update)[A-Z]/;

export default function writeDryRun(pathItem, _options, { path }) {
  if (!isObject(pathItem)) return [];
  const results = [];
  for (const method of ['post', 'put']) {
    const operation = pathItem[method];
    if (!isObject(operation) || !WRITE_ID.test(String(operation.operationId))) continue;
    const dryRun = parametersOf(pathItem, operation).find(
      (p) => isObject(p) && p.in === 'query' && p.name === 'dryRun',
    );
    if (!dryRun) {
      results.push({
        message: `Write ${operation.operationId} must declare the dryRun query parameter.`,
        path: [...path, method],
      });
    } else if (dryRun.schema?.type !== 'boolean') {
      results.push({
        message: `The dryRun parameter of ${operation.operationId} must be a boolean.`,
        path: [...path, method],
      });
    }
  }
  return results;
}
