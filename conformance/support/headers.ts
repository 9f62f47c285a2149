/** Response header lookups shared by the response and auth checks. */
import type { Contract, JsonSchema } from '../../spec/index.js';

/** A header's value, whatever the case of its name. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** A header object of the document's `components.headers`, by name. */
export function componentHeader(contract: Contract, name: string): { schema?: JsonSchema } | undefined {
  const components = (contract.document as { components?: { headers?: Record<string, { schema?: JsonSchema }> } })
    .components;
  return components?.headers?.[name];
}

/** RFC 9745 §2.1: `Deprecation` is a Structured Field Date, `@` and unix seconds. */
const RFC_9745_DATE = /^@-?\d{1,15}$/;

/**
 * Whether `value` is an acceptable `Deprecation` header: the value the
 * contract documents (`true`, RFC 8594's draft form the seed cites) or an
 * RFC 9745 date (DECISIONS D11).
 */
export function isDeprecationValue(contract: Contract, value: string): boolean {
  return value.trim() === contract.names.headerValues.deprecation || RFC_9745_DATE.test(value.trim());
}
