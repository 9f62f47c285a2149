/**
 * Opens the store `--db` names: a `postgres://` (or `postgresql://`) URL is
 * PostgreSQL, anything else SQLite (`:memory:` or a file path). The PostgreSQL
 * driver loads only when a URL asks for it.
 */
import { isPostgresUrl } from './database-url.js';
import { createSqliteStorage } from './sqlite/index.js';
import type { Storage, StorageOptions } from './storage.js';

export async function openStorage(db: string, options: StorageOptions): Promise<Storage> {
  if (!isPostgresUrl(db)) return createSqliteStorage(db, options);
  const { createPostgresStorage } = await import('./postgres/index.js');
  return createPostgresStorage(db, options);
}
