/**
 * The same Idempotency-Key with the same request replays the original: same
 * status, byte-identical body, `Idempotent-Replayed: true` allowed, nothing
 * executed again (D8). Key order and whitespace do not make another request.
 * Create: the contact's unique marker tag is counted; PUT: `updatedAt` stays.
 */
import { NAMES } from '../../spec/index.js';
import type { ApiResponse, Check, CheckContext, FindingInput } from '../types.js';
import { contactChanges, contactFields } from '../generate/contact.js';
import { condition } from '../support/conditions.js';
import { countTagged, createContact, readContact, uniqueWord } from '../support/contacts.js';
import { keyHeader, newKey, replayedHeader } from '../support/idempotency.js';
import { finding, scaledRuns } from '../support/finding.js';

const ID = 'idempotency-replay';

/** Why `again` is not a replay of `first`, if it is not. */
export function notAReplay(ctx: CheckContext, first: ApiResponse, again: ApiResponse): string | undefined {
  if (again.status !== first.status) return `the repeat answered ${again.status}, the original ${first.status}`;
  if (again.text !== first.text)
    return `the repeat's body differs from the original's: ${again.text.slice(0, 200)} vs ${first.text.slice(0, 200)}`;
  const flag = again.headers[replayedHeader(ctx.contract)];
  const documented = ctx.contract.names.headerValues.idempotentReplayed;
  if (flag !== undefined && flag !== documented)
    return `${replayedHeader(ctx.contract)} is ${JSON.stringify(flag)}, not ${JSON.stringify(documented)}`;
  return undefined;
}

/** The body with its keys in reverse order and pretty-printed: the same request by D8's fingerprint. */
const reordered = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(reordered)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([k, v]) => [k, reordered(v)]),
        )
      : value;

async function createTwice(ctx: CheckContext, fields: Record<string, unknown>): Promise<FindingInput | undefined> {
  const marker = uniqueWord(ctx);
  const contact = { ...fields, [NAMES.fields.tags]: [...(fields[NAMES.fields.tags] as string[]), marker] };
  const headers = { [keyHeader(ctx.contract)]: newKey() };
  const first = await ctx.client.call('createContact', { headers, body: { contact } });
  if (first.status !== 201)
    return finding(ID, 'create-original', `a valid create answered ${first.status}, expected 201`, {
      operation: 'createContact',
      response: first,
    });
  if (first.headers[replayedHeader(ctx.contract)] !== undefined)
    return finding(ID, 'original-marked', 'the original response already says it is replayed', {
      operation: 'createContact',
      response: first,
    });
  const again = await ctx.client.call('createContact', { headers, body: { contact } });
  const why = notAReplay(ctx, first, again);
  if (why)
    return finding(ID, 'create-differs', `POST /contacts repeated with the same key: ${why}`, {
      operation: 'createContact',
      response: again,
    });
  const raw = { body: JSON.stringify(reordered({ contact }), null, 2), contentType: 'application/json' };
  const third = await ctx.client.call('createContact', { headers, raw });
  const why3 = notAReplay(ctx, first, third);
  if (why3)
    return finding(
      ID,
      'create-reformatted',
      `the same request with keys reordered and re-indented is not replayed: ${why3}`,
      { operation: 'createContact', response: third },
    );
  const count = await countTagged(ctx, ctx.client, [condition(ctx.contract, NAMES.fields.tags, 'contains', marker)]);
  if (count !== undefined && count !== 1)
    return finding(ID, 'created-again', `3 requests with one Idempotency-Key created ${count} contacts, expected 1`, {
      operation: 'createContact',
    });
  return undefined;
}

async function updateTwice(ctx: CheckContext, changes: Record<string, unknown>): Promise<FindingInput | undefined> {
  // A fresh contact each time: merged external IDs must stay within the contract's cap (D5).
  const cdId = await createContact(ctx, ctx.client, { lastName: uniqueWord(ctx) });
  if (!cdId) return undefined;
  const headers = { [keyHeader(ctx.contract, 'updateContact')]: newKey() };
  const call = { pathParams: { contactId: cdId }, headers, body: { contact: changes } };
  const first = await ctx.client.call('updateContact', call);
  if (first.status !== 200)
    return finding(ID, 'update-original', `a valid PUT answered ${first.status}, expected 200`, {
      operation: 'updateContact',
      response: first,
    });
  const before = await readContact(ctx, ctx.client, cdId);
  await new Promise((resolve) => setTimeout(resolve, 5)); // so a re-execution would move updatedAt
  const again = await ctx.client.call('updateContact', call);
  const why = notAReplay(ctx, first, again);
  if (why)
    return finding(ID, 'update-differs', `PUT /contacts/{contactId} repeated with the same key: ${why}`, {
      operation: 'updateContact',
      response: again,
    });
  const after = await readContact(ctx, ctx.client, cdId);
  if (before && after && before[NAMES.fields.updatedAt] !== after[NAMES.fields.updatedAt]) {
    return finding(
      ID,
      'updated-again',
      `the replayed PUT executed again: ${NAMES.fields.updatedAt} moved from ${before[NAMES.fields.updatedAt]} to ${after[NAMES.fields.updatedAt]}`,
      { operation: 'updateContact', response: again },
    );
  }
  return undefined;
}

export const idempotencyReplay: Check = {
  id: ID,
  description:
    'A repeated Idempotency-Key with the same request replays the original response byte for byte and executes nothing',
  area: 'idempotency',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    const runs = scaledRuns(ctx, 2, 3);
    await ctx.property({
      name: 'create',
      arbitrary: contactFields(ctx),
      predicate: (fields) => createTwice(ctx, fields),
      runs,
    });
    await ctx.property({ name: 'update', arbitrary: contactChanges(ctx), predicate: (c) => updateTwice(ctx, c), runs });
  },
};
