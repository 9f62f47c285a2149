import t from 'tap';
import { createPostgresStorage } from './index.js';
import { cluster, freshStorage, skipWithoutPostgres, storageOptions } from './test-support.js';

// D8/D16 on PostgreSQL: records by scope, expiry by the injected clock, claims across processes.
const RETENTION = 60;
const scope = { workspaceId: 'ws-home', method: 'POST', path: '/api/v2/contacts', key: 'k-1' };
const response = (text: string) => ({ status: 201, body: Buffer.from(text) });

const pg = await cluster();
if (!pg) skipWithoutPostgres(t);
else {
  t.test('lookup, save, replay, conflict and expiry', async (t) => {
    let clock = 1_000_000;
    const { storage } = await freshStorage(t, pg, { now: () => clock, retentionSeconds: RETENTION });
    const records = storage.idempotency;
    t.same(await records.lookup(scope, 'fp'), { kind: 'miss' });
    await storage.write(() => records.save(scope, 'fp', response('{"a":1}')));
    const replay = await records.lookup(scope, 'fp');
    t.same(replay, { kind: 'replay', status: 201, body: Buffer.from('{"a":1}') }, 'the same body, byte for byte');
    t.same(await records.lookup(scope, 'other'), { kind: 'conflict' }, 'another fingerprint conflicts');
    for (const other of [{ key: 'k-2' }, { path: '/api/v2/contacts/x' }, { method: 'PUT' }, { workspaceId: 'ws-2' }]) {
      t.same(await records.lookup({ ...scope, ...other }, 'fp'), { kind: 'miss' }, `scoped: ${JSON.stringify(other)}`);
    }
    clock += RETENTION * 1000 - 1;
    t.equal((await records.lookup(scope, 'fp')).kind, 'replay', 'still within retention');
    clock += 1;
    t.same(await records.lookup(scope, 'fp'), { kind: 'miss' }, 'expired at exactly the retention');
    clock -= 10; // the record is gone, not merely out of date
    t.same(await records.lookup(scope, 'fp'), { kind: 'miss' }, 'an expired record is deleted by the lookup');
  });

  t.test('save overwrites an expired record; purge removes only expired ones', async (t) => {
    let clock = 0;
    const { storage } = await freshStorage(t, pg, { now: () => clock, retentionSeconds: RETENTION });
    const records = storage.idempotency;
    await storage.write(() => records.save(scope, 'old', response('old')));
    clock = RETENTION * 1000;
    await storage.write(async () => {
      t.same(await records.claim(scope, 'new'), { kind: 'claimed' }, 'an expired record does not block a claim');
      await records.save(scope, 'new', response('new'));
    });
    t.same(await records.lookup(scope, 'new'), { kind: 'replay', status: 201, body: Buffer.from('new') });
    const young = { ...scope, key: 'young' };
    clock += (RETENTION * 1000) / 2;
    await storage.write(() => records.save(young, 'fp', response('y')));
    clock += (RETENTION * 1000) / 2; // 'new' has expired, 'young' has not
    await records.purge();
    clock -= (RETENTION * 1000) / 2; // back in time: a record purged stays gone, one kept is still there
    t.same(await records.lookup(scope, 'new'), { kind: 'miss' }, 'purged');
    t.equal((await records.lookup(young, 'fp')).kind, 'replay', 'not yet expired when purged');
  });

  t.test('the purge timer removes expired records with no request', async (t) => {
    let clock = 0;
    const { storage } = await freshStorage(t, pg, {
      now: () => clock,
      retentionSeconds: RETENTION,
      purgeIntervalMs: 20,
    });
    await storage.write(() => storage.idempotency.save(scope, 'fp', response('x')));
    clock = RETENTION * 1000;
    await new Promise((resolve) => setTimeout(resolve, 200));
    clock = 0;
    t.same(await storage.idempotency.lookup(scope, 'fp'), { kind: 'miss' });
  });

  t.test('every 256th save purges expired records', async (t) => {
    let clock = 0;
    const { storage } = await freshStorage(t, pg, { now: () => clock, retentionSeconds: RETENTION });
    await storage.write(() => storage.idempotency.save(scope, 'fp', response('first')));
    clock = RETENTION * 1000;
    await storage.write(async () => {
      for (let i = 2; i < 256; i++) await storage.idempotency.save({ ...scope, key: `k${i}` }, 'fp', response('x'));
    });
    clock = 0; // lookups judge as of the first save: the record is there until purged
    t.equal((await storage.idempotency.lookup(scope, 'fp')).kind, 'replay', 'not purged after 255 saves');
    clock = RETENTION * 1000;
    await storage.write(() => storage.idempotency.save({ ...scope, key: 'k256' }, 'fp', response('x')));
    clock = 0;
    t.same(await storage.idempotency.lookup(scope, 'fp'), { kind: 'miss' }, 'purged by the 256th');
  });

  t.test('claim happens inside a write and judges records committed since', async (t) => {
    const { storage } = await freshStorage(t, pg, { retentionSeconds: RETENTION });
    await t.rejects(storage.idempotency.claim(scope, 'fp'), /outside storage.write/);
    await storage.write(async () => {
      t.same(await storage.idempotency.claim(scope, 'fp'), { kind: 'claimed' });
      await storage.idempotency.save(scope, 'fp', response('done'));
    });
    await storage.write(async () => {
      t.same(await storage.idempotency.claim(scope, 'fp'), {
        kind: 'replay',
        status: 201,
        body: Buffer.from('done'),
      });
      t.same(await storage.idempotency.claim(scope, 'changed'), { kind: 'conflict' });
    });
  });

  t.test('two processes claim one key at once: one executes, the other is in flight, then replays', async (t) => {
    const url = await pg.database();
    const [first, second] = await Promise.all([
      createPostgresStorage(url, storageOptions({ retentionSeconds: RETENTION })),
      createPostgresStorage(url, storageOptions({ retentionSeconds: RETENTION })),
    ]);
    t.teardown(() => Promise.all([first.close(), second.close()]));
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let claimed!: (claim: unknown) => void;
    const firstClaim = new Promise((resolve) => (claimed = resolve));
    const executing = first.write(async () => {
      claimed(await first.idempotency.claim(scope, 'fp'));
      await hold; // still executing
      await first.idempotency.save(scope, 'fp', response('once'));
    });
    t.same(await firstClaim, { kind: 'claimed' });
    const during = await second.write(() => second.idempotency.claim(scope, 'fp'));
    t.same(during, { kind: 'in-flight' }, 'the key is held across processes');
    t.same(await second.idempotency.lookup(scope, 'fp'), { kind: 'miss' }, 'nothing is committed yet');
    const otherKey = await second.write(() => second.idempotency.claim({ ...scope, key: 'k-other' }, 'fp'));
    t.same(otherKey, { kind: 'claimed' }, 'another key is not held');
    release();
    await executing;
    const after = await second.write(() => second.idempotency.claim(scope, 'fp'));
    t.same(after, { kind: 'replay', status: 201, body: Buffer.from('once') });
  });

  t.test('simultaneous claims on one key: exactly one is claimed', async (t) => {
    const url = await pg.database();
    const storages = await Promise.all(
      [1, 2].map(() => createPostgresStorage(url, storageOptions({ retentionSeconds: RETENTION }))),
    );
    t.teardown(() => Promise.all(storages.map((s) => s.close())));
    for (let round = 0; round < 5; round++) {
      const key = { ...scope, key: `race-${round}` };
      let go!: () => void;
      const start = new Promise<void>((resolve) => (go = resolve));
      const claims = storages.flatMap((storage) =>
        [1, 2].map(() =>
          storage.write(async () => {
            await start;
            const claim = await storage.idempotency.claim(key, 'fp');
            if (claim.kind === 'claimed') await storage.idempotency.save(key, 'fp', response(`r${round}`));
            return claim.kind;
          }),
        ),
      );
      go();
      const kinds = await Promise.all(claims);
      t.equal(kinds.filter((k) => k === 'claimed').length, 1, `round ${round}: ${kinds.join(' ')}`);
      t.ok(
        kinds.every((k) => k === 'claimed' || k === 'in-flight' || k === 'replay'),
        'the others are in flight or replays',
      );
    }
  });

  t.test('a claim rolled back frees the key and saves nothing', async (t) => {
    const { storage } = await freshStorage(t, pg, { retentionSeconds: RETENTION });
    await t.rejects(
      storage.write(async () => {
        await storage.idempotency.claim(scope, 'fp');
        await storage.idempotency.save(scope, 'fp', response('lost'));
        throw new Error('the write failed');
      }),
    );
    t.same(await storage.idempotency.lookup(scope, 'fp'), { kind: 'miss' });
    t.same(await storage.write(() => storage.idempotency.claim(scope, 'fp')), { kind: 'claimed' });
  });
}
