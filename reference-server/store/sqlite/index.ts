/**
 * The embedded store: one SQLite database (`:memory:` or a file), opened once.
 * Every statement is synchronous; reads and writes are ordered by the executor.
 */
import type { Storage, StorageOptions } from '../storage.js';
import { OPERATORS } from './conditions.js';
import { createSqliteContacts } from './contacts.js';
import { openDatabase } from './database.js';
import { createExecutor } from './executor.js';
import { createSqliteIdempotency } from './idempotency.js';

export function createSqliteStorage(path: string, options: StorageOptions): Storage {
  const db = openDatabase(path);
  try {
    const idempotency = createSqliteIdempotency(db, options.now, options.retentionSeconds, {
      purgeIntervalMs: options.purgeIntervalMs,
    });
    const executor = createExecutor(db);
    return {
      kind: 'sqlite',
      queryOps: new Set(Object.keys(OPERATORS)),
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
