import t from 'tap';
import { createExecutor } from './execute.js';
import { openDatabase } from './store/database.js';
import type { HttpResponse } from './types.js';

t.test('a group commit: one transaction, a savepoint per write, the thrower rolls back alone', async (t) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  db.exec('CREATE TABLE t (x TEXT)');
  const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
  const execute = createExecutor(db);
  const response = (x: string): HttpResponse => ({ status: 201, headers: {}, body: Buffer.from(x) });
  const job =
    (x: string, fail = false) =>
    () => {
      insert.run(x);
      if (fail) throw new Error(`${x} failed`);
      return response(x);
    };
  const results = await Promise.allSettled([
    execute(job('a'), true),
    execute(job('b', true), true),
    execute(job('c'), true),
  ]);
  t.same(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  t.same(db.prepare('SELECT x FROM t ORDER BY x').pluck().all(), ['a', 'c']);
  const read = await execute(() => response(String(db.prepare('SELECT count(*) FROM t').pluck().get())), false);
  t.equal(read.body.toString(), '2', 'reads run at once, outside the batch');
});
