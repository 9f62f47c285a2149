/**
 * `PUT /contacts/{id}?dryRun=true` answers `200 { data: { dryRun: true,
 * action: "update", wouldWrite } }` with the merged record (D6 merge rules,
 * same `cdId` and `createdAt`), and the contact reads back unchanged (D7). An
 * unknown id is still `404 NOT_FOUND`.
 *
 * Writes nothing: it previews updates of a contact already in the workspace
 * (the first one listed), so it runs in read-only mode too; with an empty
 * workspace it notes that and previews only the unknown id.
 */
import * as fc from 'fast-check';
import { NAMES } from '../../spec/index.js';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { contactChanges } from '../generate/contact.js';
import { valid } from '../generate/valid.js';
import { readContact, type Contact } from '../support/contacts.js';
import { contactDifferences, mergedDraft } from '../support/contact-model.js';
import { errorCode, missesError } from '../support/error-code.js';
import { dryRun } from '../support/flags.js';
import { exchange, scaledRuns } from '../support/finding.js';

const ID = 'dry-run-update';

async function preview(
  ctx: CheckContext,
  cdId: string,
  changes: Record<string, unknown>,
): Promise<FindingInput | undefined> {
  // Read afresh each time, so a run (or a shrink step) never compares with a stale record.
  const current = await readContact(ctx, ctx.client, cdId);
  if (!current) return undefined;
  const r = await ctx.client.call('updateContact', {
    pathParams: { contactId: cdId },
    query: { [dryRun(ctx.contract, 'updateContact')]: true },
    body: { contact: changes },
  });
  const at = { operation: 'updateContact', ...exchange(r) };
  const data = (
    r.json as { data?: { dryRun?: unknown; action?: unknown; wouldWrite?: Record<string, unknown> } } | undefined
  )?.data;
  const would = data?.wouldWrite;
  if (r.status !== 200 || data?.dryRun !== true || data.action !== 'update' || !would || typeof would !== 'object') {
    return {
      severity: 'error',
      key: `${ID}:shape`,
      message: `a dry-run PUT answered ${r.status} ${r.text.slice(0, 200)}, expected 200 { data: { dryRun: true, action: "update", wouldWrite } }`,
      ...at,
    };
  }
  const diff = contactDifferences(ctx, mergedDraft(ctx.contract, current, changes), would);
  if (would[NAMES.fields.id] !== cdId)
    diff.push(`${NAMES.fields.id}: expected ${cdId}, got ${JSON.stringify(would[NAMES.fields.id])}`);
  if (would[NAMES.fields.createdAt] !== current[NAMES.fields.createdAt])
    diff.push(
      `${NAMES.fields.createdAt}: expected ${current[NAMES.fields.createdAt]}, got ${JSON.stringify(would[NAMES.fields.createdAt])}`,
    );
  if (diff.length)
    return {
      severity: 'error',
      key: `${ID}:would-write`,
      message: `wouldWrite is not the merged record: ${diff.join('; ')}`,
      ...at,
    };
  const after = await readContact(ctx, ctx.client, cdId);
  if (after && JSON.stringify(after) !== JSON.stringify(current)) {
    const changed = contactDifferences(ctx, current, after);
    if (after[NAMES.fields.updatedAt] !== current[NAMES.fields.updatedAt])
      changed.push(
        `${NAMES.fields.updatedAt}: ${current[NAMES.fields.updatedAt]} became ${JSON.stringify(after[NAMES.fields.updatedAt])}`,
      );
    return {
      severity: 'error',
      key: `${ID}:wrote`,
      message: `the dry-run PUT changed the contact: ${changed.join('; ') || JSON.stringify(after).slice(0, 300)}`,
      ...at,
    };
  }
  return undefined;
}

async function unknownId(ctx: CheckContext): Promise<void> {
  const param = ctx.contract.operation('updateContact').parameters.find((p) => p.in === 'path')!;
  const [id] = fc.sample(
    valid(param.schema, { compile: ctx.contract.compile }).map((v) => [...`${v}`].slice(0, 20).join('') + 'x0unknown'),
    { numRuns: 1, seed: ctx.config.seed },
  );
  const r = await ctx.client.call('updateContact', {
    pathParams: { [param.name]: id! },
    query: { [dryRun(ctx.contract, 'updateContact')]: true },
    body: { contact: { jobTitle: 'x' } },
  });
  const why = missesError(r, errorCode(ctx.contract, 'notFound'));
  if (why)
    ctx.report({
      severity: 'error',
      operation: 'updateContact',
      key: `${ID}:unknown-id`,
      message: `a dry-run PUT on an unknown contact id: ${why}`,
      ...exchange(r),
    });
}

export const dryRunUpdate: Check = {
  id: ID,
  description: 'PUT ?dryRun=true previews the merged record, leaves the contact unchanged, and is 404 on an unknown id',
  area: 'dry-run',
  writes: false,
  async run(ctx) {
    await unknownId(ctx);
    const page = await ctx.client.call('listContacts', { query: { [NAMES.query.limit]: 1 } });
    const first = Array.isArray(page.json) ? (page.json[0] as Contact | undefined) : undefined;
    if (typeof first?.[NAMES.fields.id] !== 'string')
      return ctx.note('the workspace lists no contact: no update was previewed');
    const cdId = first[NAMES.fields.id] as string;
    await ctx.property({
      name: 'preview',
      arbitrary: contactChanges(ctx),
      predicate: (changes) => preview(ctx, cdId, changes),
      runs: scaledRuns(ctx, 2, 2),
    });
  },
};
