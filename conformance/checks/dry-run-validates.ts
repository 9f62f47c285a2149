/**
 * A dry run validates like the real request (D7): a body broken at one
 * location, sent with `dryRun=true`, is `422 VALIDATION_ERROR` on that
 * location, for POST /contacts and PUT /contacts/{id} (on an id that does not
 * exist: validation comes before the lookup, D9).
 */
import * as fc from 'fast-check';
import type { Check } from '../types.js';
import { invalid } from '../generate/invalid.js';
import { valid } from '../generate/valid.js';
import { workspaceSchemas } from '../generate/workspace-schemas.js';
import { contactOptions } from '../generate/contact.js';
import { expectInvalid } from '../support/expect-invalid.js';
import { dryRun } from '../support/flags.js';
import { scaledRuns } from '../support/finding.js';

const ID = 'dry-run-validates';

export const dryRunValidates: Check = {
  id: ID,
  description: 'A dry run with a body broken at one place is 422 VALIDATION_ERROR naming that place',
  area: 'dry-run',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const schemas = workspaceSchemas(ctx.contract, ctx.workspace);
    const options = contactOptions(ctx, schemas);
    const runs = scaledRuns(ctx, 2, 2);
    await ctx.property({
      name: 'create',
      arbitrary: invalid(schemas.createRequest, options),
      predicate: (bad) => expectInvalid(ctx, ID, 'createContact', { query: { [dryRun(ctx.contract)]: true } }, bad),
      runs,
    });
    const id = ctx.contract.operation('updateContact').parameters.find((p) => p.in === 'path')!;
    await ctx.property({
      name: 'update',
      arbitrary: fc.tuple(valid(id.schema, options) as fc.Arbitrary<string>, invalid(schemas.updateRequest, options)),
      predicate: ([contactId, bad]) =>
        expectInvalid(
          ctx,
          ID,
          'updateContact',
          { pathParams: { [id.name]: contactId }, query: { [dryRun(ctx.contract, 'updateContact')]: true } },
          bad,
        ),
      runs,
    });
  },
};
