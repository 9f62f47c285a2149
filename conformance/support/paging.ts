/**
 * Paging as the contract defines it (D2): which inputs page (the query
 * parameters and body properties whose schema is `PageLimit` or `PageOffset`),
 * reading a paged read page by page from any offset, and counting what it
 * lists (`countOnly`) without reading it.
 */
import { NAMES, type JsonSchema, type OperationSpec } from '../../spec/index.js';
import type { ApiClient, ApiResponse, CallOptions, CheckContext } from '../types.js';

export interface PagingInput {
  operation: OperationSpec;
  /** The parameter or body property name (`limit`, `offset`). */
  name: string;
  in: 'query' | 'body';
  role: 'limit' | 'offset';
  schema: JsonSchema & { minimum: number; maximum: number; default: number };
}

export function pagingInputs(ctx: Pick<CheckContext, 'contract'>): PagingInput[] {
  const { PageLimit, PageOffset } = ctx.contract.schemas;
  const roleOf = (schema: unknown) => (schema === PageLimit ? 'limit' : schema === PageOffset ? 'offset' : undefined);
  const inputs: PagingInput[] = [];
  for (const operation of ctx.contract.operations) {
    for (const p of operation.parameters) {
      const role = roleOf(p.schema);
      if (p.in === 'query' && role)
        inputs.push({ operation, name: p.name, in: 'query', role, schema: p.schema as PagingInput['schema'] });
    }
    const properties =
      (operation.body?.schema as { properties?: Record<string, JsonSchema> } | undefined)?.properties ?? {};
    for (const [name, schema] of Object.entries(properties)) {
      const role = roleOf(schema);
      if (role) inputs.push({ operation, name, in: 'body', role, schema: schema as PagingInput['schema'] });
    }
  }
  return inputs;
}

/** A paged read: one operation with its fixed options, paged by its limit and offset inputs. */
export interface Pager {
  operation: OperationSpec;
  limit: PagingInput;
  offset: PagingInput;
  /** Everything but the paging values (search terms, query conditions). */
  base: CallOptions;
}

export function pagers(ctx: Pick<CheckContext, 'contract'>): Pager[] {
  const inputs = pagingInputs(ctx);
  return ctx.contract.operations.flatMap((operation) => {
    const limit = inputs.find((i) => i.operation === operation && i.role === 'limit');
    const offset = inputs.find((i) => i.operation === operation && i.role === 'offset');
    return limit && offset && limit.in === offset.in ? [{ operation, limit, offset, base: {} }] : [];
  });
}

/** The options for one page; `undefined` leaves that input out. */
export function pageOptions(pager: Pager, limit: unknown, offset: unknown): CallOptions {
  const values: Record<string, unknown> = {};
  if (limit !== undefined) values[pager.limit.name] = limit;
  if (offset !== undefined) values[pager.offset.name] = offset;
  if (pager.limit.in === 'query')
    return { ...pager.base, query: { ...pager.base.query, ...(values as CallOptions['query']) } };
  return { ...pager.base, body: { ...(pager.base.body as object | undefined), ...values } };
}

export function fetchPage(client: ApiClient, pager: Pager, limit: unknown, offset: unknown): Promise<ApiResponse> {
  return client.call(pager.operation.id, pageOptions(pager, limit, offset));
}

export interface Walk {
  /** The items in the order served. */
  items: Array<Record<string, unknown>>;
  /** False when the walk stopped at `maxItems` before a short page. */
  complete: boolean;
  /** The response that stopped the walk when a page was not a 200 array. */
  failure?: ApiResponse;
}

/**
 * Reads pages of the largest size from offset `from` until a short page (D1:
 * a page shorter than limit is the last), or until `maxItems` items.
 */
export async function walk(
  client: ApiClient,
  pager: Pager,
  maxItems: number,
  from: number = pager.offset.schema.minimum,
): Promise<Walk> {
  const size = pager.limit.schema.maximum;
  const items: Walk['items'] = [];
  for (let offset = from; ; offset += size) {
    if (items.length >= maxItems) return { items, complete: false };
    const response = await fetchPage(client, pager, size, offset);
    if (response.status !== 200 || !Array.isArray(response.json)) return { items, complete: false, failure: response };
    items.push(...(response.json as Walk['items']));
    if (response.json.length < size) return { items, complete: true };
  }
}

/** The ids (`cdId`) of a page's items, for comparing pages by identity. */
export function idsOf(items: unknown): string[] {
  return Array.isArray(items)
    ? items.map((item) => String((item as Record<string, unknown> | null)?.[NAMES.fields.id]))
    : [];
}

/**
 * The paged reads that answer without further input (the list and the
 * unconditioned query, D3; search needs terms): each answers its largest page
 * with a 200 array.
 */
export async function listPagers(ctx: Pick<CheckContext, 'contract' | 'client'>): Promise<Pager[]> {
  const answering: Pager[] = [];
  for (const pager of pagers(ctx)) {
    const first = await fetchPage(ctx.client, pager, pager.limit.schema.maximum, undefined);
    if (first.status === 200 && Array.isArray(first.json)) answering.push(pager);
  }
  return answering;
}

/** The body property that asks for the count instead of a page (the `CountOnly` schema, D1), if the pager has one. */
export function countingInput(ctx: Pick<CheckContext, 'contract'>, pager: Pager): string | undefined {
  const { CountOnly } = ctx.contract.schemas;
  const properties =
    (pager.operation.body?.schema as { properties?: Record<string, JsonSchema> } | undefined)?.properties ?? {};
  return Object.entries(properties).find(([, schema]) => schema === CountOnly)?.[0];
}

export interface Counted {
  /** The number of items the pager lists, when the target answered with one. */
  count?: number;
  response: ApiResponse;
}

/**
 * The pager's count-only form (`countOnly: true` answers `{ count }`, the
 * number of all matches, D3): how many items it lists, without paging through
 * them. Undefined when the pager has no count-only form.
 */
export async function countOf(
  ctx: Pick<CheckContext, 'contract' | 'client'>,
  pager: Pager,
): Promise<Counted | undefined> {
  const input = countingInput(ctx, pager);
  if (input === undefined) return undefined;
  const [field] = (ctx.contract.schemas.CountResult?.required ?? []) as string[];
  const response = await ctx.client.call(pager.operation.id, {
    ...pager.base,
    body: { ...(pager.base.body as object | undefined), [input]: true },
  });
  const count = field === undefined ? undefined : (response.json as Record<string, unknown> | undefined)?.[field];
  return response.status === 200 && Number.isSafeInteger(count) && (count as number) >= 0
    ? { count: count as number, response }
    : { response };
}
