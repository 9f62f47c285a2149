/**
 * PUT changes exactly the supplied fields (D6): after a PUT of a generated
 * subset, every other field keeps its value, `customFields` and
 * `externalIds` merge key by key, `tags` is replaced as a whole, an empty
 * string clears a field, `fullname` follows the names, `updatedAt` moves
 * forward, and `cdId` and `createdAt` stay. The answer is `200 { data: {
 * contactId, workspaceId, updated: true } }`.
 */
import * as fc from 'fast-check';
import { NAMES } from '../../spec/index.js';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { contactChanges, contactFields } from '../generate/contact.js';
import { contactDifferences, mergedDraft } from '../support/contact-model.js';
import { createContact, readContact } from '../support/contacts.js';
import { exchange } from '../support/finding.js';

const ID = 'update-partial';

async function update(
  ctx: CheckContext,
  fields: Record<string, unknown>,
  changes: Record<string, unknown>,
): Promise<FindingInput | undefined> {
  const cdId = await createContact(ctx, ctx.client, fields);
  const before = cdId ? await readContact(ctx, ctx.client, cdId) : undefined;
  if (!cdId || !before) return undefined;
  await new Promise((resolve) => setTimeout(resolve, 3)); // so updatedAt can move
  const r = await ctx.client.call('updateContact', { pathParams: { contactId: cdId }, body: { contact: changes } });
  const at = { operation: 'updateContact', ...exchange(r) };
  const data = (r.json as { data?: { contactId?: unknown; workspaceId?: unknown; updated?: unknown } } | undefined)
    ?.data;
  if (
    r.status !== 200 ||
    data?.contactId !== cdId ||
    data.updated !== true ||
    data.workspaceId !== ctx.workspace.workspaceId
  ) {
    return {
      severity: 'error',
      key: `${ID}:answer`,
      message: `a valid PUT answered ${r.status} ${r.text.slice(0, 200)}, expected 200 { data: { contactId: ${cdId}, workspaceId: ${ctx.workspace.workspaceId}, updated: true } }`,
      ...at,
    };
  }
  const after = await readContact(ctx, ctx.client, cdId);
  if (!after) return undefined;
  const diff = contactDifferences(ctx, mergedDraft(ctx.contract, before, changes), after);
  if (after[NAMES.fields.id] !== before[NAMES.fields.id])
    diff.push(`${NAMES.fields.id} changed to ${JSON.stringify(after[NAMES.fields.id])}`);
  if (after[NAMES.fields.createdAt] !== before[NAMES.fields.createdAt])
    diff.push(
      `${NAMES.fields.createdAt} moved from ${before[NAMES.fields.createdAt]} to ${JSON.stringify(after[NAMES.fields.createdAt])}`,
    );
  if (!(Date.parse(after[NAMES.fields.updatedAt] as string) > Date.parse(before[NAMES.fields.updatedAt] as string)))
    diff.push(
      `${NAMES.fields.updatedAt} did not move forward (${before[NAMES.fields.updatedAt]} → ${after[NAMES.fields.updatedAt]})`,
    );
  if (diff.length)
    return {
      severity: 'error',
      key: `${ID}:merged`,
      message: `after PUT of ${Object.keys(changes).join(', ')}: ${diff.join('; ')}`,
      ...at,
    };
  return undefined;
}

export const updatePartial: Check = {
  id: ID,
  description:
    'PUT changes only the supplied fields (custom fields and external IDs merged, tags replaced), moves updatedAt, keeps cdId and createdAt',
  area: 'data',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    await ctx.property({
      name: 'partial update',
      arbitrary: fc.tuple(contactFields(ctx), contactChanges(ctx)),
      predicate: ([fields, changes]) => update(ctx, fields, changes),
    });
  },
};
