/**
 * The reads by which a key may find given contacts: by id (query `cdId eq`,
 * countOnly `cdId in`) and, when the contacts share a unique word and
 * external ID, by those (query, search q, search externalId). The owner's key
 * must find them all this way; any other key none (D12).
 */
import type { ApiClient, ApiResponse, CheckContext } from '../types.js';
import { condition, runTagged } from './conditions.js';
import { idsOf, pagingInputs } from './paging.js';

export interface Marked {
  ids: string[];
  /** A word only these contacts carry (as their last name), and their shared external ID. */
  word?: string;
  externalId?: string;
}

export interface Read {
  how: string;
  response: ApiResponse;
  /** The marked contacts it found. */
  found: string[];
  /** How many of them the owner's read must find. */
  owner: number;
}

/** The search's largest page, so a shared word or ID does not push the contacts off the first page. */
function largest(ctx: CheckContext): Record<string, number> {
  const limit = pagingInputs(ctx).find((i) => i.operation.id === 'searchContacts' && i.role === 'limit');
  return limit ? { [limit.name]: limit.schema.maximum } : {};
}

export async function workspaceReads(ctx: CheckContext, reader: ApiClient, target: Marked): Promise<Read[]> {
  const c = ctx.contract;
  const { fields, query: params } = c.names;
  const mine = (ids: string[]) => ids.filter((id) => target.ids.includes(id));
  const out: Read[] = [];
  const query = async (how: string, body: unknown, owner: number) => {
    const response = await reader.call('queryContacts', { body });
    out.push({ how, response, found: mine(idsOf(response.json)), owner });
  };
  await query(`query ${fields.id} eq`, { conditions: [condition(c, fields.id, 'eq', target.ids[0])] }, 1);
  const count = await reader.call('queryContacts', {
    body: { conditions: [condition(c, fields.id, 'in', target.ids)], countOnly: true },
  });
  const n = (count.json as { count?: unknown } | undefined)?.count;
  out.push({
    how: `countOnly ${fields.id} in`,
    response: count,
    found: typeof n === 'number' ? target.ids.slice(0, n) : [],
    owner: target.ids.length,
  });
  if (target.word !== undefined) {
    // The marked contacts carry the run tag: with it, the query reads only the run's contacts (D3), a
    // stranger's read still finds any it must not, and the cost does not grow with the workspace.
    await query(
      'query lastName eq the word',
      {
        conditions: [runTagged(ctx), condition(c, 'lastName', 'eq', target.word)],
      },
      target.ids.length,
    );
    const response = await reader.call('searchContacts', { query: { [params.q]: target.word, ...largest(ctx) } });
    out.push({ how: `search ${params.q}`, response, found: mine(idsOf(response.json)), owner: target.ids.length });
  }
  if (target.externalId !== undefined) {
    const response = await reader.call('searchContacts', {
      query: { [params.externalId]: target.externalId, ...largest(ctx) },
    });
    out.push({
      how: `search ${params.externalId}`,
      response,
      found: mine(idsOf(response.json)),
      owner: target.ids.length,
    });
  }
  return out;
}
