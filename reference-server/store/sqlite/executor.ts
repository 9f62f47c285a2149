/**
 * Runs reads and writes on the one SQLite connection. Writes queued during one
 * turn of the event loop share a group commit: one transaction, each write in
 * its own savepoint, run one after another, and their promises settle only
 * after the commit. With `synchronous = FULL` that is one fsync per batch
 * instead of one per request, and a 201 is durable. A read that arrives while
 * a batch is open waits for its commit, so no read sees an uncommitted write.
 */
import type { Db } from './database.js';

export interface Executor {
  read<T>(run: () => Promise<T>): Promise<T>;
  write<T>(run: () => Promise<T>): Promise<T>;
}

interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

export function createExecutor(db: Db): Executor {
  let queue: Job[] = [];
  /** The batch in progress, if any. */
  let open: Promise<void> | undefined;
  const savepoint = db.prepare('SAVEPOINT job');
  const release = db.prepare('RELEASE job');
  const rollbackTo = db.prepare('ROLLBACK TO job');

  const runBatch = async (jobs: Job[]) => {
    db.exec('BEGIN');
    for (const job of jobs) {
      savepoint.run();
      try {
        job.outcome = { ok: true, value: await job.run() };
      } catch (error) {
        job.outcome = { ok: false, error }; // this job's writes go; the others' stay
        rollbackTo.run();
      }
      release.run();
    }
    try {
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const job of jobs) job.outcome = { ok: false, error }; // nothing was written
    }
  };

  const flush = () => {
    const jobs = queue;
    queue = [];
    // Set before the first job starts, so a read it begins already waits.
    let closed!: () => void;
    open = new Promise<void>((resolve) => (closed = resolve));
    void runBatch(jobs)
      .catch((error: unknown) => {
        if (db.inTransaction) db.exec('ROLLBACK');
        for (const job of jobs) job.outcome = { ok: false, error };
      })
      .finally(() => {
        open = undefined;
        closed();
        for (const job of jobs) {
          if (job.outcome?.ok) job.resolve(job.outcome.value);
          else job.reject(job.outcome?.error ?? new Error('execute: job did not run'));
        }
        if (queue.length > 0) setImmediate(flush);
      });
  };

  return {
    read: (run) => (open ? open.then(run) : run()),
    write: <T>(run: () => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
        if (queue.length === 1 && !open) setImmediate(flush);
      }),
  };
}
