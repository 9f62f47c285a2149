/**
 * Contacts in SQLite: the `contacts` rows (the fields as a JSON document), their
 * external IDs, tags and the full-text index, kept in step by insert and update.
 * Every read is scoped to one workspace (D12) and comes in the list order (D2).
 * A `null` workspace means every workspace, for maintenance reads only. The
 * statements are synchronous; the interface's promises are already settled.
 */
import type { OrderKey } from '../../../spec/index.js';
import { CD_ID, CREATED_AT, EXTERNAL_IDS, TAGS, UPDATED_AT } from '../../contacts/model.js';
import type { ContactDoc, ContactRecord, Page, SearchSpec } from '../../types.js';
import type { Statement } from 'better-sqlite3';
import { type ContactRow, type ContactStore, INDEXES, parseRow } from '../storage.js';
import { type Db, NEXT_POSITION } from './database.js';
import { and, compileConditions, OPERATORS, type Sql, sqliteOperators, type TagPlan, TRUE } from './conditions.js';

/** Every row starts with its id (see `rowId`). */
const ID_START = '{"id":';

/**
 * The row as a ContactRecord's JSON (the record's own keys, not the contract's); `doc` is stored
 * JSON already, so it is spliced in as it is.
 */
const ROW_JSON = `'${ID_START}' || c.id || ',"workspaceId":' || json_quote(c.workspace_id) || ',"cdId":' || json_quote(c.cd_id)
  || ',"createdAt":' || json_quote(c.created_at) || ',"updatedAt":' || json_quote(c.updated_at)
  || ',"createdBy":' || json_quote(c.created_by) || ',"doc":' || c.doc || '}'`;
/** The columns the store keeps outside the JSON document, by contact field. */
const COLUMNS: Readonly<Record<string, string>> = {
  [CD_ID]: 'c.cd_id',
  [CREATED_AT]: 'c.created_at',
  [UPDATED_AT]: 'c.updated_at',
};

/** D2: the spec's `x-list-order` as an ORDER BY clause; field names were checked against the schema at load. */
export function orderBy(order: readonly OrderKey[]): string {
  const keys = order.map(({ field, direction }) => {
    const column = Object.hasOwn(COLUMNS, field) ? COLUMNS[field] : `json_extract(c.doc, '$.${field}')`;
    return `${column}${direction === 'desc' ? ' DESC' : ''}`;
  });
  return `ORDER BY ${keys.join(', ')}`;
}

/**
 * A parameter the planner may read the value of makes SQLite re-prepare the statement whenever it
 * is bound, that is on every run: a LIMIT or OFFSET, and (once ANALYZE has left STAT4 samples) one
 * compared with the first columns of an index. The same parameter written `+?` is an expression the
 * planner does not look into; the plan is the same (the index still serves `column = +?`), and the
 * run skips the re-parse, which cost more than the read of a ten-row page.
 */
const PARAM = '+?';
const PAGE = `LIMIT ${PARAM} OFFSET ${PARAM}`;

/** True when the order is the one rows are inserted in (createdAt from the clock, then the monotonic cdId). */
const insertionOrdered = (order: readonly OrderKey[]): boolean =>
  order.length === 2 && order.every((key, i) => key.direction === 'asc' && key.field === [CREATED_AT, CD_ID][i]);

/** D4: each term is a word prefix; terms hold only letters and digits, quoted all the same. */
export function ftsQuery(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replace(/"/g, '""')}"*`).join(' ');
}

/**
 * The plan for a page of a query with conditions on tags (see `TagPlan`). Say `h` contacts of `n`
 * hold the tags, the query's other conditions keep a share `s` of them, and the page ends `k` =
 * offset + limit matches in. Driving from the tag index reads about `h` contacts; probing walks
 * about `k * n / (h * s)` of the list before the page is full. The store keeps no statistics for
 * `s`, so it takes one in ten (`OTHERS`): probing wins when `h * h > k * n / OTHERS`. The tags'
 * entries are counted only up to that bound, which keeps the choice itself cheap. `n` is the
 * highest row id, the contacts ever stored in any workspace (the tag index spans workspaces too).
 * Both plans give the same rows; only the time differs.
 */
const OTHERS = 0.1;
export function tagPlanner(db: Db): (page: Page) => TagPlan {
  const held = db
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM contact_tags WHERE tag = ${PARAM} LIMIT ${PARAM})`)
    .pluck();
  const rows = db.prepare('SELECT coalesce(max(id), 0) FROM contacts').pluck();
  return (page) => (tags) => {
    const n = rows.get() as number;
    const enough = Math.ceil(Math.sqrt(((page.offset + page.limit) * n) / OTHERS));
    let h = 0;
    for (const tag of tags) {
      h += held.get(tag, enough - h) as number;
      if (h >= enough) return 'probe';
    }
    return 'drive';
  };
}

export interface SqliteContactsOptions {
  /** One plan for every query on tags instead of the planner's choice (for tests). */
  tagPlan?: 'drive' | 'probe';
}

