/**
 * A key sees only its own workspace (seed, "Workspace scope"; D12): contacts
 * one key creates, with a unique word and external ID, are found by that key
 * and by no read of the other key — list, query by id and by the word, count,
 * search by the word and by the external ID. Both directions are tried.
 */
import type { ApiClient, ApiResponse, Check, CheckContext } from '../types.js';
import { condition } from '../support/conditions.js';
import { createContact, uniqueWord } from '../support/contacts.js';
import { idsOf, pagers, walk } from '../support/paging.js';

const ID = 'isolation-reads';
const MAX_WALK = 10_000;
/** Lower-case letters only: a valid external system name. */
const SYSTEM = 'conformance';

interface Reads {
  ids: string[];
  word: string;
  externalId: string;
}

interface Read {
  how: string;
  response: ApiResponse;
  /** How many of the contacts it found. */
  found: string[];
  /** How many of them the owner's read must find. */
  owner: number;
}

/** The reads that find the contacts of `target` for their owner, and none of them for another key. */
async function reads(ctx: CheckContext, reader: ApiClient, target: Reads): Promise<Read[]> {
  const c = ctx.contract;
  const mine = (ids: string[]) => ids.filter((id) => target.ids.includes(id));
  const out: Read[] = [];
  const query = async (how: string, body: unknown, owner: number) => {
    const response = await reader.call('queryContacts', { body });
    out.push({ how, response, found: mine(idsOf(response.json)), owner });
  };
  await query('query cdId eq', { conditions: [condition(c, 'cdId', 'eq', target.ids[0])] }, 1);
  await query('query lastName eq the word', { conditions: [condition(c, 'lastName', 'eq', target.word)] }, target.ids.length);
  const count = await reader.call('queryContacts', { body: { conditions: [condition(c, 'cdId', 'in', target.ids)], countOnly: true } });
  const n = (count.json as { count?: unknown } | undefined)?.count;
  out.push({ how: 'countOnly cdId in', response: count, found: typeof n === 'number' ? target.ids.slice(0, n) : [], owner: target.ids.length });
  for (const [how, query] of [['search q', { q: target.word }], ['search externalId', { externalId: target.externalId }]] as const) {
    const response = await reader.call('searchContacts', { query });
    out.push({ how, response, found: mine(idsOf(response.json)), owner: target.ids.length });
  }
  return out;
}

export const isolationReads: Check = {
  id: ID,
  description: "Contacts of one key's workspace are invisible to another key: list, query, count and search",
  area: 'isolation',
  writes: true,
  needsSecondKey: true,
  async run(ctx) {
    const keys: Array<[string, ApiClient, ApiClient]> = [
      ['A', ctx.client, ctx.secondClient!],
      ['B', ctx.secondClient!, ctx.client],
    ];
    const list = pagers(ctx).find((p) => p.operation.id === 'listContacts')!;
    for (const [owner, mine, theirs] of keys) {
      const word = uniqueWord(ctx, 'iso');
      const target: Reads = { ids: [], word, externalId: `iso-${word}` };
      for (let i = 0; i < 2; i += 1) {
        const id = await createContact(ctx, mine, { lastName: word, externalIds: { [SYSTEM]: target.externalId } });
        if (!id) return;
        target.ids.push(id);
      }
      const stranger = owner === 'A' ? 'B' : 'A';
      for (const { how, response, found, owner: expected } of await reads(ctx, mine, target)) {
        if (response.status === 200 && found.length === expected) continue;
        ctx.report({ severity: 'error', key: `${ID}:control:${how}`, message: `key ${owner} does not find its own new contacts by ${how} (${response.status}, ${found.length} found), so isolation cannot be judged there`, request: response.request, response: response.response });
      }
      for (const { how, response, found } of await reads(ctx, theirs, target)) {
        if (found.length === 0) continue;
        ctx.report({ severity: 'error', key: `${ID}:${how}`, message: `key ${stranger} sees ${found.length} contact(s) of key ${owner}'s workspace by ${how}: ${found.join(', ')}`, request: response.request, response: response.response });
      }
      const walked = await walk(theirs, list, MAX_WALK);
      const leaked = idsOf(walked.items).filter((id) => target.ids.includes(id));
      if (leaked.length > 0) ctx.report({ severity: 'error', operation: list.operation.id, key: `${ID}:list`, message: `key ${stranger}'s list holds contact(s) of key ${owner}'s workspace: ${leaked.join(', ')}` });
      if (walked.failure) ctx.note(`key ${stranger}'s list answered ${walked.failure.status}; not searched for leaks`);
      else if (!walked.complete) ctx.note(`key ${stranger}'s list is longer than ${MAX_WALK}; only its first ${MAX_WALK} were searched`);
    }
  },
};
