/**
 * `POST /contacts?dryRun=true` answers `200 { data: { dryRun: true, action:
 * "create", wouldWrite } }` where `wouldWrite` is the record as it would be
 * stored (D7): the fields sent, custom fields flattened by slug, `fullname`
 * derived, no `cdId`/`createdAt`/`updatedAt` yet. Nothing is written: the
 * preview's unique marker tag matches no contact afterwards.
 */
import { NAMES } from '../../spec/index.js';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { contactFields } from '../generate/contact.js';
import { condition } from '../support/conditions.js';
import { countTagged, uniqueWord } from '../support/contacts.js';
import { contactDifferences, expectedDraft } from '../support/contact-model.js';
import { dryRun } from '../support/flags.js';
import { exchange, scaledRuns } from '../support/finding.js';

const ID = 'dry-run-create';
/** Keys a would-be new contact has none of yet (D7). */
const NOT_YET = [NAMES.fields.id, NAMES.fields.createdAt, NAMES.fields.updatedAt];

async function preview(ctx: CheckContext, fields: Record<string, unknown>): Promise<FindingInput | undefined> {
  const marker = uniqueWord(ctx);
  const contact = { ...fields, [NAMES.fields.tags]: [...(fields[NAMES.fields.tags] as string[]), marker] };
  const r = await ctx.client.call('createContact', { query: { [dryRun(ctx.contract)]: true }, body: { contact } });
  const at = { operation: 'createContact', ...exchange(r) };
  const data = (
    r.json as { data?: { dryRun?: unknown; action?: unknown; wouldWrite?: Record<string, unknown> } } | undefined
  )?.data;
  if (
    r.status !== 200 ||
    data?.dryRun !== true ||
    data.action !== 'create' ||
    !data.wouldWrite ||
    typeof data.wouldWrite !== 'object'
  ) {
    return {
      severity: 'error',
      key: `${ID}:shape`,
      message: `a dry-run create answered ${r.status} ${r.text.slice(0, 200)}, expected 200 { data: { dryRun: true, action: "create", wouldWrite } }`,
      ...at,
    };
  }
  const early = NOT_YET.filter((k) => k in data.wouldWrite!);
  if (early.length)
    return {
      severity: 'error',
      key: `${ID}:not-yet`,
      message: `wouldWrite of a new contact already has ${early.join(', ')}`,
      ...at,
    };
  const diff = contactDifferences(ctx, expectedDraft(ctx.contract, contact), data.wouldWrite);
  if (diff.length)
    return {
      severity: 'error',
      key: `${ID}:would-write`,
      message: `wouldWrite does not reflect the request: ${diff.join('; ')}`,
      ...at,
    };
  const count = await countTagged(ctx, ctx.client, [condition(ctx.contract, NAMES.fields.tags, 'contains', marker)]);
  if (count)
    return {
      severity: 'error',
      key: `${ID}:wrote`,
      message: `the dry run wrote ${count} contact(s): its marker tag ${marker} is found afterwards`,
      ...at,
    };
  return undefined;
}

export const dryRunCreate: Check = {
  id: ID,
  description:
    'POST /contacts?dryRun=true previews the would-be record (fields, custom fields by slug, fullname) and writes nothing',
  area: 'dry-run',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    await ctx.property({
      name: 'preview',
      arbitrary: contactFields(ctx),
      predicate: (fields) => preview(ctx, fields),
      runs: scaledRuns(ctx, 2, 2),
    });
  },
};