export function createSqliteContacts(
  db: Db,
  searchText: (doc: ContactDoc) => string,
  listOrder: readonly OrderKey[],
  options: SqliteContactsOptions = {},
): ContactStore {
  const ORDER = orderBy(listOrder);
  const statements = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size > 500) statements.clear(); // queries vary; keep the cache bounded
      statement = db.prepare<unknown[]>(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const scope = (workspaceId: string | null): Sql =>
    workspaceId === null ? TRUE : { sql: `c.workspace_id = ${PARAM}`, params: [workspaceId] };
  const select = (where: Sql, page: Page): ContactRow[] =>
    prepared(`SELECT ${ROW_JSON} FROM contacts c WHERE ${where.sql} ${ORDER} ${PAGE}`)
      .pluck()
      .all(...where.params, page.limit, page.offset) as ContactRow[];
  const first = (where: Sql): ContactRecord | undefined => {
    const [row] = select(where, { limit: 1, offset: 0 });
    return row === undefined ? undefined : parseRow(row);
  };

  const insertRow = db.prepare(
    `INSERT INTO contacts (workspace_id, position, cd_id, created_at, updated_at, created_by, doc)
    VALUES (?, (${NEXT_POSITION}), ?, ?, ?, ?, ?)`,
  );
  const updateRow = db.prepare('UPDATE contacts SET created_at = ?, updated_at = ?, doc = ? WHERE id = ?');
  const createdAtOf = db.prepare('SELECT created_at FROM contacts WHERE id = ?').pluck();
  // Positions run 0 to n - 1 in each workspace (see addPositions in database.ts): the next is the size.
  const size = db.prepare(NEXT_POSITION).pluck();
  const fromPosition = db
    .prepare(
      `SELECT ${ROW_JSON} FROM contacts c WHERE c.workspace_id = ? AND c.position >= ? ORDER BY c.position LIMIT ?`,
    )
    .pluck();
  const insertExternal = db.prepare('INSERT INTO external_ids (contact_id, system, value) VALUES (?, ?, ?)');
  const clearExternal = db.prepare('DELETE FROM external_ids WHERE contact_id = ?');
  const insertTag = db.prepare('INSERT OR IGNORE INTO contact_tags (tag, contact_id) VALUES (?, ?)');
  const clearTags = db.prepare('DELETE FROM contact_tags WHERE contact_id = ?');
  const insertText = db.prepare('INSERT INTO contacts_fts (rowid, body) VALUES (?, ?)');
  const clearText = db.prepare('DELETE FROM contacts_fts WHERE rowid = ?');

  /** Writes a row's index entries; `fresh` for a row just inserted, which has none to clear. */
  const index = (id: number, doc: ContactDoc, indexes = INDEXES, fresh = false) => {
    if (indexes.includes('externalIds')) {
      if (!fresh) clearExternal.run(id);
      for (const [system, value] of Object.entries(doc[EXTERNAL_IDS])) insertExternal.run(id, system, value);
    }
    if (indexes.includes('tags')) {
      if (!fresh) clearTags.run(id);
      for (const tag of doc[TAGS] ?? []) insertTag.run(tag, id);
    }
    if (indexes.includes('search')) {
      if (!fresh) clearText.run(id);
      insertText.run(id, searchText(doc));
    }
  };

  // Rows are normally inserted in list order (createdAt from the clock, monotonic ids), and then
  // a full-text match can walk the index in rowid order and stop after one page instead of
  // sorting every match, and a list page at offset k starts at position k instead of skipping k
  // index entries. The store tracks whether that still holds; one row inserted out of order
  // (fixtures added later, a clock set back) or moved by an update switches both back, for good.
  const ordered = trackInsertOrder(db);
  const inStoredOrder = () => ordered.holds() && insertionOrdered(listOrder);
  const page = (workspaceId: string | null, p: Page): ContactRow[] =>
    workspaceId !== null && inStoredOrder()
      ? (fromPosition.all(workspaceId, p.offset, p.limit) as ContactRow[])
      : select(scope(workspaceId), p);

  const count = (where: Sql): number =>
    prepared(`SELECT count(*) FROM contacts c WHERE ${where.sql}`)
      .pluck()
      .get(...where.params) as number;
  type Conditions = Parameters<ContactStore['query']>[1];
  // A count reads every match and needs no order: it always drives from the tag index.
  const filter = (conditions: Conditions) => compileConditions(conditions, OPERATORS);
  const { tagPlan } = options;
  const plan = tagPlan === undefined ? tagPlanner(db) : () => () => tagPlan;
  const pageFilter = (conditions: Conditions, page: Page) => compileConditions(conditions, sqliteOperators(plan(page)));
  const search = (workspaceId: string | null, spec: SearchSpec, page: Page): ContactRow[] => {
    const parts: Sql[] = [scope(workspaceId)];
    if (spec.externalId !== undefined) {
      parts.push(
        spec.externalSystem === undefined
          ? { sql: `c.id IN (SELECT contact_id FROM external_ids WHERE value = ${PARAM})`, params: [spec.externalId] }
          : {
              sql: `c.id IN (SELECT contact_id FROM external_ids WHERE value = ${PARAM} AND system = ${PARAM})`,
              params: [spec.externalId, spec.externalSystem],
            },
      );
    }
    if (spec.terms.length === 0) return select(and(parts), page);
    const match = ftsQuery(spec.terms);
    if (!inStoredOrder()) {
      return select(
        and([
          ...parts,
          { sql: 'c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)', params: [match] },
        ]),
        page,
      );
    }
    // Rowid order is list order: let the full-text index drive, in rowid order, one page deep.
    const where = and(parts);
    return prepared(`SELECT ${ROW_JSON} FROM contacts_fts f CROSS JOIN contacts c ON c.id = f.rowid
      WHERE contacts_fts MATCH ? AND ${where.sql} ORDER BY f.rowid ${PAGE}`)
      .pluck()
      .all(match, ...where.params, page.limit, page.offset) as ContactRow[];
  };
  const findByExternalIds = (workspaceId: string | null, entries: ReadonlyArray<readonly [string, string]>) => {
    if (entries.length === 0) return undefined;
    const matches = entries
      .map(() => `SELECT contact_id FROM external_ids WHERE value = ${PARAM} AND system = ${PARAM}`)
      .join(' UNION ');
    const shared: Sql = { sql: `c.id IN (${matches})`, params: entries.flatMap(([system, value]) => [value, system]) };
    return first(and([scope(workspaceId), shared]));
  };

  return {
    async insert(contact) {
      ordered.note(contact.createdAt, contact.cdId);
      const { lastInsertRowid } = insertRow.run(
        contact.workspaceId,
        contact.workspaceId,
        contact.cdId,
        contact.createdAt,
        contact.updatedAt,
        contact.createdBy,
        JSON.stringify(contact.doc),
      );
      const id = Number(lastInsertRowid);
      index(id, contact.doc, INDEXES, true);
      return { ...contact, id };
    },
    async update(record) {
      if (record.id === undefined) throw new Error('store: update of a contact never stored');
      if (ordered.holds() && createdAtOf.get(record.id) !== record.createdAt) ordered.broken();
      updateRow.run(record.createdAt, record.updatedAt, JSON.stringify(record.doc), record.id);
      index(record.id, record.doc);
    },
    async reindex(id, doc, indexes) {
      index(id, doc, indexes);
    },
    async findById(workspaceId, cdId) {
      return first(and([scope(workspaceId), { sql: `c.cd_id = ${PARAM}`, params: [cdId] }]));
    },
    async findByExternalIds(workspaceId, entries) {
      return findByExternalIds(workspaceId, entries);
    },
    async list(workspaceId, p) {
      return page(workspaceId, p);
    },
    async query(workspaceId, conditions, p) {
      if (conditions.length === 0) return page(workspaceId, p);
      return select(and([scope(workspaceId), pageFilter(conditions, p)]), p);
    },
    async count(workspaceId, conditions) {
      if (conditions.length === 0 && workspaceId !== null) return size.get(workspaceId) as number;
      return count(and([scope(workspaceId), filter(conditions)]));
    },
    async search(workspaceId, spec, page) {
      return search(workspaceId, spec, page);
    },
  };
}

