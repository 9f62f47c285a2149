/**
 * D8/D16: idempotency records in PostgreSQL. A claim takes a transaction-level
 * advisory lock on the scope's 64-bit hash, so one execution holds a key across
 * every process sharing the database until its write commits or rolls back;
 * the record it saves commits with that write. Expiry is by the injected clock.
 */
import type { Claim, IdempotencyRecords, IdempotencyScope, Lookup } from '../storage.js';
import { type Sql, sql } from './sql.js';
import { storable } from './text.js';
import type { Run } from './contacts.js';

const PURGE_EVERY = 256;
export const PURGE_INTERVAL_MS = 60_000;

interface Row {
  fingerprint: string;
  status: number;
  body: Buffer;
  created_at: string;
}

export interface IdempotencyOptions {
  now: () => number;
  retentionSeconds: number;
  /** Whether a transaction (`storage.write`) is running on this call's async path. */
  inWrite: () => boolean;
}

export function createIdempotencyRecords(run: Run, options: IdempotencyOptions): IdempotencyRecords {
  const { now, inWrite } = options;
  const retentionMs = options.retentionSeconds * 1000;
  const args = (s: IdempotencyScope) => [s.workspaceId, s.method, storable(s.path), storable(s.key)];
  const WHERE = 'workspace_id = ? AND method = ? AND path = ? AND key = ?';
  const read = async (scope: IdempotencyScope): Promise<Row | undefined> => {
    const rows = await run({
      sql: `SELECT fingerprint, status, body, created_at FROM idempotency WHERE ${WHERE}`,
      params: args(scope),
    });
    return rows[0] as unknown as Row | undefined;
  };
  const expired = (row: Row) => now() - Number(row.created_at) >= retentionMs;
  const judge = (row: Row, fingerprint: string): Exclude<Lookup, { kind: 'miss' }> =>
    row.fingerprint === fingerprint
      ? { kind: 'replay', status: row.status, body: Buffer.from(row.body) }
      : { kind: 'conflict' };
  const purgeBefore = (at: number): Sql =>
    sql('DELETE FROM idempotency WHERE created_at <= ?::bigint', at - retentionMs);
  let saves = 0;

  return {
    async lookup(scope, fingerprint) {
      const row = await read(scope);
      if (!row) return { kind: 'miss' };
      if (expired(row)) {
        // Expired: the key may be used afresh. Only this record goes, not one saved since.
        await run({
          sql: `DELETE FROM idempotency WHERE ${WHERE} AND created_at = ?::bigint`,
          params: [...args(scope), row.created_at],
        });
        return { kind: 'miss' };
      }
      return judge(row, fingerprint);
    },
    async claim(scope, fingerprint): Promise<Claim> {
      if (!inWrite()) throw new Error('idempotency: claim outside storage.write');
      const [lock] = await run(
        sql(
          'SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0)) AS taken',
          JSON.stringify([scope.workspaceId, scope.method, scope.path, scope.key]),
        ),
      );
      if (lock?.taken !== true) return { kind: 'in-flight' };
      // Read committed: this sees every write committed before the lock was taken.
      const row = await read(scope);
      return row && !expired(row) ? judge(row, fingerprint) : { kind: 'claimed' };
    },
    async save(scope, fingerprint, response) {
      const at = now();
      await run({
        sql: `INSERT INTO idempotency (workspace_id, method, path, key, fingerprint, status, body, created_at)
          VALUES (?, ?, ?, ?, ?, ?::integer, ?::bytea, ?::bigint)
          ON CONFLICT (workspace_id, method, path, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
            status = EXCLUDED.status, body = EXCLUDED.body, created_at = EXCLUDED.created_at`,
        params: [...args(scope), fingerprint, response.status, response.body, at],
      });
      if (++saves % PURGE_EVERY === 0) await run(purgeBefore(at));
    },
    async purge() {
      await run(purgeBefore(now()));
    },
  };
}
