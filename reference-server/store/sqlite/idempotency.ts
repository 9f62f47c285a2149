/**
 * D8: the idempotency store. Records live in SQLite, keyed by workspace, method,
 * path and key, and expire `idempotencyRetentionSeconds` after the original
 * request (by the injected clock). A key whose first request is still executing
 * is held in memory as in flight, so concurrent duplicates execute once.
 * Expired records are purged every `PURGE_EVERY` keyed writes and on a timer
 * (D16), so they go even when no new keyed writes come.
 */
import type { Db } from '../store/database.js';

export interface IdempotencyScope {
  workspaceId: string;
  method: string;
  path: string;
  key: string;
}

export type Lookup =
  { kind: 'miss' } | { kind: 'replay'; status: number; body: Buffer } | { kind: 'conflict' } | { kind: 'in-flight' };

export interface IdempotencyStore {
  lookup(scope: IdempotencyScope, fingerprint: string): Lookup;
  /** Marks the key in flight; `end` clears it, whatever the outcome. */
  begin(scope: IdempotencyScope): void;
  end(scope: IdempotencyScope): void;
  /** Stores a response; callers store 2xx responses only (D8). */
  save(scope: IdempotencyScope, fingerprint: string, response: { status: number; body: Buffer }): void;
  /** Deletes every expired record now. */
  purge(): void;
  /** Stops the purge timer; the database itself is closed by its owner. */
  close(): void;
}

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

export function createIdempotencyStore(
  db: Db,
  now: () => number,
  retentionSeconds: number,
  options: IdempotencyStoreOptions = {},
): IdempotencyStore {
  const retentionMs = retentionSeconds * 1000;
  const inFlight = new Set<string>();
  const id = (s: IdempotencyScope) => JSON.stringify([s.workspaceId, s.method, s.path, s.key]);
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

  return {
    lookup(scope, fingerprint) {
      if (inFlight.has(id(scope))) return { kind: 'in-flight' };
      const row = read.get(...args(scope)) as Row | undefined;
      if (!row) return { kind: 'miss' };
      if (now() - row.created_at >= retentionMs) {
        remove.run(...args(scope)); // expired: the key may be used afresh
        return { kind: 'miss' };
      }
      if (row.fingerprint !== fingerprint) return { kind: 'conflict' };
      return { kind: 'replay', status: row.status, body: Buffer.from(row.body) };
    },
    begin(scope) {
      inFlight.add(id(scope));
    },
    end(scope) {
      inFlight.delete(id(scope));
    },
    save(scope, fingerprint, response) {
      const at = now();
      write.run(...args(scope), fingerprint, response.status, response.body, at);
      if (++saves % PURGE_EVERY === 0) purgeOlder.run(at - retentionMs);
    },
    purge,
    close() {
      clearInterval(timer);
    },
  };
}