const IN_ORDER = 'rows_in_list_order';

interface InsertOrder {
  holds(): boolean;
  note(createdAt: string, cdId: string): void;
  broken(): void;
}
/** One tracker per database, shared by every store over it (a fault's second list order too). */
const trackers = new WeakMap<Db, InsertOrder>();

/** Whether every row so far was inserted after all earlier ones in list order (createdAt, cdId). */
function trackInsertOrder(db: Db): InsertOrder {
  let tracker = trackers.get(db);
  if (!tracker) trackers.set(db, (tracker = newTracker(db)));
  return tracker;
}

function newTracker(db: Db): InsertOrder {
  const read = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const write = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  let holds = read.get(IN_ORDER) as string | undefined;
  if (holds === undefined) {
    // A database without the fact yet: check every neighbouring pair once.
    const broken = db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM (SELECT created_at, cd_id,
      lag(created_at) OVER w AS before_at, lag(cd_id) OVER w AS before_id FROM contacts WINDOW w AS (ORDER BY id))
      WHERE before_at > created_at OR (before_at = created_at AND before_id >= cd_id))`,
      )
      .pluck()
      .get() as number;
    holds = broken ? '0' : '1';
    write.run(IN_ORDER, holds);
  }
  let last = db.prepare('SELECT created_at AS at, cd_id AS id FROM contacts ORDER BY id DESC LIMIT 1').get() as
    | { at: string; id: string }
    | undefined;
  const broken = () => {
    holds = '0';
    write.run(IN_ORDER, holds);
  };
  return {
    holds: () => holds === '1',
    note(createdAt, cdId) {
      if (holds === '1' && last && (createdAt < last.at || (createdAt === last.at && cdId <= last.id))) broken();
      last = { at: createdAt, id: cdId };
    },
    broken,
  };
}
