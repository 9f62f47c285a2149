/**
 * Sequence faults: bugs that no single request shows. Each needs an earlier
 * write (a stale index, a cache, an order that moves, a record a dry run
 * should not have touched, a replay after other writes) or data that
 * collides (case variants, tags inside tags, one ID under several systems,
 * contacts of one millisecond, values at the edges of a type). The
 * model-based check is the one expected to catch them.
 */
import { CD_ID, CREATED_AT, CUSTOM_FIELDS, EXTERNAL_IDS, TAGS, UPDATED_AT } from '../contacts/model.js';
import { pathParam } from '../handlers/handler.js';
import type { Parts } from '../parts.js';
import { parseRow, createContactStore } from '../store/contacts-store.js';
import { and } from '../store/conditions.js';
import type { ContactRecord, CustomValue, OperationContext } from '../types.js';
import type { CatalogueEntry } from './fault.js';

const MODEL = ['model-based'] as const;
const WIDE = { limit: 1_000_000, offset: 0 };

/** Which handler is running: handlers are synchronous, so a flag set around `run` is exact. */
interface Running {
  put: boolean;
  create: boolean;
  upsert: boolean;
  dryRun: boolean;
}

function tracked(parts: Parts): { parts: Parts; running: Running } {
  const running: Running = { put: false, create: false, upsert: false, dryRun: false };
  const wrap = (id: string, set: (ctx: OperationContext, on: boolean) => void) => {
    const handler = parts.handlers[id]!;
    return {
      ...handler,
      run(ctx: OperationContext, current: Parts) {
        set(ctx, true);
        try {
          return handler.run(ctx, current);
        } finally {
          set(ctx, false);
        }
      },
    };
  };
  const handlers = {
    ...parts.handlers,
    updateContact: wrap('updateContact', (ctx, on) => {
      running.put = on;
      running.dryRun = on && ctx.dryRun;
    }),
    createContact: wrap('createContact', (ctx, on) => {
      running.create = on;
      running.upsert = on && ctx.params.get(parts.contract.names.query.upsertByExternalId) === true;
      running.dryRun = on && ctx.dryRun;
    }),
  };
  return { parts: { ...parts, handlers }, running };
}

/** The search index keeps the words the contact had before an update made while `when()` holds. */
function staleSearch(parts: Parts, when: (running: Running) => boolean): Parts {
  const { parts: p, running } = tracked(parts);
  const clear = parts.db.prepare('DELETE FROM contacts_fts WHERE rowid = ?');
  const insert = parts.db.prepare('INSERT INTO contacts_fts (rowid, body) VALUES (?, ?)');
  return {
    ...p,
    store: {
      ...p.store,
      update(record) {
        const before = when(running) ? p.store.findById(null, record.cdId) : undefined;
        p.store.update(record);
        if (before?.id === undefined) return;
        clear.run(before.id);
        insert.run(before.id, parts.contacts.searchText(before.doc));
      },
    },
  };
}

/** A second store over the same database that orders reads differently. */
function reordered(parts: Parts, order: Parts['contract']['listOrder']) {
  return createContactStore(parts.db, parts.contacts.searchText, order);
}

/** Custom number values as a 32-bit integer column would keep them. */
const int32 = (values: Record<string, CustomValue>): Record<string, CustomValue> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? v | 0 : v]));

const withInt32 = <T extends { doc: ContactRecord['doc'] }>(c: T): T => ({
  ...c,
  doc: { ...c.doc, [CUSTOM_FIELDS]: int32(c.doc[CUSTOM_FIELDS]) },
});

/** Rows of a store read, as records. */
const records = (rows: string[]) => rows.map(parseRow);

