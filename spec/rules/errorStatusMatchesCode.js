/**
 * An error response's status is the `x-http-status` its error code has in the catalogue
 * (`components/schemas/ErrorCode`): the response schema pins the code with `const` and the pair
 * must agree (STYLE.md, "Errors": one catalogue of codes with their status).
 */
import { isErrorStatus, isObject } from './lib/openapi.js';

/** The `const` values `error.code` is pinned to, looking through `allOf`. */
function pinnedCodes(schema, seen = new Set()) {
  if (!isObject(schema) || seen.has(schema)) return [];
  seen.add(schema);
  const code = schema.properties?.error?.properties?.code;
  const own = isObject(code) && typeof code.const === 'string' ? [code.const] : [];
  const inherited = Array.isArray(schema.allOf) ? schema.allOf.flatMap((part) => pinnedCodes(part, seen)) : [];
  return [...own, ...inherited];
}

export default function errorStatusMatchesCode(responses, _options, { document, path }) {
  if (!isObject(responses)) return [];
  const catalogue = document.data?.components?.schemas?.ErrorCode?.['x-http-status'] ?? {};
  const results = [];
  for (const [status, response] of Object.entries(responses)) {
    if (!isErrorStatus(status) || !/^[0-9]{3}$/.test(status)) continue;
    const schema = response?.content?.['application/json']?.schema;
    const at = [...path, status];
    const codes = [...new Set(pinnedCodes(schema))];
    if (codes.length !== 1) {
      results.push({
        message: `Error response ${status} must pin exactly one error code with \`const\` (found ${codes.length}).`,
        path: at,
      });
      continue;
    }
    const [code] = codes;
    if (!(code in catalogue)) {
      results.push({
        message: `Error code ${code} of response ${status} is not in the ErrorCode catalogue.`,
        path: at,
      });
    } else if (catalogue[code] !== Number(status)) {
      results.push({
        message: `Error code ${code} has x-http-status ${catalogue[code]}, but is returned as ${status}.`,
        path: at,
      });
    }
  }
  return results;
}
