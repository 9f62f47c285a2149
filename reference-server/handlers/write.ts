/**
 * The two writes: POST /contacts (create, upsert; D6) and PUT
 * /contacts/{contactId} (D6). Each builds a write plan; the plan is applied,
 * or with `dryRun=true` previewed without writing anything (D7).
 */
import { formatField } from '../../spec/index.js';
import type { components } from '../../spec/types.gen.js';
import { CONTACT, CUSTOM_FIELDS, EXTERNAL_IDS } from '../contacts/model.js';
import { violation } from '../http/errors.js';
import type { Parts } from '../parts.js';
import type { ContactDraft, ContactRecord, HandlerResult, OperationContext } from '../types.js';
import { type Handler, notFound, ok, pathParam, workspaceOf } from './handler.js';

export type WritePlan = { action: 'create'; draft: ContactDraft } | { action: 'update'; record: ContactRecord };

type Schemas = components['schemas'];

const isUpsert = (ctx: OperationContext, parts: Parts) =>
  ctx.params.get(parts.contract.names.query.upsertByExternalId) === true;

const written = (stored: ContactRecord, created: boolean): Schemas['WriteResult'] => ({
  data: { contactId: stored.cdId, workspaceId: stored.workspaceId, created },
});

/** Stores a plan; returns the contact as stored. */
export async function applyWrite(plan: WritePlan, parts: Parts): Promise<ContactRecord> {
  if (plan.action === 'update') {
    await parts.store.update(plan.record);
    return plan.record;
  }
  const at = new Date(parts.now()).toISOString();
  return parts.store.insert({ ...plan.draft, cdId: parts.newContactId(), createdAt: at, updatedAt: at });
}

/** D7: the would-be record, flattened like a read; a new contact has no cdId or timestamps yet. */
export async function previewWrite(plan: WritePlan, parts: Parts): Promise<HandlerResult> {
  const wouldWrite = parts.contacts.flatten(plan.action === 'create' ? plan.draft : plan.record);
  const preview = { dryRun: true, action: plan.action } satisfies Omit<Schemas['DryRunResult']['data'], 'wouldWrite'>;
  return ok(200, { data: { ...preview, wouldWrite } });
}

async function commit(
  ctx: OperationContext,
  parts: Parts,
  plan: WritePlan,
  answer: (stored: ContactRecord) => HandlerResult,
): Promise<HandlerResult> {
  if (ctx.dryRun) return parts.writes.preview(plan, parts);
  return answer(await parts.writes.apply(plan, parts));
}

/** D5: one id per system, at most `ExternalIds.maxProperties` systems, also after a merge. */
function tooManyExternalIds(record: ContactRecord, parts: Parts): HandlerResult | undefined {
  if (Object.keys(record.doc[EXTERNAL_IDS]).length <= parts.contacts.maxExternalIds) return undefined;
  const field = formatField([CONTACT, EXTERNAL_IDS]);
  return {
    error: violation(
      field,
      `${field}: the contact would have more than ${parts.contacts.maxExternalIds} external IDs.`,
    ),
  };
}

/** The body's contact, valid against the request schema by the time a handler runs. */
const contactOf = (ctx: OperationContext) => (ctx.body as Record<string, Record<string, unknown>>)[CONTACT]!;

function validateContact(ctx: OperationContext, parts: Parts) {
  const contact = contactOf(ctx);
  return parts.validateCustomFields(workspaceOf(ctx), contact[CUSTOM_FIELDS], [CONTACT, CUSTOM_FIELDS]);
}

export const createContact: Handler = {
  writes: true,
  validate(ctx, parts) {
    const invalid = validateContact(ctx, parts);
    if (invalid) return invalid;
    // D6: an upsert needs something to match on.
    const externalIds = (contactOf(ctx)[EXTERNAL_IDS] as Record<string, string> | undefined) ?? {};
    if (isUpsert(ctx, parts) && Object.keys(externalIds).length === 0) {
      const field = formatField([CONTACT, EXTERNAL_IDS]);
      const upsert = parts.contract.names.query.upsertByExternalId;
      return violation(field, `${field}: ${upsert}=true needs at least one external ID to match on.`);
    }
    return undefined;
  },
  async run(ctx, parts) {
    const workspace = workspaceOf(ctx);
    const fields = contactOf(ctx);
    if (isUpsert(ctx, parts)) {
      const entries = Object.entries(fields[EXTERNAL_IDS] as Record<string, string>);
      const match = await parts.store.findByExternalIds(workspace.workspaceId, entries);
      if (match) {
        const record = parts.contacts.merge(match, fields, parts.now());
        return (
          tooManyExternalIds(record, parts) ??
          commit(ctx, parts, { action: 'update', record }, (stored) => ok(200, written(stored, false)))
        );
      }
    }
    const draft = parts.contacts.build(fields, workspace.workspaceId, workspace.user.userId);
    return commit(ctx, parts, { action: 'create', draft }, (stored) => ok(201, written(stored, true)));
  },
};

export const updateContact: Handler = {
  writes: true,
  validate: validateContact,
  async run(ctx, parts) {
    const workspace = workspaceOf(ctx);
    const existing = await parts.store.findById(workspace.workspaceId, pathParam(ctx));
    // D12: another workspace's contact is indistinguishable from none.
    if (!existing) return notFound('No contact with that id in this workspace.');
    const record = parts.contacts.merge(existing, contactOf(ctx), parts.now());
    return (
      tooManyExternalIds(record, parts) ??
      commit(ctx, parts, { action: 'update', record }, (stored) =>
        ok(200, {
          data: { contactId: stored.cdId, workspaceId: stored.workspaceId, updated: true },
        } satisfies Schemas['UpdateResult']),
      )
    );
  },
};
