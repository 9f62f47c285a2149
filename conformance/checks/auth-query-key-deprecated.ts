/**
 * The deprecated `apiKey` query parameter still works on every secured
 * operation, and every response to a request that used it carries
 * `Deprecation` (`true`, or an RFC 9745 date: D11) and a `Warning`:
 * successes, 401s and validation errors alike (seed, "Versioning &
 * deprecation policy"; D10).
 */
import type { ValidateFunction } from 'ajv';
import type { ApiResponse, Check, CheckContext } from '../types.js';
import { securedProbes, withAuth } from '../support/auth.js';
import { errorCode, missesError } from '../support/error-code.js';
import { componentHeader, headerValue, isDeprecationValue } from '../support/headers.js';
import { pagingInputs } from '../support/paging.js';
import { exchange } from '../support/finding.js';

const ID = 'auth-query-key-deprecated';

function deprecationProblem(ctx: CheckContext, response: ApiResponse, warning: ValidateFunction): string | undefined {
  const deprecation = headerValue(response.headers, ctx.contract.names.responseHeaders.deprecation);
  if (deprecation === undefined) return 'no Deprecation header';
  if (!isDeprecationValue(ctx.contract, deprecation))
    return `Deprecation: ${deprecation} is neither the documented value nor an RFC 9745 date`;
  const text = headerValue(response.headers, ctx.contract.names.responseHeaders.warning);
  if (text === undefined) return 'no Warning header';
  if (!warning(text)) return `Warning: ${text} breaks the Warning header schema`;
  return undefined;
}

export const authQueryKeyDeprecated: Check = {
  id: ID,
  description:
    'The apiKey query parameter works and every response to it carries Deprecation and Warning, errors included',
  area: 'auth',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const warning = ctx.contract.compile(
      componentHeader(ctx.contract, ctx.contract.names.responseHeaders.warning)?.schema ?? {},
    );
    const unauthorized = errorCode(ctx.contract, 'unauthorized');
    const invalid = errorCode(ctx.contract, 'validation');
    const unknownKey = `unknown-${ctx.config.runId}`;
    for (const probe of securedProbes(ctx)) {
      const op = probe.operation;
      const good = await ctx.client.call(op.id, withAuth(probe, { name: 'query', auth: 'query' }));
      const bad = await ctx.client.call(
        op.id,
        withAuth(probe, { name: 'unknown query key', auth: { queryKey: unknownKey } }),
      );
      const problems: Array<[string, ApiResponse, string | undefined]> = [
        ['accepted', good, good.status === unauthorized.status ? 'refused the valid key' : undefined],
        ['deprecated', good, deprecationProblem(ctx, good, warning)],
        ['401', bad, missesError(bad, unauthorized)],
        ['401 deprecated', bad, bad.status === unauthorized.status ? deprecationProblem(ctx, bad, warning) : undefined],
      ];
      // Another error than 401: an out-of-range paging parameter (D2) with the valid query key.
      const paging = pagingInputs(ctx).find((i) => i.operation === op && i.in === 'query');
      if (paging) {
        const query = { [paging.name]: paging.schema.minimum - 1 };
        const refused = await ctx.client.call(op.id, withAuth(probe, { name: 'query', auth: 'query', query }));
        problems.push(['422', refused, missesError(refused, invalid, paging.name)]);
        problems.push(['422 deprecated', refused, deprecationProblem(ctx, refused, warning)]);
      }
      for (const [what, response, problem] of problems) {
        if (!problem) continue;
        ctx.report({
          severity: 'error',
          operation: op.id,
          key: `${ID}:${op.id}:${what}`,
          message: `${op.method} ${op.path} with ${response === bad ? 'an unknown' : 'the'} ${ctx.contract.security.queryKeyName} query key answered ${response.status}: ${problem}`,
          ...exchange(response),
        });
      }
    }
  },
};
