/**
 * The embedded store: one SQLite database (`:memory:` or a file), opened once.
 * Every statement is synchronous; reads and writes are ordered by the executor.
 */
import type { Storage, StorageOptions } from '../storage.js';
import { OPERATORS } from './conditions.js';
import { createSqliteContacts } from './contacts.js';
import { type Db, openDatabase } from './database.js';
import { createExecutor } from './executor.js';
import { createSqliteIdempotency } from './idempotency.js';

export interface SqliteStorage extends Storage {
  /** The connection, for maintenance and tests that inspect the file. */
  readonly db: Db;
}

export function createSqliteStorage(path: string, options: StorageOptions): SqliteStorage {
  const db = openDatabase(path);
  try {
    const idempotency = createSqliteIdempotency(db, options.now, options.retentionSeconds, {
      purgeIntervalMs: options.purgeIntervalMs,
    });
    const executor = createExecutor(db);
    return {
      kind: 'sqlite',
      queryOps: new Set(Object.keys(OPERATORS)),
      db,
      contacts: createSqliteContacts(db, options.searchText, options.listOrder),
      idempotency,
      contactsInOrder: (order) => createSqliteContacts(db, options.searchText, order),
      read: executor.read,
      write: executor.write,
      async close() {
        idempotency.close();
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

export { nativeLoadError } from './database.js';
