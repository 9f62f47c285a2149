/**
 * `GET /openapi.json` needs no key and serves a valid OpenAPI 3.1 document
 * that describes every operation of this contract (seed, "Machine-readable
 * contract"; D13). More is allowed: additive changes may land in v2.
 * @see https://spec.openapis.org/oas/v3.1.0#openapi-object
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Check } from '../types.js';

const ID = 'openapi-document';

export const openapiDocument: Check = {
  id: ID,
  description: 'GET /openapi.json answers without a key with a valid OpenAPI 3.1 document holding every operation of the contract',
  area: 'responses',
  writes: false,
  async run(ctx) {
    const documentSchema = ctx.contract.schemas.OpenApiDocument;
    const op = ctx.contract.operations.find((o) => !o.secured && [...o.responses.values()].some((r) => r.schema === documentSchema));
    if (!op) throw new Error('spec: no unauthenticated document operation');
    const response = await ctx.client.call(op.id, { auth: 'none' });
    const base = { operation: op.id, request: response.request, response: response.response } as const;
    const doc = response.json as { openapi?: unknown; paths?: Record<string, Record<string, { operationId?: unknown }>> } | undefined;
    if (response.status !== 200 || !doc || typeof doc !== 'object') {
      ctx.report({ ...base, severity: 'error', key: `${ID}:status`, message: `GET ${op.path} without a key answered ${response.status}, not a 200 JSON document` });
      return;
    }
    if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) {
      ctx.report({ ...base, severity: 'error', key: `${ID}:version`, message: `The document's openapi is ${JSON.stringify(doc.openapi)}, not 3.1.x` });
    }
    try {
      // Only the document itself: a served contract must not point elsewhere.
      await SwaggerParser.validate(structuredClone(doc) as never, { resolve: { external: false } });
    } catch (error) {
      ctx.report({ ...base, severity: 'error', key: `${ID}:invalid`, message: `The served document is not valid OpenAPI: ${(error as Error).message.slice(0, 500)}` });
    }
    for (const expected of ctx.contract.operations) {
      const served = doc.paths?.[expected.path]?.[expected.method.toLowerCase()];
      if (served?.operationId === expected.id) continue;
      ctx.report({
        ...base,
        severity: 'error',
        key: `${ID}:missing:${expected.id}`,
        message: `The served document lacks ${expected.method} ${expected.path} (${expected.id})${served ? `: it is named ${String(served.operationId)}` : ''}`,
      });
    }
  },
};
