/**
 * A request that does not use a deprecated input gets no `Deprecation`
 * header: Bearer requests, accepted or refused, and the open document
 * (D10: "Bearer requests never carry Deprecation").
 */
import type { OperationSpec } from '../../spec/index.js';
import type { ApiResponse, Check } from '../types.js';
import { securedProbes, withAuth } from '../support/auth.js';
import { headerValue } from '../support/headers.js';
import { exchange } from '../support/finding.js';

const ID = 'auth-bearer-no-deprecation';

export const authBearerNoDeprecation: Check = {
  id: ID,
  description: 'Responses to Bearer requests (and unauthenticated ones) carry no Deprecation header',
  area: 'auth',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const sent: Array<[OperationSpec, string, ApiResponse]> = [];
    const unknown = { authorization: `Bearer unknown-${ctx.config.runId}` };
    for (const probe of securedProbes(ctx)) {
      const op = probe.operation;
      sent.push([op, 'Bearer', await ctx.client.call(op.id, withAuth(probe, { name: 'Bearer', auth: 'bearer' }))]);
      sent.push([
        op,
        'unknown Bearer',
        await ctx.client.call(op.id, withAuth(probe, { name: 'unknown', auth: unknown })),
      ]);
    }
    for (const op of ctx.contract.operations.filter((o) => !o.secured)) {
      sent.push([op, 'keyless', await ctx.client.call(op.id, { auth: 'none' })]);
    }
    for (const [op, how, response] of sent) {
      const deprecation = headerValue(response.headers, ctx.contract.names.responseHeaders.deprecation);
      if (deprecation === undefined) continue;
      ctx.report({
        severity: 'error',
        operation: op.id,
        key: `${ID}:${op.id}:${how}`,
        message: `${op.method} ${op.path}: a ${how} request got Deprecation: ${deprecation} (${response.status}), but it used no deprecated input`,
        ...exchange(response),
      });
    }
  },
};
