/**
 * Sends a body that breaks the contract at one location (from `invalid()`)
 * and holds the target to `422 VALIDATION_ERROR` naming exactly that
 * location in `field` (D9). Finding keys group by operation, mutation and the
 * location's shape (indexes and generated key names folded), so one bug is
 * one line.
 */
import { formatField } from '../../spec/index.js';
import type { InvalidValue } from '../generate/invalid.js';
import type { CallOptions, CheckContext, FindingInput } from '../types.js';
import { errorCode, missesError } from './error-code.js';
import { exchange } from './finding.js';

const KEY_RULES = new Set(['unknown-key', 'property-name', 'missing-required']);

/** The location with array indexes and generated key names folded (`contact.customFields.*`). */
export function locationShape(bad: InvalidValue): string {
  const segments = bad.segments.map((s) => (typeof s === 'number' ? 0 : s));
  if (KEY_RULES.has(bad.rule) && segments.length) segments[segments.length - 1] = '*';
  return formatField(segments).replace(/\[0\]/g, '[]');
}

export async function expectInvalid(
  ctx: CheckContext,
  check: string,
  operationId: string,
  call: CallOptions,
  bad: InvalidValue,
): Promise<FindingInput | undefined> {
  const r = await ctx.client.call(operationId, { ...call, body: bad.value });
  const field = formatField(bad.segments);
  const why = missesError(r, errorCode(ctx.contract, 'validation'), field);
  if (!why) return undefined;
  const accepted = r.status >= 200 && r.status < 300;
  return {
    severity: 'error',
    operation: operationId,
    key: `${check}:${operationId}:${bad.rule}:${locationShape(bad)}${accepted ? ':accepted' : ''}`,
    message: `a body that breaks the contract only at ${field} (${bad.rule}): ${why}`,
    ...exchange(r),
  };
}
