/**
 * GET /contacts/search (D4): every term of `q` must match, ignoring case, the
 * start of a word of the contact's names, email, organization, job title,
 * phones or tags. A contact is written with unique words in those places;
 * searches by a word, its upper-cased form, its prefix, two of its words, an
 * e-mail's local part or a tag find it; a word inside another word, a word
 * only in `notes`, a word no contact has, or two terms of which one is absent
 * do not. `externalId` (optionally with `externalSystem`) finds it by its ID;
 * no `q` and no `externalId` is `422` on `q`.
 */
import { NAMES } from '../../spec/index.js';
import type { Check, CheckContext, QueryValue } from '../types.js';
import { createContact, uniqueWord, type Contact } from '../support/contacts.js';
import { errorCode, missesError } from '../support/error-code.js';
import { exchange } from '../support/finding.js';

const ID = 'search-text';

async function expectFound(
  ctx: CheckContext,
  query: Record<string, QueryValue>,
  cdId: string,
  want: boolean,
  what: string,
  severity: 'error' | 'warning' = 'error',
): Promise<void> {
  const r = await ctx.client.call('searchContacts', { query });
  const ids = Array.isArray(r.json) ? (r.json as Contact[]).map((c) => c[NAMES.fields.id]) : undefined;
  if (r.status === 200 && ids && ids.includes(cdId) === want && (want || ids.length === 0)) return;
  ctx.report({
    severity,
    operation: 'searchContacts',
    key: `${ID}:${what}`,
    message: `search by ${what} (${JSON.stringify(query)}) answered ${r.status} with ${ids ? JSON.stringify(ids.slice(0, 5)) : r.text.slice(0, 200)}; expected ${want ? `the contact ${cdId}` : 'no contact'}`,
    ...exchange(r),
  });
}

export const searchText: Check = {
  id: ID,
  description:
    'Search by q finds contacts by word prefixes of their names, email, organization, job title and tags (not notes, not mid-word), and by externalId',
  area: 'data',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    const [last, org, mail, tag, note, absent, system, external] = Array.from({ length: 8 }, () =>
      uniqueWord(ctx, 'st'),
    );
    const { fields, query: params } = ctx.contract.names;
    // D4: a word is found through a field exactly when the contract lists it among the searched fields.
    const searched = (field: string) => ctx.contract.searchFields.includes(field);
    const cdId = await createContact(ctx, ctx.client, {
      firstName: 'Search',
      lastName: `O'${last}`,
      organization: `${org} Holdings`,
      email: `${mail}@example.org`,
      notes: `written ${note} here`,
      [fields.tags]: [ctx.config.runTag, tag],
      [fields.externalIds]: { [system!]: external },
    });
    if (!cdId) return;
    const q = params.q;
    await expectFound(ctx, { [q]: last! }, cdId, searched('lastName'), 'a word of lastName');
    await expectFound(
      ctx,
      { [q]: org!.toUpperCase() },
      cdId,
      searched('organization'),
      'an upper-cased word of organization',
    );
    await expectFound(ctx, { [q]: last!.slice(0, -3) }, cdId, searched('lastName'), 'a prefix of a word');
    await expectFound(
      ctx,
      { [q]: `${org} ${last}` },
      cdId,
      searched('organization') && searched('lastName'),
      'two words of the contact',
    );
    await expectFound(ctx, { [q]: mail! }, cdId, searched('email'), "the email's local part");
    await expectFound(ctx, { [q]: tag! }, cdId, searched(fields.tags), 'a tag');
    await expectFound(ctx, { [q]: last!.slice(3) }, cdId, false, 'the inside of a word');
    await expectFound(ctx, { [q]: absent! }, cdId, false, 'a word no contact has');
    await expectFound(ctx, { [q]: `${last} ${absent}` }, cdId, false, 'two terms, one absent');
    await expectFound(ctx, { [q]: note! }, cdId, searched('notes'), 'a word only in notes', 'warning');
    const [byId, bySystem] = [params.externalId, params.externalSystem];
    await expectFound(ctx, { [byId]: external! }, cdId, true, byId);
    await expectFound(ctx, { [byId]: external!, [bySystem]: system! }, cdId, true, `${byId} and its system`);
    await expectFound(ctx, { [byId]: external!, [bySystem]: absent! }, cdId, false, `${byId} under another system`);
    const missing = await ctx.client.call('searchContacts', { query: {} });
    const why = missesError(missing, errorCode(ctx.contract, 'validation'), q);
    if (why)
      ctx.report({
        severity: 'error',
        operation: 'searchContacts',
        key: `${ID}:no-terms`,
        message: `search with neither ${q} nor ${byId}: ${why}`,
        ...exchange(missing),
      });
  },
};
