/**
 * A key sees only its own workspace (seed, "Workspace scope"; D12): contacts
 * one key creates, with a unique word and external ID, are found by that key
 * and by no read of the other key — list, query by id and by the word, count,
 * search by the word and by the external ID. Both directions are tried. Under
 * --read-only, contacts that already exist are looked for by id instead.
 *
 * The other key's list is read at both ends, not walked: a leaked contact of a
 * list in D2 order that mixes workspaces sits at the end (it is among the
 * newest) or, shown first, at the start. The end is found by doubling the
 * offset and then halving the step, so the reads grow with the logarithm of
 * the list's length, not with the length.
 */
import type { ApiClient, ApiResponse, Check, CheckContext } from '../types.js';
import { condition } from '../support/conditions.js';
import { createContact, uniqueWord } from '../support/contacts.js';
import { fetchPage, idsOf, pagers, type Pager } from '../support/paging.js';
import { workspaceReads, type Marked } from '../support/workspace-reads.js';
import { exchange } from '../support/finding.js';

const ID = 'isolation-reads';
/** Full pages read before the end of the other key's list, besides the first and the last. */
const TAIL_PAGES = 4;

interface Ends {
  /** The first page and the last pages, up to the end. */
  items: unknown[];
  failure?: ApiResponse;
}

/**
 * The start and the end of a list: its first page, then the end found by
 * reading pages at doubling offsets until one is short, and halving the step
 * between the last full page and that one; then the full pages before the end.
 */
async function listEnds(client: ApiClient, list: Pager): Promise<Ends> {
  const size = list.limit.schema.maximum;
  const last = list.offset.schema.maximum;
  const pages = new Map<number, unknown[]>();
  let failure: ApiResponse | undefined;
  const page = async (offset: number): Promise<unknown[] | undefined> => {
    if (pages.has(offset)) return pages.get(offset);
    const response = await fetchPage(client, list, size, offset);
    if (response.status !== 200 || !Array.isArray(response.json)) {
      failure = response;
      return undefined;
    }
    pages.set(offset, response.json);
    return response.json;
  };
  const full = (items: unknown[] | undefined) => items !== undefined && items.length === size;
  const first = await page(0);
  if (!full(first)) return { items: first ?? [], ...(failure ? { failure } : {}) };
  // Doubling: `low` is a full page, `high` a short one (or past the largest offset).
  let low = 0;
  let high = size;
  for (;;) {
    const items = await page(high);
    if (items === undefined) return { items: first!, failure: failure! };
    if (!full(items)) break;
    low = high;
    if (high * 2 > last) {
      high = last + 1;
      break;
    }
    high *= 2;
  }
  // Halving, in whole pages: the last full page is at `low`, the next page is short.
  while (high - low > size) {
    const middle = low + Math.floor((high - low) / size / 2) * size;
    const items = await page(middle);
    if (items === undefined) return { items: first!, failure: failure! };
    if (full(items)) low = middle;
    else high = middle;
  }
  const items: unknown[] = [...first!];
  for (let offset = Math.max(size, low - TAIL_PAGES * size); offset <= Math.min(high, last); offset += size) {
    const read = await page(offset);
    if (read === undefined) break;
    items.push(...read);
  }
  return { items, ...(failure ? { failure } : {}) };
}
/** Lower-case letters only: a valid external system name. */
const SYSTEM = 'conformance';

async function markedContacts(ctx: CheckContext, owner: ApiClient, list: Pager): Promise<Marked | undefined> {
  const { id: idField, externalIds } = ctx.contract.names.fields;
  if (ctx.config.readOnly) {
    // Contacts the owner both lists and finds by id: a leaking list alone must not make a stranger's contact "ours".
    const listed = idsOf((await fetchPage(owner, list, list.limit.schema.maximum, undefined)).json);
    const body = { conditions: [condition(ctx.contract, idField, 'in', listed.slice(0, list.limit.schema.maximum))] };
    const contacts =
      listed.length > 0 ? ((await owner.call('queryContacts', { body })).json as Array<Record<string, unknown>>) : [];
    const externalOf = (c: Record<string, unknown>) => (c[externalIds] ?? {}) as Record<string, unknown>;
    const found = idsOf(contacts);
    const ids = listed.filter((id) => found.includes(id)).slice(0, 3);
    // One with an external ID is also looked for by search (an ID another workspace may share: only ids count).
    const withExternal = Array.isArray(contacts)
      ? contacts.find((c) => ids.includes(c[idField] as string) && Object.keys(externalOf(c)).length > 0)
      : undefined;
    if (withExternal)
      return { ids: [withExternal[idField] as string], externalId: String(Object.values(externalOf(withExternal))[0]) };
    return ids.length > 0 ? { ids } : undefined;
  }
  const word = uniqueWord(ctx, 'iso');
  const marked = { ids: [] as string[], word, externalId: `iso-${word}` };
  for (let i = 0; i < 2; i += 1) {
    const id = await createContact(ctx, owner, { lastName: word, [externalIds]: { [SYSTEM]: marked.externalId } });
    if (!id) return undefined;
    marked.ids.push(id);
  }
  return marked;
}

export const isolationReads: Check = {
  id: ID,
  description:
    "Contacts of one key's workspace are invisible to another key: the list's start and end, query, count and search",
  area: 'isolation',
  writes: true,
  sharing: 'shared',
  readOnlyFallback: true,
  needsSecondKey: true,
  async run(ctx) {
    const list = pagers(ctx).find((p) => p.operation.id === 'listContacts')!;
    for (const [owner, stranger, mine, theirs] of [
      ['A', 'B', ctx.client, ctx.secondClient!],
      ['B', 'A', ctx.secondClient!, ctx.client],
    ] as const) {
      const marked = await markedContacts(ctx, mine, list);
      if (!marked) {
        ctx.note(`key ${owner}'s workspace has no contacts to look for`);
        continue;
      }
      for (const { how, response, found, owner: expected } of await workspaceReads(ctx, mine, marked)) {
        if (response.status === 200 && found.length === expected) continue;
        ctx.report({
          severity: 'error',
          key: `${ID}:control:${how}`,
          message: `key ${owner} does not find its own contacts by ${how} (${response.status}, ${found.length} of ${expected} found), so isolation cannot be judged there`,
          ...exchange(response),
        });
      }
      for (const { how, response, found } of await workspaceReads(ctx, theirs, marked)) {
        if (found.length === 0) continue;
        ctx.report({
          severity: 'error',
          key: `${ID}:${how}`,
          message: `key ${stranger} sees ${found.length} contact(s) of key ${owner}'s workspace by ${how}: ${found.join(', ')}`,
          ...exchange(response),
        });
      }
      const ends = await listEnds(theirs, list);
      const leaked = [...new Set(idsOf(ends.items))].filter((id) => marked.ids.includes(id));
      if (leaked.length > 0)
        ctx.report({
          severity: 'error',
          operation: list.operation.id,
          key: `${ID}:list`,
          message: `key ${stranger}'s list holds contact(s) of key ${owner}'s workspace: ${leaked.join(', ')}`,
        });
      if (ends.failure)
        ctx.note(`key ${stranger}'s list answered ${ends.failure.status}; its end was not searched for leaks`);
    }
  },
};
