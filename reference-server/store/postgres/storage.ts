/**
 * The Storage interface on PostgreSQL (node-postgres). `write` runs its
 * callback in one transaction on one pooled client, found by every store call
 * on that async path through AsyncLocalStorage; calls outside a write use the
 * pool, one autocommit statement each, which sees only committed data. Commits
 * are durable with PostgreSQL's default `synchronous_commit = on`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { redactDatabaseUrl } from '../database-url.js';
import type { Storage, StorageOptions } from '../storage.js';
import { createContactStore, type Run } from './contacts.js';
import { createIdempotencyRecords, PURGE_INTERVAL_MS } from './idempotency.js';
import { migrate } from './schema.js';
import { numbered, type Sql } from './sql.js';
import { OPERATORS } from './conditions.js';

const DEFAULT_POOL_SIZE = 10;
const WRITE_LOCK = 'SELECT pg_advisory_xact_lock(1, hashtext($1))';

interface Transaction {
  client: pg.PoolClient;
  savepoints: number;
}

/** The pool's size: the URL's `max` query parameter (a positive integer), else 10. */
function poolSize(url: string): number {
  let max: string | null = null;
  try {
    max = new URL(url).searchParams.get('max');
  } catch {
    return DEFAULT_POOL_SIZE;
  }
  if (max === null) return DEFAULT_POOL_SIZE;
  const n = Number(max);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`postgres: max=${max} in ${redactDatabaseUrl(url)} is not a pool size`);
  return n;
}

export async function createPostgresStorage(url: string, options: StorageOptions): Promise<Storage> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize(url) });
  // An idle client's connection can drop (a server restart); the pool discards it, and without a
  // listener the 'error' event would end the process.
  pool.on('error', () => undefined);
  const current = new AsyncLocalStorage<Transaction>();

  try {
    const client = await pool.connect();
    try {
      const { rows } = await client.query<{ server_encoding: string }>('SHOW server_encoding');
      const encoding = rows[0]?.server_encoding;
      if (encoding !== 'UTF8') throw new Error(`postgres: the database must be UTF8 (it is ${encoding})`);
      await migrate(client);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`postgres: cannot open ${redactDatabaseUrl(url)}: ${reason}`, { cause: error });
  }

  const run: Run = async (statement: Sql) => {
    const { text, values } = numbered(statement);
    const db = current.getStore()?.client ?? pool;
    return (await db.query(text, values)).rows as Array<Record<string, unknown>>;
  };

  const inWrite = () => current.getStore() !== undefined;
  const idempotency = createIdempotencyRecords(run, {
    now: options.now,
    retentionSeconds: options.retentionSeconds,
    inWrite,
  });
  let closed = false;
  /** Reads and writes in progress, which close() lets finish. */
  const running = new Set<Promise<unknown>>();
  // Unref'd: the timer alone never keeps a process alive; close() stops it.
  const timer = setInterval(() => {
    if (!closed) idempotency.purge().catch(() => undefined); // the next tick tries again
  }, options.purgeIntervalMs ?? PURGE_INTERVAL_MS);
  timer.unref();

  const storage: Storage = {
    kind: 'postgres',
    queryOps: new Set(Object.keys(OPERATORS)),
    contacts: createContactStore(run, options.searchText, options.listOrder, inWrite),
    idempotency,
    contactsInOrder: (order) => createContactStore(run, options.searchText, order, inWrite),
    read: (body) => tracked(body()),
    write: (body, lock) => tracked(write(body, lock)),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      // Requests already running finish (their clients may have gone away); then the pool ends.
      await Promise.allSettled(running);
      await pool.end();
    },
  };

  async function write<T>(body: () => Promise<T>, lock: string | undefined): Promise<T> {
    const outer = current.getStore();
    if (outer) {
      // A write inside a write: a savepoint, so its own failure undoes only its part.
      const name = `s${++outer.savepoints}`;
      await outer.client.query(`SAVEPOINT ${name}`);
      try {
        const result = await body();
        await outer.client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await outer.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    }
    return inTurn(lock, () => transaction(body, lock));
  }

  function tracked<T>(work: Promise<T>): Promise<T> {
    running.add(work);
    const done = () => running.delete(work);
    work.then(done, done);
    return work;
  }

  /**
   * This process's writes naming one lock wait for each other here, before taking a pooled client:
   * waiting on the advisory lock holds a client, and a burst of writes to one workspace would
   * otherwise hold the whole pool while reads and other workspaces' writes wait for a client.
   */
  const turns = new Map<string, Promise<unknown>>();
  function inTurn<T>(lock: string | undefined, body: () => Promise<T>): Promise<T> {
    if (lock === undefined) return body();
    const mine = (turns.get(lock) ?? Promise.resolve()).then(body);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    turns.set(lock, settled);
    void settled.then(() => {
      if (turns.get(lock) === settled) turns.delete(lock);
    });
    return mine;
  }

  async function transaction<T>(body: () => Promise<T>, lock: string | undefined): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        // Writes naming one lock (the server names the workspace) run one after another in every
        // process: a PUT's read, merge and update, or an upsert's lookup and insert, see no
        // other write of the workspace between. The two-key form keeps these locks apart from
        // the idempotency claims' one-key locks.
        if (lock !== undefined) await client.query(WRITE_LOCK, [lock]);
        const result = await current.run({ client, savepoints: 0 }, body);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => {
          broken = rollback; // a client that cannot roll back is not put back in the pool
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  return storage;
}
