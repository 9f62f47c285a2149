/**
 * Contacts in PostgreSQL: the `contacts` rows (the document as written, as
 * queried and folded), their external IDs, tags and search words, kept in step
 * by insert and update, each in one statement. Reads are scoped to one
 * workspace (D12) and come in the list order given (D2).
 */
import type { OrderKey } from '../../../spec/index.js';
import { CD_ID, CREATED_AT, EXTERNAL_IDS, TAGS, UPDATED_AT } from '../../contacts/model.js';
import type { ContactDoc, ContactRecord } from '../../types.js';
import { type ContactRow, type ContactStore, type Index, INDEXES, parseRow } from '../storage.js';
import { compileConditions } from './conditions.js';
import { and, key, type Sql, sql, TRUE } from './sql.js';
import { foldedDoc, foldTerm, prefixEnd, queried, searchWords, storable } from './text.js';

/** Runs one statement on the current transaction's client, or the pool outside one. */
export type Run = (statement: Sql) => Promise<Array<Record<string, unknown>>>;

/** The row as a ContactRecord's JSON in `toRow`'s key order; `doc` is JSON text already, spliced in. */
const ROW_JSON = `'{"id":' || c.id || ',"workspaceId":' || to_json(c.workspace_id)::text
  || ',"cdId":' || to_json(c.cd_id)::text || ',"createdAt":' || to_json(c.created_at)::text
  || ',"updatedAt":' || to_json(c.updated_at)::text || ',"createdBy":' || coalesce(to_json(c.created_by)::text, 'null')
  || ',"doc":' || c.doc || '}'`;

/** The columns the store keeps outside the document, by contact field. */
const COLUMNS: Readonly<Record<string, string>> = {
  [CD_ID]: 'c.cd_id',
  [CREATED_AT]: 'c.created_at',
  [UPDATED_AT]: 'c.updated_at',
};

/**
 * D2: the order as an ORDER BY clause. A document field may be absent, which SQLite sorts first
 * ascending and last descending; PostgreSQL is told so. Columns are NOT NULL, and a NULLS clause
 * on them would keep the planner from walking `contacts_in_order`.
 */
export function orderBy(order: readonly OrderKey[]): string {
  const keys = order.map(({ field, direction }) => {
    const desc = direction === 'desc';
    if (Object.hasOwn(COLUMNS, field)) return `${COLUMNS[field]}${desc ? ' DESC' : ''}`;
    return `(c.q ->> ${key(field)}) COLLATE "C"${desc ? ' DESC NULLS LAST' : ' NULLS FIRST'}`;
  });
  return `ORDER BY ${keys.join(', ')}`;
}

interface Lookups {
  systems: string[];
  values: string[];
  tags: string[];
  words: string[];
}

function lookups(doc: ContactDoc, searchText: (doc: ContactDoc) => string): Lookups {
  const entries = Object.entries(doc[EXTERNAL_IDS] ?? {});
  return {
    systems: entries.map(([system]) => system),
    values: entries.map(([, value]) => storable(value)),
    tags: [...new Set((doc[TAGS] ?? []).map(storable))],
    words: searchWords(searchText(doc)),
  };
}

/**
 * Statements (as `WITH` parts) that make contact `id`'s lookup rows those of `next`: rows no longer
 * there go, new ones come. The two touch different rows, so they can share one statement.
 */
