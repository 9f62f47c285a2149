/**
 * The deprecated `apiKey` query parameter still works on every secured
 * operation, and every response to a request that used it, success or 401,
 * carries `Deprecation` (`true`, or an RFC 9745 date: D11) and a `Warning`
 * (seed, "Versioning & deprecation policy"; D10).
 */
import type { ValidateFunction } from 'ajv';
import type { ApiResponse, Check, CheckContext } from '../types.js';
import { securedProbes, withAuth } from '../support/auth.js';
import { errorCode, missesError } from '../support/error-code.js';
import { componentHeader, headerValue, isDeprecationValue } from '../support/headers.js';

const ID = 'auth-query-key-deprecated';

function deprecationProblem(ctx: CheckContext, response: ApiResponse, warning: ValidateFunction): string | undefined {
  const deprecation = headerValue(response.headers, 'Deprecation');
  if (deprecation === undefined) return 'no Deprecation header';
  if (!isDeprecationValue(ctx.contract, deprecation)) return `Deprecation: ${deprecation} is neither the documented value nor an RFC 9745 date`;
  const text = headerValue(response.headers, 'Warning');
  if (text === undefined) return 'no Warning header';
  if (!warning(text)) return `Warning: ${text} breaks the Warning header schema`;
  return undefined;
}

export const authQueryKeyDeprecated: Check = {
  id: ID,
  description: 'The apiKey query parameter works and every response to it carries Deprecation and Warning, 401s included',
  area: 'auth',
  writes: false,
  async run(ctx) {
    const warning = ctx.contract.compile(componentHeader(ctx.contract, 'Warning')?.schema ?? {});
    const unauthorized = errorCode(ctx.contract, 'UNAUTHORIZED');
    const unknownKey = `unknown-${ctx.config.runId}`;
    for (const probe of securedProbes(ctx)) {
      const op = probe.operation;
      const good = await ctx.client.call(op.id, withAuth(probe, { name: 'query', auth: 'query' }));
      const bad = await ctx.client.call(op.id, withAuth(probe, { name: 'unknown query key', auth: { queryKey: unknownKey } }));
      const problems: Array<[string, ApiResponse, string | undefined]> = [
        ['accepted', good, good.status === unauthorized.status ? 'refused the valid key' : undefined],
        ['deprecated', good, deprecationProblem(ctx, good, warning)],
        ['401', bad, missesError(bad, unauthorized)],
        ['401 deprecated', bad, bad.status === unauthorized.status ? deprecationProblem(ctx, bad, warning) : undefined],
      ];
      for (const [what, response, problem] of problems) {
        if (!problem) continue;
        ctx.report({
          severity: 'error',
          operation: op.id,
          key: `${ID}:${op.id}:${what}`,
          message: `${op.method} ${op.path} with ${response === good ? 'the' : 'an unknown'} ${ctx.contract.security.queryKeyName} query key answered ${response.status}: ${problem}`,
          request: response.request,
          response: response.response,
        });
      }
    }
  },
};
