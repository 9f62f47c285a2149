/**
 * Contact helpers for checks: create one (and hold the target to the 201
 * shape), read one back by id (POST /contacts/query `cdId eq`, D3), and count
 * the run's contacts (countOnly, filtered by the run tag). Each reports what
 * went wrong and returns undefined, so the calling check can stop cleanly.
 */
import { NAMES } from '../../spec/index.js';
import type { ApiClient, CallOptions, CheckContext } from '../types.js';
import { condition, runTagged, type Condition } from './conditions.js';
import { exchange } from './finding.js';

export type Contact = Record<string, unknown>;

const CREATED = '201';
const OK = '200';

/** The contact with the run tag added to its tags when missing. */
export function tagged(ctx: CheckContext, fields: Contact): Contact {
  const tags = Array.isArray(fields[NAMES.fields.tags]) ? (fields[NAMES.fields.tags] as unknown[]) : [];
  return tags.includes(ctx.config.runTag) ? fields : { ...fields, [NAMES.fields.tags]: [ctx.config.runTag, ...tags] };
}

/** POST /contacts; the new contact's id, or undefined (reported) when the answer is not a 201 WriteResult. */
export async function createContact(
  ctx: CheckContext,
  client: ApiClient,
  fields: Contact,
  options: CallOptions = {},
): Promise<string | undefined> {
  const response = await client.call('createContact', { ...options, body: { contact: tagged(ctx, fields) } });
  const spec = ctx.contract.operation('createContact').responses.get(CREATED);
  const data = (response.json as { data?: { contactId?: unknown; created?: unknown } } | undefined)?.data;
  if (
    response.status !== Number(CREATED) ||
    !spec?.validate?.(response.json) ||
    data?.created !== true ||
    typeof data.contactId !== 'string'
  ) {
    ctx.report({
      severity: 'error',
      operation: 'createContact',
      key: `create-contact:${response.status}`,
      message: `creating a valid contact: expected 201 with { data: { contactId, workspaceId, created: true } }, got ${response.status} ${response.text.slice(0, 300)}`,
      ...exchange(response),
    });
    return undefined;
  }
  return data.contactId;
}

/** POST /contacts/query for the contacts matching every condition; reported and undefined unless a 200 array. */
export async function queryContacts(
  ctx: CheckContext,
  client: ApiClient,
  conditions: Condition[],
  page: { limit?: number; offset?: number } = {},
): Promise<Contact[] | undefined> {
  const response = await client.call('queryContacts', { body: { conditions, ...page } });
  if (response.status !== Number(OK) || !Array.isArray(response.json)) {
    ctx.report({
      severity: 'error',
      operation: 'queryContacts',
      key: `query-contacts:${response.status}`,
      message: `querying contacts: expected 200 with an array, got ${response.status} ${response.text.slice(0, 300)}`,
      ...exchange(response),
    });
    return undefined;
  }
  return response.json as Contact[];
}

/** The contact with this id as the target reads it back, null when it finds none, undefined when reported. */
export async function readContact(
  ctx: CheckContext,
  client: ApiClient,
  cdId: string,
): Promise<Contact | null | undefined> {
  const found = await queryContacts(ctx, client, [condition(ctx.contract, NAMES.fields.id, 'eq', cdId)]);
  if (!found) return undefined;
  const same = found.filter((c) => c[NAMES.fields.id] === cdId);
  if (same.length !== found.length || same.length > 1) {
    ctx.report({
      severity: 'error',
      operation: 'queryContacts',
      key: 'read-contact:not-exact',
      message: `a query for ${NAMES.fields.id} eq ${JSON.stringify(cdId)} returned ${found.length} contacts (${found.map((c) => JSON.stringify(c[NAMES.fields.id])).join(', ')}), expected only that one`,
    });
    return undefined;
  }
  return same[0] ?? null;
}

/** The number of contacts that carry the run tag and match `extra` (countOnly); undefined when reported. */
export async function countTagged(
  ctx: CheckContext,
  client: ApiClient,
  extra: Condition[] = [],
): Promise<number | undefined> {
  const conditions = [runTagged(ctx), ...extra];
  const response = await client.call('queryContacts', { body: { conditions, countOnly: true } });
  const count = (response.json as { count?: unknown } | undefined)?.count;
  if (response.status !== Number(OK) || typeof count !== 'number') {
    ctx.report({
      severity: 'error',
      operation: 'queryContacts',
      key: `count-contacts:${response.status}`,
      message: `counting the run's contacts: expected 200 with { count }, got ${response.status} ${response.text.slice(0, 300)}`,
      ...exchange(response),
    });
    return undefined;
  }
  return count;
}

let counter = 0;

/**
 * A word no contact of any run holds yet (letters and digits only, so search splits it as one word).
 * Words of one prefix and run have one length, so none is a prefix of another and a search for one
 * (D4 matches word prefixes) never finds another's contacts, whichever checks run beside each other.
 */
export function uniqueWord(ctx: CheckContext, prefix = 'cdm'): string {
  counter = (counter + 1) % 36 ** 4;
  const random = Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `${prefix}${ctx.config.runId.replace(/[^A-Za-z0-9]/g, '')}${counter.toString(36).padStart(4, '0')}${random}`.toLowerCase();
}
