/**
 * Only `GET /openapi.json` is served without a key (seed: "Machine-readable contract"); every
 * other operation needs one. An empty requirement (`{}`) inside `security` makes auth optional,
 * which counts as unauthenticated too.
 */
import { effectiveSecurity, isObject } from './lib/openapi.js';

const PUBLIC = { path: '/openapi.json', method: 'get' };

export default function onlyOpenApiUnauthenticated(operation, _options, { document, path }) {
  if (!isObject(operation)) return [];
  const [, pathKey, method] = path;
  if (pathKey === PUBLIC.path && method === PUBLIC.method) return [];
  const security = effectiveSecurity(document.data, operation);
  const open = security.length === 0 || security.some((req) => isObject(req) && Object.keys(req).length === 0);
  if (!open) return [];
  return [
    {
      message: `Only GET ${PUBLIC.path} may be unauthenticated; ${method.toUpperCase()} ${pathKey} needs a security requirement.`,
      path: 'security' in operation ? [...path, 'security'] : path,
    },
  ];
}
