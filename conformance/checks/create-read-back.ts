/**
 * A created contact reads back with the values sent (D5): read by `cdId eq`
 * (POST /contacts/query) and found by a search for a unique word placed in
 * one of its searched fields, it has every standard field as sent (an empty
 * string reads as absent), custom fields flattened by slug, `tags` and
 * `externalIds`, `fullname` derived from the names, and its timestamps.
 */
import * as fc from 'fast-check';
import { NAMES, type Contract, type JsonSchema } from '../../spec/index.js';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { contactFields } from '../generate/contact.js';
import { contactDifferences, expectedDraft } from '../support/contact-model.js';
import { createContact, readContact, uniqueWord, type Contact } from '../support/contacts.js';
import { exchange } from '../support/finding.js';

const ID = 'create-read-back';

/** Fields D4 searches whose schema takes a free-text word: plain writable strings, no format or pattern. */
function wordFields(contract: Contract): string[] {
  const write = (contract.schemas.ContactFields as { properties: Record<string, JsonSchema> }).properties;
  return contract.searchFields.filter((field) => {
    const schema = write[field];
    return (
      schema?.type === 'string' &&
      !schema['x-system-managed'] &&
      schema.format === undefined &&
      schema.pattern === undefined
    );
  });
}

async function roundTrip(
  ctx: CheckContext,
  fields: Record<string, unknown>,
  where: string,
): Promise<FindingInput | undefined> {
  const word = uniqueWord(ctx);
  const contact = { ...fields, [where]: word };
  const cdId = await createContact(ctx, ctx.client, contact);
  if (!cdId) return undefined;
  const read = await readContact(ctx, ctx.client, cdId);
  if (read === null)
    return {
      severity: 'error',
      operation: 'queryContacts',
      key: `${ID}:not-found`,
      message: `the contact just created (${cdId}) is not found by ${NAMES.fields.id} eq`,
    };
  if (!read) return undefined;
  const expected = expectedDraft(ctx.contract, contact);
  const diff = contactDifferences(ctx, expected, read);
  if (typeof read[NAMES.fields.createdAt] !== 'string' || typeof read[NAMES.fields.updatedAt] !== 'string')
    diff.push(`${NAMES.fields.createdAt}/${NAMES.fields.updatedAt} missing`);
  if (diff.length)
    return {
      severity: 'error',
      operation: 'queryContacts',
      key: `${ID}:differs`,
      message: `contact ${cdId} reads back differently from what was sent: ${diff.join('; ')}`,
    };
  const r = await ctx.client.call('searchContacts', { query: { [NAMES.query.q]: word } });
  const found = Array.isArray(r.json) ? (r.json as Contact[]) : [];
  if (r.status !== 200 || found.length !== 1 || found[0]![NAMES.fields.id] !== cdId) {
    return {
      severity: 'error',
      operation: 'searchContacts',
      key: `${ID}:search`,
      message: `search for the unique word in ${where} answered ${r.status} with ${JSON.stringify(found.map((c) => c[NAMES.fields.id]))}, expected only ${cdId}`,
      ...exchange(r),
    };
  }
  const searched = contactDifferences(ctx, read, found[0]!);
  if (searched.length)
    return {
      severity: 'error',
      operation: 'searchContacts',
      key: `${ID}:search-differs`,
      message: `contact ${cdId} as search returns it differs from the query read: ${searched.join('; ')}`,
      ...exchange(r),
    };
  return undefined;
}

export const createReadBack: Check = {
  id: ID,
  description:
    'A created contact reads back (by cdId and by search) with the values sent, custom fields by slug and fullname derived',
  area: 'data',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    await ctx.property({
      name: 'round trip',
      arbitrary: fc.tuple(contactFields(ctx), fc.constantFrom(...wordFields(ctx.contract))),
      predicate: ([fields, where]) => roundTrip(ctx, fields, where),
    });
  },
};
