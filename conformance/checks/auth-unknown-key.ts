/**
 * A well-formed key that belongs to no workspace is `401 UNAUTHORIZED`, as a
 * Bearer token and as the deprecated query key (D10, D12). The fixed cases
 * are near misses of the real key, which catch prefix, length and
 * case-insensitive comparisons; the property tries random tokens.
 */
import * as fc from 'fast-check';
import type { Check } from '../types.js';
import { errorCode, missesError } from '../support/error-code.js';
import { expectUnauthorizedEverywhere, securedProbes, withAuth, type AuthVariant } from '../support/auth.js';

function nearMisses(key: string): Array<[string, string]> {
  const last = key.at(-1) ?? 'a';
  const misses: Array<[string, string]> = [
    ['the last character changed', `${key.slice(0, -1)}${last === 'x' ? 'y' : 'x'}`],
    ['the key without its last character', key.slice(0, -1) || 'x'],
    ['the key with one more character', `${key}x`],
  ];
  if (key.toUpperCase() !== key) misses.push(['the key in upper case', key.toUpperCase()]);
  return misses;
}

const ID = 'auth-unknown-key';

export const authUnknownKey: Check = {
  id: ID,
  description: 'Every secured operation answers 401 to a well-formed key of no workspace, as Bearer and as query key',
  area: 'auth',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const known = new Set([ctx.config.apiKey, ctx.config.apiKey2]);
    const variants: AuthVariant[] = nearMisses(ctx.config.apiKey)
      .filter(([, key]) => !known.has(key))
      .flatMap(([name, key]) => [
        { name: `Bearer ${name}`, auth: { authorization: `Bearer ${key}` } },
        { name: `query key ${name}`, auth: { queryKey: key } },
      ]);
    await expectUnauthorizedEverywhere(ctx, ID, variants);

    const unauthorized = errorCode(ctx.contract, 'unauthorized');
    const probes = securedProbes(ctx);
    await ctx.property({
      name: 'random keys',
      arbitrary: fc.record({
        probe: fc.constantFrom(...probes),
        key: fc.stringMatching(/^[A-Za-z0-9._~+/-]{1,128}$/).filter((key) => !known.has(key)),
        inQuery: fc.boolean(),
      }),
      predicate: async ({ probe, key, inQuery }) => {
        const variant: AuthVariant = inQuery
          ? { name: 'query', auth: { queryKey: key } }
          : { name: 'Bearer', auth: { authorization: `Bearer ${key}` } };
        const response = await ctx.client.call(probe.operation.id, withAuth(probe, variant));
        const problem = missesError(response, unauthorized);
        if (!problem) return undefined;
        return {
          severity: 'error',
          operation: probe.operation.id,
          key: `${ID}:${probe.operation.id}:random ${variant.name} key`,
          message: `${probe.operation.method} ${probe.operation.path} with an unknown ${variant.name} key: ${problem}`,
        };
      },
    });
  },
};
