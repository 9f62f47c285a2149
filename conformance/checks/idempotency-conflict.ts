/**
 * The same Idempotency-Key with a different request is `409
 * IDEMPOTENCY_CONFLICT` on `Idempotency-Key` and executes nothing: another
 * body, or the same body with another query string (D8: the fingerprint
 * covers both). A key whose first use was refused (422) was not stored, so it
 * then executes a valid request.
 */
import { NAMES } from '../../spec/index.js';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { contactFields } from '../generate/contact.js';
import { condition } from '../support/conditions.js';
import { countTagged, uniqueWord } from '../support/contacts.js';
import { errorCode, missesError } from '../support/error-code.js';
import { keyHeader, newKey } from '../support/idempotency.js';
import { contactShape } from '../support/contact-model.js';
import { upsert } from '../support/flags.js';
import { finding, scaledRuns } from '../support/finding.js';

const ID = 'idempotency-conflict';

async function conflict(ctx: CheckContext, fields: Record<string, unknown>): Promise<FindingInput | undefined> {
  const header = keyHeader(ctx.contract);
  const headers = { [header]: newKey() };
  const [a, b] = [uniqueWord(ctx), uniqueWord(ctx)];
  const external = contactShape(ctx.contract).externalIds;
  const contact = {
    ...fields,
    [NAMES.fields.tags]: [...(fields[NAMES.fields.tags] as string[]), a],
    [external]: { [a]: a },
  };
  const first = await ctx.client.call('createContact', { headers, body: { contact } });
  if (first.status !== 201)
    return finding(ID, 'original', `a valid create answered ${first.status}, expected 201`, {
      operation: 'createContact',
      response: first,
    });
  const expected = errorCode(ctx.contract, 'conflict');
  const changed = { ...contact, [NAMES.fields.tags]: [...(fields[NAMES.fields.tags] as string[]), b] };
  const other = await ctx.client.call('createContact', { headers, body: { contact: changed } });
  const why = missesError(other, expected, header);
  if (why)
    return finding(ID, 'other-body', `the key of a 201 reused with another body: ${why}`, {
      operation: 'createContact',
      response: other,
    });
  const query = await ctx.client.call('createContact', {
    headers,
    query: { [upsert(ctx.contract)]: true },
    body: { contact },
  });
  const whyQuery = missesError(query, expected, header);
  if (whyQuery)
    return finding(
      ID,
      'other-query',
      `the key of a 201 reused with the same body and another query string: ${whyQuery}`,
      { operation: 'createContact', response: query },
    );
  const count = await countTagged(ctx, ctx.client, [condition(ctx.contract, NAMES.fields.tags, 'contains', b)]);
  if (count)
    return finding(
      ID,
      'executed',
      `the conflicting request was executed anyway: ${count} contact(s) carry its marker`,
      { operation: 'createContact' },
    );
  return undefined;
}

async function errorNotStored(ctx: CheckContext, fields: Record<string, unknown>): Promise<FindingInput | undefined> {
  const headers = { [keyHeader(ctx.contract)]: newKey() };
  const refused = await ctx.client.call('createContact', {
    headers,
    body: { contact: fields, [uniqueWord(ctx)]: true },
  });
  if (refused.status !== errorCode(ctx.contract, 'validation').status) return undefined; // validation-body judges that answer
  const fixed = await ctx.client.call('createContact', { headers, body: { contact: fields } });
  if (fixed.status !== 201) {
    return finding(
      ID,
      'error-stored',
      `a valid create with a key whose first use was refused (${refused.status}) answered ${fixed.status}, expected 201: errors must not be stored`,
      { operation: 'createContact', response: fixed },
    );
  }
  return undefined;
}

export const idempotencyConflict: Check = {
  id: ID,
  description:
    'A reused Idempotency-Key with another body or query is 409 IDEMPOTENCY_CONFLICT and executes nothing; a refused request does not use up its key',
  area: 'idempotency',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    const runs = scaledRuns(ctx, 2, 3);
    await ctx.property({
      name: 'conflict',
      arbitrary: contactFields(ctx),
      predicate: (fields) => conflict(ctx, fields),
      runs,
    });
    await ctx.property({
      name: 'error not stored',
      arbitrary: contactFields(ctx),
      predicate: (fields) => errorNotStored(ctx, fields),
      runs,
    });
  },
};
