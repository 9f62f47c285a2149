/** The three reads: list (D1, D2), query (D3) and search (D4). */
import { formatField } from '../../spec/index.js';
import { CUSTOM_FIELDS } from '../contacts/model.js';
import { violation } from '../http/errors.js';
import { splitField } from '../store/query-model.js';
import type { ContactRow } from '../store/storage.js';
import type { Condition, HandlerResult, OperationContext } from '../types.js';
import type { components } from '../../spec/types.gen.js';
import type { Parts } from '../parts.js';
import { type Handler, ok, workspaceOf } from './handler.js';

/** D1: a bare array of flattened contacts. */
const page = (rows: ContactRow[], parts: Parts): HandlerResult => ({
  status: 200,
  json: parts.serializeContacts(rows, parts.contacts.flatten),
});

/** D2: `limit` and `offset` as the query gave them, defaults filled in. */
function pagingOf(ctx: OperationContext, parts: Parts) {
  const { limit, offset } = parts.contract.names.query;
  return parts.parsePaging({ limit: ctx.params.get(limit), offset: ctx.params.get(offset) });
}

export const listContacts: Handler = {
  writes: false,
  async run(ctx, parts) {
    return page(await parts.store.list(workspaceOf(ctx).workspaceId, pagingOf(ctx, parts)), parts);
  },
};

/** The query body, valid against its schema by the time a handler runs. */
type QueryBody = components['schemas']['QueryRequest'];
// Body keys, checked by the compiler against the types generated from the spec.
const CONDITIONS = 'conditions' satisfies keyof QueryBody;
const FIELD = 'field' satisfies keyof components['schemas']['QueryCondition'];
const queryBody = (ctx: OperationContext) => ctx.body as QueryBody;

export const queryContacts: Handler = {
  writes: false,
  // D3: a custom field must be one the workspace defines.
  validate(ctx) {
    const { slugTypes } = workspaceOf(ctx);
    const conditions: Condition[] = queryBody(ctx).conditions ?? [];
    for (const [i, condition] of conditions.entries()) {
      const [head, slug] = splitField(condition.field);
      if (head === CUSTOM_FIELDS && !slugTypes.has(slug ?? '')) {
        const field = formatField([CONDITIONS, i, FIELD]);
        return violation(field, `${field}: "${slug}" is not a custom field of this workspace (see GET /workspace).`);
      }
    }
    return undefined;
  },
  async run(ctx, parts) {
    const workspaceId = workspaceOf(ctx).workspaceId;
    const body = queryBody(ctx);
    const conditions = body.conditions ?? [];
    // D3: countOnly counts every match, whatever limit and offset say.
    if (body.countOnly === true) {
      const count = await parts.store.count(workspaceId, conditions);
      return ok(200, { count } satisfies components['schemas']['CountResult']);
    }
    const paging = parts.parsePaging({ limit: body.limit, offset: body.offset });
    return page(await parts.store.query(workspaceId, conditions, paging), parts);
  },
};

/** D4: whitespace-separated terms; a term with anything but letters and digits can start no word. */
export function searchTerms(q: string): string[] | undefined {
  const terms = q.split(/\s+/).filter((term) => term !== '');
  return terms.every((term) => /^[\p{L}\p{N}]+$/u.test(term)) ? terms : undefined;
}

export const searchContacts: Handler = {
  writes: false,
  validate(ctx, parts) {
    const { q, externalId } = parts.contract.names.query;
    if (!ctx.params.has(q) && !ctx.params.has(externalId))
      return violation(q, `${q}: give ${q}, ${externalId} or both.`);
    return undefined;
  },
  async run(ctx, parts) {
    const names = parts.contract.names.query;
    const q = ctx.params.get(names.q) as string | undefined;
    const terms = q === undefined ? [] : parts.searchTerms(q);
    if (terms === undefined) return ok(200, []);
    const externalId = ctx.params.get(names.externalId) as string | undefined;
    const externalSystem =
      externalId === undefined ? undefined : (ctx.params.get(names.externalSystem) as string | undefined);
    const spec = { terms, externalId, externalSystem };
    return page(await parts.store.search(workspaceOf(ctx).workspaceId, spec, pagingOf(ctx, parts)), parts);
  },
};
