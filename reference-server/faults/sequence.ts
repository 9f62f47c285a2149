/**
 * Sequence faults: bugs that no single request shows. Each needs an earlier
 * write (a stale index, a cache, an order that moves, a record a dry run
 * should not have touched, a replay after other writes) or data that
 * collides (case variants, tags inside tags, one ID under several systems,
 * contacts of one millisecond, values at the edges of a type). The
 * model-based check is the one expected to catch them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { CD_ID, CREATED_AT, CUSTOM_FIELDS, TAGS, UPDATED_AT } from '../contacts/model.js';
import { pathParam } from '../handlers/handler.js';
import type { Parts } from '../parts.js';
import { fieldValue } from '../store/query-model.js';
import { type ContactRow, type Index, parseRow } from '../store/storage.js';
import type { ContactRecord, CustomValue, OperationContext } from '../types.js';
import { type CatalogueEntry, conditionsEvaluated, WIDE } from './fault.js';

const MODEL = ['model-based'] as const;

/** Which handler a store call is made for, kept with the request's async context. */
interface Running {
  put: boolean;
  create: boolean;
  upsert: boolean;
  dryRun: boolean;
}

const IDLE: Running = { put: false, create: false, upsert: false, dryRun: false };

function tracked(parts: Parts): { parts: Parts; running: () => Running } {
  const context = new AsyncLocalStorage<Running>();
  const wrap = (id: string, state: (ctx: OperationContext) => Running) => {
    const handler = parts.handlers[id]!;
    return {
      ...handler,
      run: (ctx: OperationContext, current: Parts) => context.run(state(ctx), () => handler.run(ctx, current)),
    };
  };
  const handlers = {
    ...parts.handlers,
    updateContact: wrap('updateContact', (ctx) => ({ ...IDLE, put: true, dryRun: ctx.dryRun })),
    createContact: wrap('createContact', (ctx) => ({
      ...IDLE,
      create: true,
      upsert: ctx.params.get(parts.contract.names.query.upsertByExternalId) === true,
      dryRun: ctx.dryRun,
    })),
  };
  return { parts: { ...parts, handlers }, running: () => context.getStore() ?? IDLE };
}

/** Updates made while `when()` holds leave the `stale` indexes as they were before the update. */
function staleIndex(parts: Parts, stale: Index, when: (running: Running) => boolean): Parts {
  const { parts: p, running } = tracked(parts);
  return {
    ...p,
    store: {
      ...p.store,
      async update(record) {
        const before = when(running()) ? await p.store.findById(null, record.cdId) : undefined;
        await p.store.update(record);
        if (before?.id !== undefined) await p.store.reindex(before.id, before.doc, [stale]);
      },
    },
  };
}

/** The same contacts read in another order. */
const reordered = (parts: Parts, order: Parts['contract']['listOrder']) => parts.storage.contactsInOrder(order);

/** Custom number values as a 32-bit integer column would keep them. */
const int32 = (values: Record<string, CustomValue>): Record<string, CustomValue> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? v | 0 : v]));

/** SQLite's lower(): ASCII letters only. */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

const withInt32 = <T extends { doc: ContactRecord['doc'] }>(c: T): T => ({
  ...c,
  doc: { ...c.doc, [CUSTOM_FIELDS]: int32(c.doc[CUSTOM_FIELDS]) },
});

/** Rows of a store read, as records. */
const records = (rows: ContactRow[]) => rows.map(parseRow);

/** A dry-run upsert whose plan is `action` previews it, but applies it too: the no-write promise of D7 broken. */
function dryRunUpsertWrites(base: Parts, action: 'create' | 'update'): Parts {
  const { parts, running } = tracked(base);
  return {
    ...parts,
    writes: {
      ...parts.writes,
      async preview(plan, current) {
        if (running().upsert && plan.action === action) await current.writes.apply(plan, current);
        return parts.writes.preview(plan, current);
      },
    },
  };
}