function rewrite(id: number, next: Lookups, indexes: readonly Index[]): Sql[] {
  const parts: Sql[] = [];
  if (indexes.includes('externalIds')) {
    parts.push(
      sql('DELETE FROM external_ids WHERE contact_id = ?::bigint AND NOT (system = ANY(?::text[]))', id, next.systems),
      sql(
        `INSERT INTO external_ids (contact_id, system, value) SELECT ?::bigint, x.system, x.value
         FROM unnest(?::text[], ?::text[]) AS x(system, value)
         ON CONFLICT (contact_id, system) DO UPDATE SET value = EXCLUDED.value`,
        id,
        next.systems,
        next.values,
      ),
    );
  }
  if (indexes.includes('tags')) {
    parts.push(
      sql('DELETE FROM contact_tags WHERE contact_id = ?::bigint AND NOT (tag = ANY(?::text[]))', id, next.tags),
      sql(
        `INSERT INTO contact_tags (tag, contact_id) SELECT x.tag, ?::bigint FROM unnest(?::text[]) AS x(tag)
         ON CONFLICT DO NOTHING`,
        id,
        next.tags,
      ),
    );
  }
  if (indexes.includes('search')) {
    parts.push(
      sql('DELETE FROM contact_words WHERE contact_id = ?::bigint AND NOT (word = ANY(?::text[]))', id, next.words),
      sql(
        `INSERT INTO contact_words (contact_id, word) SELECT ?::bigint, x.word FROM unnest(?::text[]) AS x(word)
         ON CONFLICT DO NOTHING`,
        id,
        next.words,
      ),
    );
  }
  return parts;
}

/** One statement of data-modifying `WITH` parts and a final query (they all run, in one snapshot). */
function withParts(parts: Sql[], final: Sql): Sql {
  if (parts.length === 0) return final;
  const heads = parts.map((part, i) => ({ sql: `w${i} AS (${part.sql})`, params: part.params }));
  return {
    sql: `WITH ${heads.map((h) => h.sql).join(', ')} ${final.sql}`,
    params: [...heads.flatMap((h) => h.params), ...final.params],
  };
}

/**
 * D4: writes sent at once behave as if sent one after another. A write reads a contact to merge
 * into it (PUT, upsert), so inside a write the contact read is locked (`FOR UPDATE`) until the write
 * ends, and an upsert's lookup first takes a lock on each external-ID entry it looks for, so two
 * upserts sharing an entry run in turn and the second finds what the first created. Entries are
 * locked in one order (by hash), so no two writes wait on each other's.
 */
const ENTRY_LOCKS = `SELECT pg_advisory_xact_lock(h)
  FROM (SELECT DISTINCT hashtextextended(e, 1) AS h FROM unnest(?::text[]) AS e ORDER BY h) AS entries`;

