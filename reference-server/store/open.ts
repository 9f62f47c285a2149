/**
 * Opens the store `--db` names: a `postgres://` (or `postgresql://`) URL is
 * PostgreSQL, anything else SQLite (`:memory:` or a file path). The PostgreSQL
 * driver loads only when a URL asks for it.
 */
import { createSqliteStorage } from './sqlite/index.js';
import type { Storage, StorageOptions } from './storage.js';

export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

export async function openStorage(db: string, options: StorageOptions): Promise<Storage> {
  if (!isPostgresUrl(db)) return createSqliteStorage(db, options);
  const { createPostgresStorage } = await import('./postgres/index.js');
  return createPostgresStorage(db, options);
}

/** The `--db` value as it may be shown: a URL's password replaced by `***`. */
export function describeDb(db: string): string {
  if (!isPostgresUrl(db)) return db === ':memory:' || db === '' ? 'SQLite in memory' : `SQLite file ${db}`;
  try {
    const url = new URL(db);
    if (url.password !== '') url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return 'PostgreSQL (a connection string that is not a URL)';
  }
}
