/**
 * The PostgreSQL schema, created or brought up to date at start-up inside one
 * transaction that holds an advisory lock, so processes starting at once on
 * one database take turns instead of racing on `CREATE ... IF NOT EXISTS`.
 * Every text that is ordered or compared is `COLLATE "C"`: bytewise, which in
 * UTF-8 is code-point order, as SQLite's BINARY order is.
 */
import type { PoolClient } from 'pg';

/** Each entry brings the schema from version i to i + 1; a released entry never changes. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS contacts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id text COLLATE "C" NOT NULL,
    cd_id        text COLLATE "C" NOT NULL UNIQUE,
    created_at   text COLLATE "C" NOT NULL,
    updated_at   text COLLATE "C" NOT NULL,
    created_by   text,
    -- The document as written (JSON text), spliced into every row read as it is.
    doc          text NOT NULL,
    -- The document as queried: its strings storable (text.ts), so U+0000 fits.
    q            jsonb NOT NULL,
    -- D3 contains/startsWith: q with every string folded as JavaScript folds it.
    folded       jsonb NOT NULL
  );
  -- D2: every list walks this index in (createdAt, cdId) order.
  CREATE INDEX IF NOT EXISTS contacts_in_order ON contacts (workspace_id, created_at, cd_id);
  -- D3: eq on a document field is containment, which this index serves for every field.
  CREATE INDEX IF NOT EXISTS contacts_by_value ON contacts USING gin (q jsonb_path_ops);

  -- D5/D6: one row per (contact, system); upsert and search look an id up by value.
  CREATE TABLE IF NOT EXISTS external_ids (
    contact_id bigint NOT NULL,
    system     text COLLATE "C" NOT NULL,
    value      text COLLATE "C" NOT NULL,
    PRIMARY KEY (contact_id, system)
  );
  CREATE INDEX IF NOT EXISTS external_ids_by_value ON external_ids (value, system);

  -- D3: tags contains and tags in look a tag up here.
  CREATE TABLE IF NOT EXISTS contact_tags (
    tag        text COLLATE "C" NOT NULL,
    contact_id bigint NOT NULL,
    PRIMARY KEY (tag, contact_id)
  );
  CREATE INDEX IF NOT EXISTS contact_tags_by_contact ON contact_tags (contact_id);

  -- D4: the distinct folded words of each contact's search text; a term is a range of words.
  CREATE TABLE IF NOT EXISTS contact_words (
    contact_id bigint NOT NULL,
    word       text COLLATE "C" NOT NULL,
    PRIMARY KEY (contact_id, word)
  );
  CREATE INDEX IF NOT EXISTS contact_words_by_word ON contact_words (word, contact_id);

  -- D8: one record per (workspace, method, path, key).
  CREATE TABLE IF NOT EXISTS idempotency (
    workspace_id text COLLATE "C" NOT NULL,
    method       text COLLATE "C" NOT NULL,
    path         text COLLATE "C" NOT NULL,
    key          text COLLATE "C" NOT NULL,
    fingerprint  text NOT NULL,
    status       integer NOT NULL,
    body         bytea NOT NULL,
    created_at   bigint NOT NULL,
    PRIMARY KEY (workspace_id, method, path, key)
  );
  CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Runs the migrations the database lacks, on `client`, holding the schema lock. */
export async function migrate(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('contactdrive schema', 0))");
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `postgres: the database has schema version ${current}, newer than this server's ${SCHEMA_VERSION}`,
      );
    }
    for (const migration of MIGRATIONS.slice(current)) await client.query(migration);
    if (rows.length === 0) await client.query('INSERT INTO schema_version (version) VALUES ($1)', [SCHEMA_VERSION]);
    else await client.query('UPDATE schema_version SET version = $1', [SCHEMA_VERSION]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
