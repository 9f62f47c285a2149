/**
 * The Bearer scheme name is case-insensitive and may be followed by more than
 * one space (D10; RFC 9110 §11.1: "It uses a case-insensitive token as a means
 * to identify the authentication scheme").
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.1
 */
import type { Check } from '../types.js';
import { securedProbes, withAuth, type AuthVariant } from '../support/auth.js';
import { errorCode } from '../support/error-code.js';
import { exchange } from '../support/finding.js';

const ID = 'auth-scheme-case-insensitive';

function alternating(word: string): string {
  return [...word].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c.toLowerCase())).join('');
}

export const authSchemeCaseInsensitive: Check = {
  id: ID,
  description: 'Every secured operation accepts the key with the Bearer scheme in any case and after several spaces',
  area: 'auth',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const scheme = ctx.contract.security.bearerScheme;
    const key = ctx.config.apiKey;
    const variants: AuthVariant[] = [scheme.toLowerCase(), scheme.toUpperCase(), alternating(scheme)].map((s) => ({
      name: `"${s} <key>"`,
      auth: { authorization: `${s} ${key}` },
    }));
    variants.push({
      name: 'three spaces after the scheme',
      auth: { authorization: `${alternating(scheme)}   ${key}` },
    });
    const unauthorized = errorCode(ctx.contract, 'unauthorized').status;
    for (const probe of securedProbes(ctx)) {
      for (const variant of variants) {
        const response = await ctx.client.call(probe.operation.id, withAuth(probe, variant));
        if (response.status !== unauthorized) continue;
        ctx.report({
          severity: 'error',
          operation: probe.operation.id,
          key: `${ID}:${probe.operation.id}:${variant.name}`,
          message: `${probe.operation.method} ${probe.operation.path} refused the valid key sent as ${variant.name}: auth scheme names are case-insensitive`,
          ...exchange(response),
        });
      }
    }
  },
};
