/**
 * The SQLite database: opened once, schema created at start. File databases
 * run in WAL mode with `synchronous = FULL`, so a commit is on disk before the
 * response that reports it leaves (a 201 is durable); see the README.
 */
import Database from 'better-sqlite3';
import { TAGS } from '../../contacts/model.js';
import { fold } from '../query-model.js';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS contacts (
  id           INTEGER PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  cd_id        TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  created_by   TEXT,
  doc          TEXT NOT NULL,
  -- The contact's place among its workspace's contacts in the order they were stored: 0, 1, 2, ...
  position     INTEGER
);
-- D2: lists and queries walk this index in (createdAt, cdId) order (a plain list page may start
-- from \`position\` instead, see addPositions).
CREATE INDEX IF NOT EXISTS contacts_in_order ON contacts (workspace_id, created_at, cd_id);
-- D3: \`email eq\` is a common way to find one contact.
CREATE INDEX IF NOT EXISTS contacts_by_email ON contacts (workspace_id, json_extract(doc, '$.email'));

-- D5/D6: one row per (contact, system); upsert and search look an id up by value.
CREATE TABLE IF NOT EXISTS external_ids (
  contact_id INTEGER NOT NULL,
  system     TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (contact_id, system)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS external_ids_by_value ON external_ids (value, system);

-- D3: \`tags contains\` and \`tags in\` look a tag up here instead of reading every contact's tags.
CREATE TABLE IF NOT EXISTS contact_tags (
  tag        TEXT NOT NULL,
  contact_id INTEGER NOT NULL,
  PRIMARY KEY (tag, contact_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS contact_tags_by_contact ON contact_tags (contact_id);

-- D4: word-prefix search. Contentless (the text lives in contacts.doc); rowid = contacts.id.
CREATE VIRTUAL TABLE IF NOT EXISTS contacts_fts USING fts5(
  body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);

-- Facts about the data the store keeps for itself (see contacts-store.ts).
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- D8: one record per (workspace, method, path, key).
CREATE TABLE IF NOT EXISTS idempotency (
  workspace_id TEXT NOT NULL,
  method       TEXT NOT NULL,
  path         TEXT NOT NULL,
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  status       INTEGER NOT NULL,
  body         BLOB NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, method, path, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_at);
`;

/** Case-insensitive matching for D3's `contains` and `startsWith`; a non-string never matches. */
function folded(match: (haystack: string, needle: string) => boolean) {
  return (haystack: unknown, needle: unknown): number =>
    typeof haystack === 'string' && typeof needle === 'string' && match(fold(haystack), needle) ? 1 : 0;
}

const REBUILD = 'run `npm rebuild better-sqlite3`';

/**
 * The one-line error for a better-sqlite3 whose native module does not load
 * (installed under another Node.js, another platform, or never built), or
 * undefined for any other error. better-sqlite3 loads the module when the
 * first database opens, so this is where it shows.
 */
export function nativeLoadError(error: unknown): Error | undefined {
  const { code, message = '' } = (error ?? {}) as { code?: unknown; message?: string };
  const versions = [...message.matchAll(/NODE_MODULE_VERSION (\d+)/g)].map((m) => m[1]);
  if (versions.length > 0) {
    const detail =
      versions.length > 1
        ? `built for NODE_MODULE_VERSION ${versions[0]}, this Node.js ${process.version} needs ${versions[1]}`
        : `NODE_MODULE_VERSION ${versions[0]}`;
    return new Error(`better-sqlite3 was built for another Node.js version (${detail}); ${REBUILD}`, { cause: error });
  }
  if (code === 'ERR_DLOPEN_FAILED' || /Could not locate the bindings file/.test(message)) {
    const first =
      message
        .split('\n')
        .find((line) => line.trim() !== '')
        ?.trim() ?? String(code);
    return new Error(`better-sqlite3's native module could not be loaded (${first}); ${REBUILD}`, { cause: error });
  }
  return undefined;
}

export function openDatabase(path: string): Db {
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw nativeLoadError(error) ?? error;
  }
  if (path !== ':memory:' && path !== '') {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    // Reads through a memory map skip a system call per page; writes still go through the WAL.
    db.pragma('mmap_size = 1073741824');
    db.pragma('cache_size = -32768');
  }
  db.function(
    'cd_contains',
    { deterministic: true },
    folded((h, n) => h.includes(n)),
  );
  db.function(
    'cd_starts_with',
    { deterministic: true },
    folded((h, n) => h.startsWith(n)),
  );
  db.exec(SCHEMA);
  indexTags(db);
  addPositions(db);
  return db;
}

/**
 * Contacts are never deleted, so a workspace's positions run 0 to n - 1: its size is the highest
 * one plus one, and while rows are stored in list order (see `createSqliteContacts`), the page at
 * offset k starts at position k. A database written before `position` existed gets it once, in
 * the order the rows were stored (by id).
 */
export const POSITION_INDEX = 'contacts_by_position';
/** A workspace's next position, one past its highest (bound: the workspace id). */
export const NEXT_POSITION = 'SELECT coalesce(max(position) + 1, 0) FROM contacts WHERE workspace_id = ?';

function addPositions(db: Db): void {
  const columns = db.prepare('PRAGMA table_info(contacts)').all() as Array<{ name: string }>;
  db.transaction(() => {
    if (!columns.some((column) => column.name === 'position')) {
      db.exec(`ALTER TABLE contacts ADD COLUMN position INTEGER;
        UPDATE contacts SET position = p.n FROM (SELECT id,
          row_number() OVER (PARTITION BY workspace_id ORDER BY id) - 1 AS n FROM contacts) p
        WHERE contacts.id = p.id`);
    }
    db.exec(`CREATE INDEX IF NOT EXISTS ${POSITION_INDEX} ON contacts (workspace_id, position)`);
  })();
}

const TAGS_INDEXED = 'tags_indexed';

/** A database written before `contact_tags` existed gets its rows once, from the stored documents. */
function indexTags(db: Db): void {
  const done = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(TAGS_INDEXED);
  if (done !== undefined) return;
  db.transaction(() => {
    db.exec(`INSERT OR IGNORE INTO contact_tags (tag, contact_id)
      SELECT t.value, c.id FROM contacts c, json_each(c.doc, '$.${TAGS}') t WHERE t.type = 'text'`);
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(TAGS_INDEXED, '1');
  })();
}
