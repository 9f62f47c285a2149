/**
 * Every body validates against the schema the contract declares for its
 * operation and status, and every declared response header that is present
 * validates against its schema. `Deprecation` may also be an RFC 9745 date
 * (D11). Undeclared fields are allowed (seed, "Versioning & deprecation
 * policy"), so they are reported as `info` only.
 */
import type { ResponseCheck } from '../types.js';
import { headerValue, isDeprecationValue } from '../support/headers.js';
import { firstUndeclaredField } from '../support/undeclared-fields.js';
import { exchange } from '../support/finding.js';

export const responseSchemaConformance: ResponseCheck = {
  id: 'response-schema-conformance',
  description: "Bodies and declared headers validate against the schemas of the response's status",
  area: 'responses',
  inspect(response, operation, contract) {
    if (!operation || response.error !== undefined) return undefined;
    const spec = operation.responses.get(String(response.status));
    if (!spec) return undefined; // an undeclared status: status-code-conformance reports it
    const key = `response-schema-conformance:${operation.id}:${response.status}`;
    const base = { operation: operation.id, ...exchange(response) };
    if (spec.validate && response.json !== undefined && !spec.validate(response.json)) {
      const error = spec.validate.errors?.[0];
      const where = error?.instancePath || '(the body)';
      return {
        ...base,
        severity: 'error',
        key,
        message: `The ${response.status} body breaks its schema: ${where} ${error?.message ?? ''}`.trim(),
      };
    }
    for (const header of spec.headers) {
      const value = headerValue(response.headers, header.name);
      if (value === undefined || header.validate(value)) continue;
      if (header.name === contract.names.responseHeaders.deprecation && isDeprecationValue(contract, value)) continue;
      return {
        ...base,
        severity: 'error',
        key: `${key}:header:${header.name}`,
        message: `The ${header.name} header ${JSON.stringify(value)} breaks its schema: ${header.validate.errors?.[0]?.message ?? ''}`,
      };
    }
    const extra = spec.schema ? firstUndeclaredField(contract, [spec.schema], response.json) : undefined;
    if (extra === undefined) return undefined;
    return {
      ...base,
      severity: 'info',
      key: `${key}:undeclared:${extra}`,
      message: `The ${response.status} body has a field the contract does not declare (${extra}); allowed, clients ignore it`,
    };
  },
};
