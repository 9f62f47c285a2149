/**
 * Routing comes first (D9): a path the contract does not have is `404
 * NOT_FOUND`, with or without a key (never 401); a path it has with a method
 * it lacks is `405 METHOD_NOT_ALLOWED` with an `Allow` header listing exactly
 * the path's methods. Unknown paths are generated, and each is confirmed
 * unknown by the contract's own router before it is sent.
 */
import * as fc from 'fast-check';
import type { HttpMethod } from '../../spec/index.js';
import type { Check, CheckContext } from '../types.js';
import { errorCode, missesError } from '../support/error-code.js';
import { valid } from '../generate/valid.js';
import { exchange } from '../support/finding.js';

const ID = 'unknown-routes';
const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Paths the seed names as mounted elsewhere but outside this contract (D13). */
const SEED_PATHS = ['/activity', '/apps', '/services', '/webhooks'];

const segment = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);

function unknownPaths(ctx: CheckContext): string[] {
  const generated = fc.sample(
    fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`),
    { numRuns: 8, seed: ctx.config.seed },
  );
  const known = ctx.contract.operations.map((op) => op.path.replace(/\{[^}]+\}/g, 'x'));
  const deeper = known.map((p) => `${p}/extra`);
  return [...new Set([...SEED_PATHS, ...deeper, ...generated])].filter(
    (p) => ctx.contract.match('GET', `${ctx.contract.basePath}${p}`).kind === 'not-found',
  );
}

async function notFound(ctx: CheckContext, path: string): Promise<void> {
  for (const auth of ['bearer', 'none'] as const) {
    const r = await ctx.client.raw('GET', path, { auth });
    const why = missesError(r, errorCode(ctx.contract, 'notFound'));
    if (why)
      ctx.report({
        severity: 'error',
        key: `${ID}:not-found:${auth}`,
        message: `GET ${path} (not in the contract) ${auth === 'none' ? 'without a key' : 'with a key'}: ${why}`,
        ...exchange(r),
      });
  }
}

async function notAllowed(ctx: CheckContext): Promise<void> {
  const paths = new Map(ctx.contract.operations.map((op) => [op.path, op]));
  for (const [template, op] of paths) {
    const params = Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'path')
        .map((p) => [
          p.name,
          String(
            fc.sample(valid(p.schema, { compile: ctx.contract.compile }), { numRuns: 1, seed: ctx.config.seed })[0],
          ),
        ]),
    );
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
    for (const method of METHODS) {
      const match = ctx.contract.match(method, `${ctx.contract.basePath}${path}`);
      if (match.kind !== 'method-not-allowed') continue;
      const r = await ctx.client.raw(method, path, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
      const why = missesError(r, errorCode(ctx.contract, 'methodNotAllowed'));
      const allow = (r.headers.allow ?? '')
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean)
        .sort();
      const problem =
        why ??
        (allow.join() !== [...match.allow].sort().join()
          ? `Allow is ${JSON.stringify(r.headers.allow)}, expected ${match.allow.join(', ')}`
          : undefined);
      if (problem)
        ctx.report({
          severity: 'error',
          key: `${ID}:method:${method} ${template}`,
          message: `${method} ${path} (the path has only ${match.allow.join(', ')}): ${problem}`,
          ...exchange(r),
        });
    }
  }
}

export const unknownRoutes: Check = {
  id: ID,
  description:
    'Unknown paths are 404 NOT_FOUND even without a key; known paths with other methods are 405 with an exact Allow header',
  area: 'validation',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    for (const path of unknownPaths(ctx)) await notFound(ctx, path);
    await notAllowed(ctx);
  },
};
