/**
 * A dry run neither reads nor writes the idempotency store (D7): after a dry
 * run with key K, the real request with K executes (201, a contact created,
 * not a replay of the preview); after that, a dry run with K, even with
 * another body, is a fresh preview (200), not a replay or a 409.
 */
import { NAMES } from '../../spec/index.js';
import type { ApiResponse, Check, CheckContext, FindingInput } from '../types.js';
import { contactFields } from '../generate/contact.js';
import { condition } from '../support/conditions.js';
import { countTagged, uniqueWord } from '../support/contacts.js';
import { dryRun } from '../support/flags.js';
import { isReplayed, keyHeader, newKey } from '../support/idempotency.js';
import { finding, scaledRuns } from '../support/finding.js';

const ID = 'dry-run-keeps-idempotency-key';

const isPreview = (r: ApiResponse) =>
  r.status === 200 && (r.json as { data?: { dryRun?: unknown } } | undefined)?.data?.dryRun === true;

async function sequence(ctx: CheckContext, fields: Record<string, unknown>): Promise<FindingInput | undefined> {
  const marker = uniqueWord(ctx);
  const contact = { ...fields, [NAMES.fields.tags]: [...(fields[NAMES.fields.tags] as string[]), marker] };
  const headers = { [keyHeader(ctx.contract)]: newKey() };
  const preview = { [dryRun(ctx.contract)]: true };
  const first = await ctx.client.call('createContact', { headers, query: preview, body: { contact } });
  if (!isPreview(first))
    return finding(
      ID,
      'preview',
      `a dry run with a fresh key answered ${first.status} ${first.text.slice(0, 200)}, expected a 200 preview`,
      { operation: 'createContact', response: first },
    );
  const real = await ctx.client.call('createContact', { headers, body: { contact } });
  const created = (real.json as { data?: { created?: unknown } } | undefined)?.data?.created;
  if (real.status !== 201 || created !== true || isReplayed(ctx.contract, real.headers)) {
    return finding(
      ID,
      'real-replayed',
      `the real request after a dry run with the same key answered ${real.status} ${real.text.slice(0, 200)}, expected 201 created: the dry run must not consume the key`,
      { operation: 'createContact', response: real },
    );
  }
  const count = await countTagged(ctx, ctx.client, [condition(ctx.contract, NAMES.fields.tags, 'contains', marker)]);
  if (count !== undefined && count !== 1)
    return finding(
      ID,
      'count',
      `after a dry run and the real request with one key, ${count} contacts carry the marker, expected 1`,
      { operation: 'createContact', response: real },
    );
  const other = { ...contact, [NAMES.fields.tags]: [...(fields[NAMES.fields.tags] as string[]), uniqueWord(ctx)] };
  const later = await ctx.client.call('createContact', { headers, query: preview, body: { contact: other } });
  if (!isPreview(later))
    return finding(
      ID,
      'preview-after',
      `a dry run with a key already used for a create answered ${later.status} ${later.text.slice(0, 200)}, expected a fresh 200 preview: a dry run does not read the store`,
      { operation: 'createContact', response: later },
    );
  return undefined;
}

export const dryRunKeepsIdempotencyKey: Check = {
  id: ID,
  description: 'A dry run does not consume its Idempotency-Key: the real request with that key then executes',
  area: 'dry-run',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    await ctx.property({
      name: 'dry run then real',
      arbitrary: contactFields(ctx),
      predicate: (fields) => sequence(ctx, fields),
      runs: scaledRuns(ctx, 2, 3),
    });
  },
};
