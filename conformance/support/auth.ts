/**
 * Sends credentials that must be refused to every secured operation and
 * reports each one that is not `401 UNAUTHORIZED` (D9: authentication comes
 * before validation, so a well-formed request leaves the key the only fault).
 */
import type { OperationSpec } from '../../spec/index.js';
import type { ApiResponse, AuthMode, CallOptions, CheckContext, QueryValue } from '../types.js';
import { errorCode, errorOf, missesError } from './error-code.js';
import { isWrite, wellFormedCall } from './well-formed.js';
import { exchange } from './finding.js';

export interface AuthVariant {
  /** Short and stable: it is part of the finding key. */
  name: string;
  auth: AuthMode;
  query?: Record<string, QueryValue>;
}

export interface Probe {
  operation: OperationSpec;
  options: CallOptions;
}

/** One well-formed request per secured operation. */
export function securedProbes(ctx: CheckContext): Probe[] {
  return ctx.contract.operations
    .filter((op) => op.secured)
    .map((operation) => ({ operation, options: wellFormedCall(ctx, operation) }));
}

export function withAuth(probe: Probe, variant: AuthVariant): CallOptions {
  return { ...probe.options, auth: variant.auth, query: { ...probe.options.query, ...variant.query } };
}

export async function expectUnauthorizedEverywhere(
  ctx: CheckContext,
  checkId: string,
  variants: AuthVariant[],
): Promise<void> {
  const unauthorized = errorCode(ctx.contract, 'unauthorized');
  const messages = new Map<string, ApiResponse>();
  await Promise.all(
    securedProbes(ctx).map(async (probe) => {
      for (const variant of variants) {
        const response = await ctx.client.call(probe.operation.id, withAuth(probe, variant));
        const problem = missesError(response, unauthorized);
        const message = errorOf(response.json)?.message;
        if (!problem && typeof message === 'string' && !messages.has(message)) messages.set(message, response);
        if (!problem) continue;
        const wrote =
          response.status >= 200 && response.status < 300 && isWrite(probe.operation)
            ? ' (a dry run: nothing was written)'
            : '';
        ctx.report({
          severity: 'error',
          operation: probe.operation.id,
          key: `${checkId}:${probe.operation.id}:${variant.name}`,
          message: `${probe.operation.method} ${probe.operation.path} with ${variant.name}: ${problem}${wrote}`,
          ...exchange(response),
        });
      }
    }),
  );
  // D10: one 401 body whatever the cause, so the answer does not tell a guesser which part was wrong.
  if (messages.size > 1) {
    const [, example] = [...messages][1]!;
    ctx.report({
      severity: 'warning',
      key: `${checkId}:message-varies`,
      message: `401 messages differ by cause (${[...messages.keys()].map((m) => JSON.stringify(m)).join(', ')}); they tell a guesser which part of the credentials was wrong`,
      ...exchange(example),
    });
  }
}