/** A dry-run upsert whose plan is `action` previews it, but applies it too: the no-write promise of D7 broken. */
function dryRunUpsertWrites(base: Parts, action: 'create' | 'update'): Parts {
  const { parts, running } = tracked(base);
  return {
    ...parts,
    writes: {
      ...parts.writes,
      preview(plan, current) {
        if (running.upsert && plan.action === action) current.writes.apply(plan, current);
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
    apply: (parts) => staleSearch(parts, (r) => r.put),
  },
  {
    name: 'search-stale-after-upsert',
    kind: 'fault',
    area: 'sequence',
    description: 'An upsert that updates its match leaves the search index with the words the contact had before.',
    expectedChecks: MODEL,
    apply: (parts) => staleSearch(parts, (r) => r.upsert),
  },
  {
    name: 'external-ids-stale-after-put',
    kind: 'fault',
    area: 'sequence',
    description:
      'A PUT stores merged external IDs in the contact but not in the lookup table: search by externalId and upsert still see the old IDs.',
    expectedChecks: MODEL,
    apply: (base) => {
      const { parts, running } = tracked(base);
      const clear = base.db.prepare('DELETE FROM external_ids WHERE contact_id = ?');
      const insert = base.db.prepare('INSERT INTO external_ids (contact_id, system, value) VALUES (?, ?, ?)');
      return {
        ...parts,
        store: {
          ...parts.store,
          update(record) {
            const before = running.put ? parts.store.findById(null, record.cdId) : undefined;
            parts.store.update(record);
            if (before?.id === undefined) return;
            clear.run(before.id);
            for (const [system, value] of Object.entries(before.doc[EXTERNAL_IDS]))
              insert.run(before.id, system, value);
          },
        },
      };
    },
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
      'Contacts created in the same millisecond come newest first (cdId descending) in every read, though D2 breaks ties by cdId ascending.',
    expectedChecks: MODEL,
    apply: (parts) => {
      const tied = reordered(parts, [
        { field: CREATED_AT, direction: 'asc' },
        { field: CD_ID, direction: 'desc' },
      ]);
      return { ...parts, store: { ...parts.store, list: tied.list, query: tied.query, search: tied.search } };
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
        search: (workspaceId, spec, page) =>
          parts.store
            .search(workspaceId, spec, WIDE)
            .reverse()
            .slice(page.offset, page.offset + page.limit),
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
    apply: (parts) => ({
      ...parts,
      operators: {
        ...parts.operators,
        contains: (target, value) =>
          target.kind === 'tags' && typeof value === 'string'
            ? { sql: `EXISTS (SELECT 1 FROM json_each(c.doc, '$.${TAGS}') WHERE instr(value, ?) > 0)`, params: [value] }
            : parts.operators.contains!(target, value),
      },
    }),
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
    apply: (parts) => ({
      ...parts,
      operators: {
        ...parts.operators,
        startsWith: (target, value) =>
          target.kind === 'scalar' && typeof value === 'string'
            ? and([
                { sql: `typeof(${target.expr.sql}) = 'text'`, params: [...target.expr.params] },
                {
                  sql: `substr(lower(${target.expr.sql}), 1, length(?)) = lower(?)`,
                  params: [...target.expr.params, value, value],
                },
              ])
            : parts.operators.startsWith!(target, value),
      },
    }),
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
        fingerprintOf(ctx) {
          const print = parts.idempotency.fingerprintOf(ctx);
          if (ctx.operation.id !== 'updateContact' || !ctx.workspace) return print;
          const stored = parts.store.findById(ctx.workspace.workspaceId, pathParam(ctx));
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
        if (!running.upsert) cache.clear();
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
            parts.store.update(record);
          },
          count(workspaceId, filter) {
            const key = JSON.stringify([workspaceId, filter.sql, filter.params]);
            let n = cache.get(key);
            if (n === undefined) cache.set(key, (n = parts.store.count(workspaceId, filter)));
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
        findByExternalIds(workspaceId, entries) {
          const found = entries.flatMap(([, value]) =>
            records(parts.store.search(workspaceId, { terms: [], externalId: value }, { limit: 1, offset: 0 })),
          );
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
        findByExternalIds(workspaceId, entries) {
          const found = entries.flatMap(([system, value]) =>
            records(parts.store.search(workspaceId, { terms: [], externalId: value, externalSystem: system }, WIDE)),
          );
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
      const move = base.db.prepare('UPDATE contacts SET created_at = ? WHERE id = ?');
      return {
        ...parts,
        store: {
          ...parts.store,
          update(record) {
            parts.store.update(record);
            if (running.upsert && record.id !== undefined) move.run(record.updatedAt, record.id);
          },
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
