/**
 * A request body broken at exactly one location (a wrong type, a string too
 * long or off its pattern, an unknown key, a missing required key, a custom
 * field of the wrong type, a query operand that does not fit its operator, …)
 * is `422 VALIDATION_ERROR` whose `field` is that location (D9), for POST
 * /contacts, PUT /contacts/{id} and POST /contacts/query. Bodies are drawn
 * from the contract narrowed to the workspace's custom fields.
 */
import type { Check } from '../types.js';
import { contactOptions } from '../generate/contact.js';
import { invalid } from '../generate/invalid.js';
import { workspaceSchemas } from '../generate/workspace-schemas.js';
import { createContact, uniqueWord } from '../support/contacts.js';
import { expectInvalid } from '../support/expect-invalid.js';

const ID = 'validation-body';

export const validationBody: Check = {
  id: ID,
  description: 'A body broken at one place is 422 VALIDATION_ERROR whose field names exactly that place',
  area: 'validation',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    const schemas = workspaceSchemas(ctx.contract, ctx.workspace);
    const options = contactOptions(ctx, schemas);
    const runs = ctx.config.runs;
    await ctx.property({
      name: 'create',
      arbitrary: invalid(schemas.createRequest, options),
      predicate: (bad) => expectInvalid(ctx, ID, 'createContact', {}, bad),
      runs,
    });
    await ctx.property({
      name: 'query',
      arbitrary: invalid(schemas.queryRequest, options),
      predicate: (bad) => expectInvalid(ctx, ID, 'queryContacts', {}, bad),
      runs,
    });
    const contactId = await createContact(ctx, ctx.client, { lastName: uniqueWord(ctx) });
    if (!contactId) return;
    await ctx.property({
      name: 'update',
      arbitrary: invalid(schemas.updateRequest, options),
      predicate: (bad) => expectInvalid(ctx, ID, 'updateContact', { pathParams: { contactId } }, bad),
      runs,
    });
  },
};
