/** Pagination faults (D2): offsets, limits, defaults, order and invalid values. */
import type { Parts } from '../parts.js';
import { type CatalogueEntry, rewriteQuery, WIDE } from './fault.js';

/** The paging parameters of the query string, by the vocabulary's names. */
const pagingNames = (parts: Parts) => [parts.contract.names.query.limit, parts.contract.names.query.offset];

/** GET /contacts served from the whole list put in another order. */
function listReordered(parts: Parts, reorder: <T>(rows: T[]) => T[]): Parts {
  return {
    ...parts,
    store: {
      ...parts.store,
      async list(workspaceId, page) {
        const all = await parts.store.list(workspaceId, WIDE);
        return reorder(all).slice(page.offset, page.offset + page.limit);
      },
    },
  };
}

/** The bounds the spec declares for a query parameter (every operation taking it shares the page schemas). */
function bounds(parts: Parts, name: string): { minimum: number; maximum: number } {
  const param = parts.contract.operations
    .flatMap((op) => op.parameters)
    .find((p) => p.in === 'query' && p.name === name);
  const schema = (param?.schema ?? {}) as { minimum?: number; maximum?: number };
  return { minimum: schema.minimum ?? -Infinity, maximum: schema.maximum ?? Infinity };
}

export const PAGING: readonly CatalogueEntry[] = [
  {
    name: 'list-offset-off-by-one',
    kind: 'fault',
    area: 'paging',
    description: 'GET /contacts skips one contact more than offset says.',
    expectedChecks: ['pagination-consistency'],
    apply: (parts) => ({
      ...parts,
      store: {
        ...parts.store,
        list: (workspaceId, page) => parts.store.list(workspaceId, { ...page, offset: page.offset + 1 }),
      },
    }),
  },
  {
    name: 'paging-limit-ignored',
    kind: 'fault',
    area: 'paging',
    description: 'limit is ignored: every page has the default size.',
    expectedChecks: ['pagination-consistency', 'search-pagination'],
    apply: (parts) => ({ ...parts, parsePaging: ({ offset }) => parts.parsePaging({ offset }) }),
  },
  {
    name: 'paging-default-limit-20',
    kind: 'fault',
    area: 'paging',
    description: 'A page without limit has 20 items instead of the default 10.',
    expectedChecks: ['pagination-defaults'],
    apply: (parts) => ({
      ...parts,
      parsePaging: ({ limit, offset }) => parts.parsePaging({ limit: limit ?? 20, offset }),
    }),
  },
  {
    name: 'paging-limit-clamped',
    kind: 'fault',
    area: 'paging',
    description: 'An out-of-range limit or offset in the query string is silently clamped into range instead of a 422.',
    expectedChecks: ['pagination-invalid'],
    apply: (parts) =>
      rewriteQuery(parts, (query) => {
        for (const name of pagingNames(parts)) {
          const value = query.get(name);
          if (value === null || !/^-?\d+$/.test(value)) continue;
          const { minimum, maximum } = bounds(parts, name);
          query.set(name, String(Math.min(maximum, Math.max(minimum, Number(value)))));
        }
      }),
  },
  {
    name: 'paging-lenient-numbers',
    kind: 'fault',
    area: 'paging',
    description:
      'limit and offset in the query string are read with parseInt: "1.5" is 1, "1e3" is 1, "abc" and "" fall back to the default.',
    expectedChecks: ['pagination-invalid'],
    apply: (parts) =>
      rewriteQuery(parts, (query) => {
        for (const name of pagingNames(parts)) {
          const values = query.getAll(name);
          if (values.length === 0) continue;
          const read = Number.parseInt(values.at(-1)!, 10);
          query.delete(name);
          if (!Number.isNaN(read)) query.set(name, String(read));
        }
      }),
  },
  {
    name: 'list-newest-first',
    kind: 'fault',
    area: 'paging',
    description: 'GET /contacts lists the newest contacts first (createdAt descending).',
    expectedChecks: ['pagination-consistency'],
    apply: (parts) => listReordered(parts, (rows) => rows.reverse()),
  },
  {
    name: 'list-unstable-order',
    kind: 'fault',
    area: 'paging',
    description:
      'GET /contacts pages come from an order that changes between requests, so pages repeat and skip contacts.',
    expectedChecks: ['pagination-consistency'],
    apply: (parts) =>
      listReordered(parts, (rows) => {
        for (let i = rows.length - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1));
          [rows[i], rows[j]] = [rows[j]!, rows[i]!];
        }
        return rows;
      }),
  },
  {
    name: 'search-offset-ignored',
    kind: 'fault',
    area: 'paging',
    description: 'GET /contacts/search ignores offset: every page is the first one.',
    expectedChecks: ['search-pagination'],
    apply: (parts) => ({
      ...parts,
      store: {
        ...parts.store,
        search: (workspaceId, spec, page) => parts.store.search(workspaceId, spec, { ...page, offset: 0 }),
      },
    }),
  },
];
