/**
 * Runs operations. Reads run at once. Writes (and anything that stores an
 * idempotency record) run in a group commit: the writes queued during one turn
 * of the event loop share one transaction, each in its own savepoint, and
 * their responses leave only after the commit. With `synchronous = FULL` that
 * is one fsync per batch instead of one per request, and a 201 is durable.
 */
import type { Db } from './store/database.js';
import type { HttpResponse } from './types.js';

export type Executor = (run: () => HttpResponse, durable: boolean) => Promise<HttpResponse>;

interface Job {
  run: () => HttpResponse;
  resolve: (response: HttpResponse) => void;
  reject: (error: unknown) => void;
  outcome?: { ok: true; response: HttpResponse } | { ok: false; error: unknown };
}

export function createExecutor(db: Db): Executor {
  let queue: Job[] = [];
  // Called inside the batch's transaction, better-sqlite3 makes this a savepoint.
  const savepoint = db.transaction((run: () => HttpResponse) => run());
  const batch = db.transaction((jobs: Job[]) => {
    for (const job of jobs) {
      try {
        // A savepoint each: a job that throws rolls back alone.
        job.outcome = { ok: true, response: savepoint(job.run) };
      } catch (error) {
        job.outcome = { ok: false, error };
      }
    }
  });
  const flush = () => {
    const jobs = queue;
    queue = [];
    try {
      batch(jobs);
    } catch (error) {
      for (const job of jobs) job.outcome = { ok: false, error }; // the commit failed: nothing was written
    }
    for (const job of jobs) {
      if (job.outcome?.ok) job.resolve(job.outcome.response);
      else job.reject(job.outcome?.error ?? new Error('execute: job did not run'));
    }
  };
  return (run, durable) => {
    if (!durable) return new Promise((resolve) => resolve(run()));
    return new Promise((resolve, reject) => {
      queue.push({ run, resolve, reject });
      if (queue.length === 1) setImmediate(flush);
    });
  };
}