export function createContactStore(
  run: Run,
  searchText: (doc: ContactDoc) => string,
  listOrder: readonly OrderKey[],
  inWrite: () => boolean,
): ContactStore {
  const ORDER = orderBy(listOrder);
  // What the row and the order read; the wide query copies (q, folded) stay behind unless ordered by.
  const PAGE_COLUMNS = `c.id, c.workspace_id, c.cd_id, c.created_at, c.updated_at, c.created_by, c.doc${
    listOrder.some(({ field }) => !Object.hasOwn(COLUMNS, field)) ? ', c.q' : ''
  }`;
  const scope = (workspaceId: string | null): Sql =>
    workspaceId === null ? TRUE : sql('c.workspace_id = ?', workspaceId);
  // The page is chosen first and only its rows are turned into JSON: PostgreSQL computes a
  // SELECT list before it sorts and skips, which an OFFSET deep into a list made costly.
  const select = async (where: Sql, page: { limit: number; offset: number }, lock = false): Promise<ContactRow[]> => {
    const rows = await run({
      sql: `SELECT ${ROW_JSON} AS row FROM (SELECT ${PAGE_COLUMNS} FROM contacts c WHERE ${where.sql} ${ORDER}
        LIMIT ?::bigint OFFSET ?::bigint${lock ? ' FOR UPDATE OF c' : ''}) AS c ${ORDER}`,
      params: [...where.params, page.limit, page.offset],
    });
    return rows.map((r) => r.row as ContactRow);
  };
  /** The first match; inside a write, locked until the write ends. */
  const first = async (where: Sql): Promise<ContactRecord | undefined> => {
    const [row] = await select(where, { limit: 1, offset: 0 }, inWrite());
    return row === undefined ? undefined : parseRow(row);
  };
  const documents = (doc: ContactDoc) => [JSON.stringify(doc), queried(doc), foldedDoc(doc)];

  return {
    async insert(contact) {
      const { systems, values, tags, words } = lookups(contact.doc, searchText);
      const [row] = await run(
        sql(
          `WITH c AS (
            INSERT INTO contacts (workspace_id, cd_id, created_at, updated_at, created_by, doc, q, folded)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) RETURNING id
          ), e AS (
            INSERT INTO external_ids (contact_id, system, value)
            SELECT c.id, x.system, x.value FROM c, unnest(?::text[], ?::text[]) AS x(system, value)
          ), t AS (
            INSERT INTO contact_tags (tag, contact_id) SELECT x.tag, c.id FROM c, unnest(?::text[]) AS x(tag)
          ), w AS (
            INSERT INTO contact_words (contact_id, word) SELECT c.id, x.word FROM c, unnest(?::text[]) AS x(word)
          )
          SELECT id FROM c`,
          contact.workspaceId,
          contact.cdId,
          contact.createdAt,
          contact.updatedAt,
          contact.createdBy,
          ...documents(contact.doc),
          systems,
          values,
          tags,
          words,
        ),
      );
      return { ...contact, id: Number(row!.id) };
    },
    async update(record) {
      if (record.id === undefined) throw new Error('store: update of a contact never stored');
      const set = sql(
        'UPDATE contacts SET created_at = ?, updated_at = ?, doc = ?, q = ?::jsonb, folded = ?::jsonb WHERE id = ?::bigint',
        record.createdAt,
        record.updatedAt,
        ...documents(record.doc),
        record.id,
      );
      await run(withParts([set, ...rewrite(record.id, lookups(record.doc, searchText), INDEXES)], sql('SELECT 1')));
    },
    async reindex(id, doc, indexes) {
      await run(withParts(rewrite(id, lookups(doc, searchText), indexes), sql('SELECT 1')));
    },
    findById(workspaceId, cdId) {
      return first(and([scope(workspaceId), sql('c.cd_id = ?', cdId)]));
    },
    async findByExternalIds(workspaceId, entries) {
      if (entries.length === 0) return undefined;
      if (inWrite()) {
        await run(
          sql(
            ENTRY_LOCKS,
            entries.map(([system, value]) => JSON.stringify([workspaceId, system, value])),
          ),
        );
      }
      const shared = sql(
        `c.id IN (SELECT e.contact_id FROM external_ids e JOIN unnest(?::text[], ?::text[]) AS x(system, value)
          ON e.value = x.value AND e.system = x.system)`,
        entries.map(([system]) => system),
        entries.map(([, value]) => storable(value)),
      );
      return first(and([scope(workspaceId), shared]));
    },
    list(workspaceId, page) {
      return select(scope(workspaceId), page);
    },
    query(workspaceId, conditions, page) {
      return select(and([scope(workspaceId), compileConditions(conditions)]), page);
    },
    async count(workspaceId, conditions) {
      const where = and([scope(workspaceId), compileConditions(conditions)]);
      const [row] = await run({ sql: `SELECT count(*) AS n FROM contacts c WHERE ${where.sql}`, params: where.params });
      return Number(row!.n);
    },
    search(workspaceId, spec, page) {
      const parts: Sql[] = [scope(workspaceId)];
      if (spec.externalId !== undefined) {
        parts.push(
          spec.externalSystem === undefined
            ? sql('c.id IN (SELECT contact_id FROM external_ids WHERE value = ?)', storable(spec.externalId))
            : sql(
                'c.id IN (SELECT contact_id FROM external_ids WHERE value = ? AND system = ?)',
                storable(spec.externalId),
                spec.externalSystem,
              ),
        );
      }
      for (const term of spec.terms) {
        // D4: a word-prefix term is the range of words that start with it.
        const low = foldTerm(term);
        const high = prefixEnd(low);
        parts.push(
          high === undefined
            ? sql('c.id IN (SELECT contact_id FROM contact_words WHERE word >= ?)', low)
            : sql('c.id IN (SELECT contact_id FROM contact_words WHERE word >= ? AND word < ?)', low, high),
        );
      }
      return select(and(parts), page);
    },
  };
}
