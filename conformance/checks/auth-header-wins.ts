/**
 * When an `Authorization` header is present it alone decides, and an
 * `apiKey` query parameter beside it is ignored and draws no `Deprecation`
 * (D10, "Both forms at once").
 */
import type { Check } from '../types.js';
import { securedProbes, withAuth, type AuthVariant } from '../support/auth.js';
import { errorCode } from '../support/error-code.js';
import { headerValue } from '../support/headers.js';
import { exchange } from '../support/finding.js';

const ID = 'auth-header-wins';

export const authHeaderWins: Check = {
  id: ID,
  description: 'With both a Bearer header and an apiKey query key, the header alone decides and no Deprecation is sent',
  area: 'auth',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const name = ctx.contract.security.queryKeyName;
    const good = ctx.config.apiKey;
    const bad = `unknown-${ctx.config.runId}`;
    const unauthorized = errorCode(ctx.contract, 'unauthorized');
    const cases: Array<{ variant: AuthVariant; refused: boolean }> = [
      {
        variant: {
          name: 'a good header and a bad query key',
          auth: { authorization: `Bearer ${good}` },
          query: { [name]: bad },
        },
        refused: false,
      },
      {
        variant: {
          name: 'a good header and the same query key',
          auth: { authorization: `Bearer ${good}` },
          query: { [name]: good },
        },
        refused: false,
      },
      {
        variant: {
          name: 'a bad header and a good query key',
          auth: { authorization: `Bearer ${bad}` },
          query: { [name]: good },
        },
        refused: true,
      },
      {
        variant: {
          name: 'a non-Bearer header and a good query key',
          auth: { authorization: `Token ${good}` },
          query: { [name]: good },
        },
        refused: true,
      },
    ];
    for (const probe of securedProbes(ctx)) {
      const op = probe.operation;
      for (const { variant, refused } of cases) {
        const response = await ctx.client.call(op.id, withAuth(probe, variant));
        const deprecation = headerValue(response.headers, ctx.contract.names.responseHeaders.deprecation);
        const problem =
          refused !== (response.status === unauthorized.status)
            ? `answered ${response.status}; the header alone decides, so it should ${refused ? '' : 'not '}be ${unauthorized.status}`
            : deprecation !== undefined
              ? `sent Deprecation: ${deprecation}; a query key beside a header is ignored and draws none`
              : undefined;
        if (!problem) continue;
        ctx.report({
          severity: 'error',
          operation: op.id,
          key: `${ID}:${op.id}:${variant.name}`,
          message: `${op.method} ${op.path} with ${variant.name} ${problem}`,
          ...exchange(response),
        });
      }
    }
  },
};
