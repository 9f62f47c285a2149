/**
 * A dry run authenticates like the real request (D7): without a key, or with
 * an unknown one, `POST /contacts?dryRun=true` and `PUT
 * /contacts/{contactId}?dryRun=true` are `401 UNAUTHORIZED`, even when the
 * body is invalid (D9: authentication comes before validation).
 */
import type { AuthMode, Check, CheckContext } from '../types.js';
import { contactFields } from '../generate/contact.js';
import { errorCode, missesError } from '../support/error-code.js';
import { dryRun } from '../support/flags.js';
import * as fc from 'fast-check';
import { exchange } from '../support/finding.js';

const ID = 'dry-run-requires-auth';

/** No key, and an unknown key under the contract's bearer scheme, spelled `Bearer` as the seed writes it (D10). */
function credentials(ctx: CheckContext): Array<[string, AuthMode]> {
  const scheme = ctx.contract.security.bearerScheme;
  const spelled = `${scheme.charAt(0).toUpperCase()}${scheme.slice(1)}`;
  return [
    ['no key', 'none'],
    ['an unknown key', { authorization: `${spelled} cd_unknown_0000000000000000` }],
  ];
}

async function probe(
  ctx: CheckContext,
  operationId: string,
  auth: [string, AuthMode],
  body: unknown,
  what: string,
): Promise<void> {
  // Any id will do: authentication comes first (D9).
  const path = ctx.contract.operation(operationId).parameters.filter((p) => p.in === 'path');
  const pathParams =
    path.length > 0 ? Object.fromEntries(path.map((p) => [p.name, 'cd_dry_run_auth_probe'])) : undefined;
  const r = await ctx.client.call(operationId, {
    ...(pathParams ? { pathParams } : {}),
    query: { [dryRun(ctx.contract, operationId)]: true },
    body,
    auth: auth[1],
  });
  const why = missesError(r, errorCode(ctx.contract, 'unauthorized'));
  if (why) {
    ctx.report({
      severity: 'error',
      operation: operationId,
      key: `${ID}:${operationId}:${auth[0]}:${what}`,
      message: `a dry run with ${auth[0]} and ${what}: ${why}`,
      ...exchange(r),
    });
  }
}

export const dryRunRequiresAuth: Check = {
  id: ID,
  description: 'A dry run without a valid key is 401 UNAUTHORIZED, whatever its body',
  area: 'dry-run',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const [contact] = fc.sample(contactFields(ctx), { numRuns: 1, seed: ctx.config.seed });
    for (const operationId of ['createContact', 'updateContact']) {
      for (const auth of credentials(ctx)) {
        await probe(ctx, operationId, auth, { contact }, 'a valid body');
        await probe(ctx, operationId, auth, { contact: [] }, 'an invalid body');
      }
    }
  },
};
