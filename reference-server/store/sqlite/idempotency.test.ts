import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { loadContract } from '../../../spec/index.js';
import type { IdempotencyScope } from '../storage.js';
import { openDatabase } from './database.js';
import { createSqliteIdempotency } from './idempotency.js';

const contract = await loadContract();
const retentionMs = contract.limits.idempotencyRetentionSeconds * 1000;
const scope = (key: string): IdempotencyScope => ({ workspaceId: 'w', method: 'POST', path: '/api/v2/contacts', key });
const response = { status: 201, body: Buffer.from('{}') };

const rows = (db: ReturnType<typeof openDatabase>) =>
  (db.prepare('SELECT count(*) AS n FROM idempotency').get() as { n: number }).n;

async function until(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

t.test('D16: expired records are purged on a timer, with no further writes', async (t) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  let now = 1_000_000;
  const store = createSqliteIdempotency(db, () => now, retentionMs / 1000, { purgeIntervalMs: 20 });
  t.teardown(() => store.close());
  await store.save(scope('old'), 'f', response);
  now += retentionMs - 1;
  await store.save(scope('young'), 'f', response);
  await sleep(60);
  t.equal(rows(db), 2, 'nothing has expired yet: the timer deletes nothing');
  now += 1;
  t.ok(await until(() => rows(db) === 1, 2000), 'the expired record goes without a write or a lookup');
  t.same((await store.lookup(scope('young'), 'f')).kind, 'replay', 'the unexpired one stays');
});

t.test('close() stops the timer; a closed database stops it too, without throwing', async (t) => {
  const db = openDatabase(':memory:');
  let now = 0;
  const store = createSqliteIdempotency(db, () => now, retentionMs / 1000, { purgeIntervalMs: 10 });
  await store.save(scope('k'), 'f', response);
  store.close();
  now += retentionMs;
  await sleep(50);
  t.equal(rows(db), 1, 'no purge after close()');
  await store.purge();
  t.equal(rows(db), 0, 'purge() on demand still works');

  const other = openDatabase(':memory:');
  createSqliteIdempotency(other, () => now, retentionMs / 1000, { purgeIntervalMs: 10 });
  other.close();
  await sleep(50);
  t.pass('a tick after the database closed did not throw');
  db.close();
});
