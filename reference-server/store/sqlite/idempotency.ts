/**
 * D8: idempotency records in SQLite, keyed by workspace, method, path and key,
 * expiring `retentionSeconds` after the original request (by the injected
 * clock). Writes run one after another on the one connection (`executor.ts`),
 * so a claim needs no lock: the record a duplicate would have to wait for is
 * either committed or saved earlier in the same transaction, and `claim` reads
 * it. Expired records are purged every `PURGE_EVERY` saves and on a timer
 * (D16), so they go even when no new keyed writes come.
 */
import type { Claim, IdempotencyRecords, IdempotencyScope, Lookup } from '../storage.js';
import type { Db } from './database.js';

export interface IdempotencyStoreOptions {
  /** How often expired records are purged, in ms (default `PURGE_INTERVAL_MS`). */
  purgeIntervalMs?: number;
}

interface Row {
  fingerprint: string;
  status: number;
  body: Buffer;
  created_at: number;
}

const PURGE_EVERY = 256;
export const PURGE_INTERVAL_MS = 60_000;

export function createSqliteIdempotency(
  db: Db,
  now: () => number,
  retentionSeconds: number,
  options: IdempotencyStoreOptions = {},
): IdempotencyRecords & { close(): void } {
  const retentionMs = retentionSeconds * 1000;
  const where = 'workspace_id = ? AND method = ? AND path = ? AND key = ?';
  const args = (s: IdempotencyScope) => [s.workspaceId, s.method, s.path, s.key];
  const read = db.prepare(`SELECT fingerprint, status, body, created_at FROM idempotency WHERE ${where}`);
  const remove = db.prepare(`DELETE FROM idempotency WHERE ${where}`);
  const write = db.prepare(
    'INSERT OR REPLACE INTO idempotency (workspace_id, method, path, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const purgeOlder = db.prepare('DELETE FROM idempotency WHERE created_at <= ?');
  const purge = () => void purgeOlder.run(now() - retentionMs);
  let saves = 0;
  // Unref'd: the timer alone never keeps a process alive. A database closed
  // without close() being called stops it too, rather than throwing in a timer.
  const timer = setInterval(() => {
    if (db.open) purge();
    else clearInterval(timer);
  }, options.purgeIntervalMs ?? PURGE_INTERVAL_MS);
  timer.unref();

  const lookup = (scope: IdempotencyScope, fingerprint: string): Lookup => {
    const row = read.get(...args(scope)) as Row | undefined;
    if (!row) return { kind: 'miss' };
    if (now() - row.created_at >= retentionMs) {
      remove.run(...args(scope)); // expired: the key may be used afresh
      return { kind: 'miss' };
    }
    if (row.fingerprint !== fingerprint) return { kind: 'conflict' };
    return { kind: 'replay', status: row.status, body: Buffer.from(row.body) };
  };

  return {
    async lookup(scope, fingerprint) {
      return lookup(scope, fingerprint);
    },
    async claim(scope, fingerprint): Promise<Claim> {
      const found = lookup(scope, fingerprint);
      return found.kind === 'miss' ? { kind: 'claimed' } : found;
    },
    async save(scope, fingerprint, response) {
      const at = now();
      write.run(...args(scope), fingerprint, response.status, response.body, at);
      if (++saves % PURGE_EVERY === 0) purgeOlder.run(at - retentionMs);
    },
    async purge() {
      purge();
    },
    close() {
      clearInterval(timer);
    },
  };
}
