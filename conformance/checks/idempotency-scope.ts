/**
 * An Idempotency-Key is scoped to workspace + method + path (D8): the same
 * key and body on another contact's PUT path, on another route (POST
 * /contacts/query after POST /contacts) or in another workspace executes
 * independently, neither replayed nor refused.
 */
import { NAMES } from '../../spec/index.js';
import type { ApiClient, ApiResponse, Check, CheckContext } from '../types.js';
import { createContact, readContact, uniqueWord } from '../support/contacts.js';
import { condition, runTagged } from '../support/conditions.js';
import { isReplayed, keyHeader, newKey } from '../support/idempotency.js';
import { finding } from '../support/finding.js';

const ID = 'idempotency-scope';

const replayed = (ctx: CheckContext, r: ApiResponse) => isReplayed(ctx.contract, r.headers);
const dataOf = (r: ApiResponse) =>
  (r.json as { data?: { contactId?: unknown; workspaceId?: unknown } } | undefined)?.data;

async function otherContact(ctx: CheckContext): Promise<void> {
  const [a, b] = [
    await createContact(ctx, ctx.client, { lastName: uniqueWord(ctx) }),
    await createContact(ctx, ctx.client, { lastName: uniqueWord(ctx) }),
  ];
  if (!a || !b) return;
  const headers = { [keyHeader(ctx.contract, 'updateContact')]: newKey() };
  const body = { contact: { jobTitle: uniqueWord(ctx) } };
  const first = await ctx.client.call('updateContact', { pathParams: { contactId: a }, headers, body });
  if (first.status !== 200)
    return ctx.report(
      finding(ID, 'put-original', `a valid PUT answered ${first.status}, expected 200`, {
        operation: 'updateContact',
        response: first,
      }),
    );
  const second = await ctx.client.call('updateContact', { pathParams: { contactId: b }, headers, body });
  if (second.status !== 200 || dataOf(second)?.contactId !== b || replayed(ctx, second)) {
    return ctx.report(
      finding(
        ID,
        'other-contact',
        `the same key and body on another contact's PUT path must execute for that contact (200, contactId ${b}), got ${second.status} ${second.text.slice(0, 200)}`,
        { operation: 'updateContact', response: second },
      ),
    );
  }
  const read = await readContact(ctx, ctx.client, b);
  if (read && read.jobTitle !== body.contact.jobTitle) {
    ctx.report(
      finding(
        ID,
        'other-contact-unchanged',
        `the PUT on the second contact answered 200 but did not change it (jobTitle ${JSON.stringify(read.jobTitle)})`,
        { operation: 'updateContact', response: second },
      ),
    );
  }
}

async function otherRoute(ctx: CheckContext): Promise<void> {
  const headers = { [keyHeader(ctx.contract)]: newKey() };
  const marker = uniqueWord(ctx);
  const created = await ctx.client.call('createContact', {
    headers,
    body: { contact: { lastName: marker, [NAMES.fields.tags]: [ctx.config.runTag] } },
  });
  if (created.status !== 201)
    return ctx.report(
      finding(ID, 'post-original', `a valid create answered ${created.status}, expected 201`, {
        operation: 'createContact',
        response: created,
      }),
    );
  const query = await ctx.client.call('queryContacts', {
    headers,
    // The run tag narrows the read to the run's contacts, whatever the workspace holds.
    body: {
      conditions: [runTagged(ctx), condition(ctx.contract, 'lastName', 'eq', marker)],
    },
  });
  if (query.status !== 200 || !Array.isArray(query.json) || query.json.length !== 1 || replayed(ctx, query)) {
    ctx.report(
      finding(
        ID,
        'other-route',
        `POST /contacts/query with the key just used on POST /contacts must run the query (200 with the one contact), got ${query.status} ${query.text.slice(0, 200)}`,
        { operation: 'queryContacts', response: query },
      ),
    );
  }
}

async function otherWorkspace(ctx: CheckContext, second: ApiClient): Promise<void> {
  const headers = { [keyHeader(ctx.contract)]: newKey() };
  const body = { contact: { lastName: uniqueWord(ctx), [NAMES.fields.tags]: [ctx.config.runTag] } };
  const first = await ctx.client.call('createContact', { headers, body });
  if (first.status !== 201)
    return ctx.report(
      finding(ID, 'post-original', `a valid create answered ${first.status}, expected 201`, {
        operation: 'createContact',
        response: first,
      }),
    );
  const other = await second.call('createContact', { headers, body });
  const data = dataOf(other);
  if (
    other.status !== 201 ||
    replayed(ctx, other) ||
    data?.contactId === dataOf(first)?.contactId ||
    data?.workspaceId !== ctx.secondWorkspace?.workspaceId
  ) {
    ctx.report(
      finding(
        ID,
        'other-workspace',
        `the same key and body in the second workspace must create a contact there (201, workspaceId ${ctx.secondWorkspace?.workspaceId}), got ${other.status} ${other.text.slice(0, 200)}`,
        { operation: 'createContact', response: other },
      ),
    );
  }
}

export const idempotencyScope: Check = {
  id: ID,
  description: 'The same Idempotency-Key on another contact, another route or another workspace executes independently',
  area: 'idempotency',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    await otherContact(ctx);
    await otherRoute(ctx);
    if (ctx.secondClient) await otherWorkspace(ctx, ctx.secondClient);
    else ctx.note('no second API key: the same key in another workspace was not tried (pass --api-key-2)');
  },
};
