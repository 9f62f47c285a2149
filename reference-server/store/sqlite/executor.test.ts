import t from 'tap';
import { openDatabase } from './database.js';
import { createExecutor } from './executor.js';

t.test('a group commit: one transaction, a savepoint per write, the thrower rolls back alone', async (t) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  db.exec('CREATE TABLE t (x TEXT)');
  const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
  const { read, write } = createExecutor(db);
  const job =
    (x: string, fail = false) =>
    async () => {
      insert.run(x);
      await Promise.resolve(); // a job may await between its statements
      if (fail) throw new Error(`${x} failed`);
      return x;
    };
  const results = await Promise.allSettled([write(job('a')), write(job('b', true)), write(job('c'))]);
  t.same(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  t.same(db.prepare('SELECT x FROM t ORDER BY x').pluck().all(), ['a', 'c']);
  const count = await read(async () => db.prepare('SELECT count(*) FROM t').pluck().get());
  t.equal(count, 2);
});

t.test('a read that arrives while a batch is open sees only what it committed', async (t) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  db.exec('CREATE TABLE t (x TEXT)');
  const { read, write } = createExecutor(db);
  let reading: Promise<unknown> | undefined;
  const written = write(async () => {
    db.prepare('INSERT INTO t (x) VALUES (?)').run('a');
    // Started inside the batch, the read must wait for the commit.
    reading = read(async () => ({ open: db.inTransaction, rows: db.prepare('SELECT count(*) FROM t').pluck().get() }));
    await new Promise((resolve) => setImmediate(resolve));
    return 'a';
  });
  t.equal(await written, 'a');
  t.same(await reading, { open: false, rows: 1 }, 'the read ran after the commit');
  t.equal(db.inTransaction, false);
});

t.test('writes queued while a batch runs go in the next one', async (t) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  db.exec('CREATE TABLE t (x TEXT)');
  const { write } = createExecutor(db);
  let later: Promise<string> | undefined;
  const first = write(async () => {
    db.prepare('INSERT INTO t (x) VALUES (?)').run('a');
    later = write(async () => {
      db.prepare('INSERT INTO t (x) VALUES (?)').run('b');
      return 'b';
    });
    return 'a';
  });
  t.equal(await first, 'a');
  t.equal(await later, 'b');
  t.same(db.prepare('SELECT x FROM t ORDER BY x').pluck().all(), ['a', 'b']);
});
