/**
 * What the contract allows, the target accepts: generated valid contacts
 * (unicode, edge lengths, the workspace's custom fields) are created with a
 * `201` WriteResult, generated valid changes are a `200` UpdateResult, and
 * generated valid queries answer `200` with a contact list or a count.
 */
import type { ApiResponse, Check, CheckContext, FindingInput } from '../types.js';
import { contactChanges, contactFields, contactOptions } from '../generate/contact.js';
import { valid } from '../generate/valid.js';
import { workspaceSchemas } from '../generate/workspace-schemas.js';
import { createContact, uniqueWord } from '../support/contacts.js';
import { exchange } from '../support/finding.js';
import { narrowedToRun } from '../support/well-formed.js';

const ID = 'validation-valid-bodies-accepted';

function judge(
  ctx: CheckContext,
  operationId: string,
  status: string,
  r: ApiResponse,
  what: string,
): FindingInput | undefined {
  const validate = ctx.contract.operation(operationId).responses.get(status)?.validate;
  if (r.status === Number(status) && validate?.(r.json)) return undefined;
  return {
    severity: 'error',
    operation: operationId,
    key: `${ID}:${operationId}:${r.status}`,
    message: `${what} valid by the contract answered ${r.status} ${r.text.slice(0, 300)}, expected ${status} with a body of the declared schema`,
    ...exchange(r),
  };
}

export const validationValidBodiesAccepted: Check = {
  id: ID,
  description:
    'Generated valid contacts, changes and queries are accepted (201, 200) with responses of the declared schema',
  area: 'validation',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    const runs = ctx.config.runs;
    await ctx.property({
      name: 'create',
      arbitrary: contactFields(ctx),
      predicate: async (contact) =>
        judge(
          ctx,
          'createContact',
          '201',
          await ctx.client.call('createContact', { body: { contact } }),
          'a new contact',
        ),
      runs,
    });
    const schemas = workspaceSchemas(ctx.contract, ctx.workspace);
    await ctx.property({
      name: 'query',
      arbitrary: valid(schemas.queryRequest, contactOptions(ctx, schemas)),
      predicate: async (body) =>
        judge(
          ctx,
          'queryContacts',
          '200',
          await ctx.client.call('queryContacts', { body: narrowedToRun(ctx, body) }),
          'a query',
        ),
      runs,
    });
    // A fresh contact each time: merged external IDs must stay within the contract's cap (D5).
    await ctx.property({
      name: 'update',
      arbitrary: contactChanges(ctx),
      predicate: async (contact) => {
        const contactId = await createContact(ctx, ctx.client, { lastName: uniqueWord(ctx) });
        if (!contactId) return undefined;
        return judge(
          ctx,
          'updateContact',
          '200',
          await ctx.client.call('updateContact', { pathParams: { contactId }, body: { contact } }),
          'a change',
        );
      },
      runs,
    });
  },
};