export const SEQUENCE: readonly CatalogueEntry[] = [
  {
    name: 'search-stale-after-put',
    kind: 'fault',
    area: 'sequence',
    description:
      'A PUT updates the contact but not the search index: search keeps finding the old words and misses the new ones.',
    expectedChecks: MODEL,
    apply: (parts) => staleIndex(parts, 'search', (r) => r.put),
  },
  {
    name: 'search-stale-after-upsert',
    kind: 'fault',
    area: 'sequence',
    description: 'An upsert that updates its match leaves the search index with the words the contact had before.',
    expectedChecks: MODEL,
    apply: (parts) => staleIndex(parts, 'search', (r) => r.upsert),
  },
  {
    name: 'external-ids-stale-after-put',
    kind: 'fault',
    area: 'sequence',
    description:
      'A PUT stores merged external IDs in the contact but not in the lookup table: search by externalId and upsert still see the old IDs.',
    expectedChecks: MODEL,
    apply: (parts) => staleIndex(parts, 'externalIds', (r) => r.put),
  },
  {
    name: 'list-order-by-updated-at',
    kind: 'fault',
    area: 'sequence',
    description:
      'GET /contacts orders by updatedAt instead of createdAt: a contact moves to the end of the list when it is updated.',
    expectedChecks: MODEL,
    apply: (parts) => {
      const moved = reordered(parts, [
        { field: UPDATED_AT, direction: 'asc' },
        { field: CD_ID, direction: 'asc' },
      ]);
      return { ...parts, store: { ...parts.store, list: moved.list } };
    },
  },
  {
    name: 'same-millisecond-newest-first',
    kind: 'fault',
    area: 'sequence',
    description:
      'Contacts created in the same clock tick (the clock has 16 ms resolution, as some platforms do) come newest first (cdId descending) in every read, though D2 breaks ties by cdId ascending.',
    expectedChecks: MODEL,
    apply: (parts) => {
      const tied = reordered(parts, [
        { field: CREATED_AT, direction: 'asc' },
        { field: CD_ID, direction: 'desc' },
      ]);
      // A coarse clock makes the ties this order gets wrong common at any speed, not only when
      // creates happen to land in one millisecond.
      const now = () => Math.floor(parts.now() / 16) * 16;
      return { ...parts, now, store: { ...parts.store, list: tied.list, query: tied.query, search: tied.search } };
    },
  },
  {
    name: 'search-newest-first',
    kind: 'fault',
    area: 'sequence',
    description:
      'Search results come in reverse list order (the full-text index walked backwards), though D4 says list order.',
    expectedChecks: MODEL,
    apply: (parts) => ({
      ...parts,
      store: {
        ...parts.store,
        search: async (workspaceId, spec, page) =>
          (await parts.store.search(workspaceId, spec, WIDE)).reverse().slice(page.offset, page.offset + page.limit),
      },
    }),
  },
  {
    name: 'tags-contains-substring',
    kind: 'fault',
    area: 'sequence',
    description:
      'tags contains "vip" also matches a contact tagged only "vipx" or "xvip": a substring of a tag instead of the exact tag.',
    expectedChecks: MODEL,
    apply: (parts) =>
      conditionsEvaluated(
        parts,
        (c) => c.field === TAGS && c.op === 'contains',
        (record, c) => typeof c.value === 'string' && record.doc[TAGS].some((tag) => tag.includes(c.value as string)),
      ),
  },
  {
    name: 'undefined-slug-matches-nothing',
    kind: 'fault',
    area: 'sequence',
    description:
      'A query on a custom field the workspace does not define answers [] (or every contact) instead of 422 on conditions[i].field.',
    expectedChecks: MODEL,
    apply: (parts) => ({
      ...parts,
      handlers: { ...parts.handlers, queryContacts: { ...parts.handlers.queryContacts!, validate: undefined } },
    }),
  },
  {
    name: 'starts-with-folds-ascii-only',
    kind: 'fault',
    area: 'sequence',
    description:
      'startsWith folds case with SQLite\'s lower(), which knows only ASCII: "é" does not find "Élise", "ж" does not find "Жанна".',
    expectedChecks: MODEL,
    apply: (parts) =>
      conditionsEvaluated(
        parts,
        (c) => c.field !== TAGS && c.op === 'startsWith',
        (record, c) => {
          const value = fieldValue(record, c.field);
          return (
            typeof value === 'string' &&
            typeof c.value === 'string' &&
            asciiLower(value).startsWith(asciiLower(c.value))
          );
        },
      ),
  },
  {
    name: 'dry-run-upsert-applies',
    kind: 'fault',
    area: 'sequence',
    description:
      'A dry-run upsert that finds its match answers with the preview but applies the merge; later reads show it.',
    expectedChecks: MODEL,
    apply: (base) => dryRunUpsertWrites(base, 'update'),
  },
  {
    name: 'dry-run-upsert-creates',
    kind: 'fault',
    area: 'sequence',
    description:
      'A dry-run upsert that finds no match creates the contact anyway (the no-match branch forgets the dry run).',
    expectedChecks: MODEL,
    apply: (base) => dryRunUpsertWrites(base, 'create'),
  },
  {
    name: 'replay-after-write-conflicts',
    kind: 'fault',
    area: 'sequence',
    description:
      "A keyed PUT's fingerprint includes the contact's updatedAt: after any other write to the contact, resending it is 409 instead of a replay.",
    expectedChecks: MODEL,
    apply: (parts) => ({
      ...parts,
      idempotency: {
        ...parts.idempotency,
        async fingerprintOf(ctx) {
          const print = await parts.idempotency.fingerprintOf(ctx);
          if (ctx.operation.id !== 'updateContact' || !ctx.workspace) return print;
          const stored = await parts.store.findById(ctx.workspace.workspaceId, pathParam(ctx));
          return `${print}:${stored?.updatedAt ?? ''}`;
        },
      },
    }),
  },
  {
    name: 'count-stale-after-upsert',
    kind: 'fault',
    area: 'sequence',
    description:
      'countOnly answers come from a cache that creates and PUTs clear but upserts do not: the count misses what an upsert wrote.',
    expectedChecks: MODEL,
    apply: (base) => {
      const { parts, running } = tracked(base);
      const cache = new Map<string, number>();
      const forget = () => {
        if (!running().upsert) cache.clear();
      };
      return {
        ...parts,
        store: {
          ...parts.store,
          insert(contact) {
            forget();
            return parts.store.insert(contact);
          },
          update(record) {
            forget();
            return parts.store.update(record);
          },
          async count(workspaceId, conditions) {
            const key = JSON.stringify([workspaceId, conditions]);
            let n = cache.get(key);
            if (n === undefined) cache.set(key, (n = await parts.store.count(workspaceId, conditions)));
            return n;
          },
        },
      };
    },
  },
  {
    name: 'search-external-system-ignored',
    kind: 'fault',
    area: 'sequence',
    description: 'GET /contacts/search ignores externalSystem: externalId matches the ID under any system.',
    expectedChecks: MODEL,
    apply: (parts) => ({
      ...parts,
      store: {
        ...parts.store,
        search: (workspaceId, spec, page) =>
          parts.store.search(workspaceId, { ...spec, externalSystem: undefined }, page),
      },
    }),
  },
  {
    name: 'upsert-matches-any-system',
    kind: 'fault',
    area: 'sequence',
    description:
      'upsertByExternalId matches a contact holding the same ID value under another system, not only a shared (system, ID) entry.',
    expectedChecks: MODEL,
    apply: (parts) => ({
      ...parts,
      store: {
        ...parts.store,
        async findByExternalIds(workspaceId, entries) {
          const found = (
            await Promise.all(
              entries.map(([, value]) =>
                parts.store.search(workspaceId, { terms: [], externalId: value }, { limit: 1, offset: 0 }),
              ),
            )
          ).flatMap(records);
          return found.sort((a, b) =>
            a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.cdId < b.cdId ? -1 : 1,
          )[0];
        },
      },
    }),
  },
  {
    name: 'upsert-picks-newest',
    kind: 'fault',
    area: 'sequence',
    description:
      'When several contacts share an external-ID entry, upsert updates the newest of them instead of the oldest.',
    expectedChecks: MODEL,
    apply: (parts) => ({
      ...parts,
      store: {
        ...parts.store,
        async findByExternalIds(workspaceId, entries) {
          const found = (
            await Promise.all(
              entries.map(([system, value]) =>
                parts.store.search(workspaceId, { terms: [], externalId: value, externalSystem: system }, WIDE),
              ),
            )
          ).flatMap(records);
          return found.sort((a, b) =>
            a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.cdId < b.cdId ? 1 : -1,
          )[0];
        },
      },
    }),
  },
  {
    name: 'upsert-resets-created-at',
    kind: 'fault',
    area: 'sequence',
    description:
      'An upsert that matches replaces the row (INSERT OR REPLACE): the contact gets a new createdAt and moves to the end of the list.',
    expectedChecks: MODEL,
    apply: (base) => {
      const { parts, running } = tracked(base);
      return {
        ...parts,
        store: {
          ...parts.store,
          update: (record) =>
            parts.store.update(running().upsert ? { ...record, createdAt: record.updatedAt } : record),
        },
      };
    },
  },
  {
    name: 'custom-number-int32',
    kind: 'fault',
    area: 'sequence',
    description: 'Custom number fields are kept as 32-bit integers: 1.5 reads back as 1, 2147483648 as -2147483648.',
    expectedChecks: MODEL,
    apply: (parts) => ({
      ...parts,
      contacts: {
        ...parts.contacts,
        build: (fields, workspaceId, createdBy) => withInt32(parts.contacts.build(fields, workspaceId, createdBy)),
        merge: (record, fields, now) => withInt32(parts.contacts.merge(record, fields, now)),
      },
    }),
  },
];
