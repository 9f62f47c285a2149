/**
 * The paging parameters `limit` and `offset` have a default, a minimum and a maximum, so a client
 * can page without guessing and a server can bound the work (seed: "GET /contacts").
 */
import { isObject } from './lib/openapi.js';

const PAGING = ['limit', 'offset'];
const BOUNDS = ['default', 'minimum', 'maximum'];

export default function pagingBounds(parameter, _options, { path }) {
  if (!isObject(parameter) || parameter.in !== 'query' || !PAGING.includes(parameter.name)) return [];
  const schema = isObject(parameter.schema) ? parameter.schema : {};
  return BOUNDS.filter((key) => typeof schema[key] !== 'number').map((key) => ({
    message: `Paging parameter ${parameter.name} must have a numeric ${key}.`,
    path: [...path, 'schema'],
  }));
}
