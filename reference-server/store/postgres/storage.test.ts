import driver from 'pg';
import t from 'tap';
import { parseRow, rowId } from '../storage.js';
import { redactDatabaseUrl } from '../database-url.js';
import { createPostgresStorage } from './index.js';
import { cluster, contact, freshStorage, model, skipWithoutPostgres, storageOptions } from './test-support.js';

const HOME = 'ws-home';
const OTHER = 'ws-other';
const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
const ids = (rows: string[]) => rows.map((row) => parseRow(row).cdId);
const page = (limit: number, offset = 0) => ({ limit, offset });

const pg = await cluster();
if (!pg) skipWithoutPostgres(t);
else {
  t.test('insert, findById and rows: the record as stored, in toRow key order', async (t) => {
    const { storage } = await freshStorage(t, pg);
    const input = contact(HOME, { firstName: 'Élise', tags: ['a'], externalIds: { crm: '7' } }, at(1), 'cd_1');
    const inserted = await storage.write(() => storage.contacts.insert(input));
    t.type(inserted.id, 'number');
    const found = await storage.contacts.findById(HOME, 'cd_1');
    t.same(found, { ...input, id: inserted.id });
    t.equal(await storage.contacts.findById(OTHER, 'cd_1'), undefined, 'another workspace does not see it');
    t.same((await storage.contacts.findById(null, 'cd_1'))?.cdId, 'cd_1', 'a null workspace does');
    const [row] = await storage.contacts.list(HOME, page(10));
    t.equal(rowId(row!), inserted.id, 'a row starts with its id');
    t.same(Object.keys(JSON.parse(row!)), ['id', 'workspaceId', 'cdId', 'createdAt', 'updatedAt', 'createdBy', 'doc']);
    t.same(parseRow(row!), { ...input, id: inserted.id });
    const nobody = await storage.write(() =>
      storage.contacts.insert({ ...contact(HOME, { lastName: 'N' }, at(2)), createdBy: null }),
    );
    t.equal((await storage.contacts.findById(HOME, nobody.cdId))?.createdBy, null, 'createdBy null reads back null');
  });

  t.test('list order, paging and another order', async (t) => {
    const { storage } = await freshStorage(t, pg);
    // Inserted out of list order; equal createdAt breaks ties by cdId.
    for (const [cdId, n] of [
      ['cd_c', 2],
      ['cd_a', 1],
      ['cd_e', 3],
      ['cd_b', 2],
      ['cd_d', 3],
    ] as const) {
      await storage.write(() => storage.contacts.insert(contact(HOME, { lastName: cdId }, at(n), cdId)));
    }
    await storage.write(() => storage.contacts.insert(contact(OTHER, { lastName: 'x' }, at(0), 'cd_x')));
    t.same(ids(await storage.contacts.list(HOME, page(10))), ['cd_a', 'cd_b', 'cd_c', 'cd_d', 'cd_e']);
    t.same(ids(await storage.contacts.list(HOME, page(2, 1))), ['cd_b', 'cd_c']);
    t.same(ids(await storage.contacts.list(HOME, page(10, 5))), [], 'an offset past the end is empty');
    t.same(ids(await storage.contacts.list(null, page(2))), ['cd_x', 'cd_a'], 'every workspace, in list order');
    const reversed = storage.contactsInOrder([
      { field: 'createdAt', direction: 'desc' },
      { field: 'cdId', direction: 'desc' },
    ]);
    t.same(ids(await reversed.list(HOME, page(10))), ['cd_e', 'cd_d', 'cd_c', 'cd_b', 'cd_a']);
    const byName = storage.contactsInOrder([
      { field: 'firstName', direction: 'asc' },
      { field: 'cdId', direction: 'asc' },
    ]);
    await storage.write(() => storage.contacts.insert(contact(HOME, { firstName: 'Zed' }, at(0), 'cd_z')));
    t.same(
      ids(await byName.list(HOME, page(10))),
      ['cd_a', 'cd_b', 'cd_c', 'cd_d', 'cd_e', 'cd_z'],
      'an absent field sorts first, as in SQLite',
    );
  });

  t.test('update stores the record and rewrites every lookup', async (t) => {
    const { storage } = await freshStorage(t, pg);
    const first = await storage.write(() =>
      storage.contacts.insert(
        contact(HOME, { firstName: 'Ada', tags: ['old', 'kept'], externalIds: { crm: 'A1', erp: 'E1' } }, at(1)),
      ),
    );
    const changed = model.merge(first, { firstName: 'Grace', tags: ['kept', 'new'], externalIds: { crm: 'A2' } }, 9);
    // PUT cannot drop an external system (D6), but the store stores whatever record it is given.
    changed.doc.externalIds = { crm: 'A2' };
    await storage.write(() => storage.contacts.update(changed));
    t.same(await storage.contacts.findById(HOME, first.cdId), changed);
    const q = (field: string, op: string, value: unknown) =>
      storage.contacts.count(HOME, [{ field, op, value } as never]);
    t.equal(await q('tags', 'contains', 'old'), 0, 'a tag removed is gone from the index');
    t.equal(await q('tags', 'contains', 'new'), 1);
    t.equal(await q('tags', 'in', ['kept']), 1);
    t.equal(await q('externalIds.crm', 'eq', 'A1'), 0, 'an external id replaced is gone');
    t.equal(await q('externalIds.crm', 'eq', 'A2'), 1);
    t.equal(await q('externalIds.erp', 'eq', 'E1'), 0, 'an external system dropped is gone');
    t.equal(await q('firstName', 'contains', 'ADA'), 0, 'the folded copy follows');
    t.equal(await q('firstName', 'contains', 'RAC'), 1);
    t.same(ids(await storage.contacts.search(HOME, { terms: ['ada'] }, page(10))), [], 'old words are gone');
    t.same(ids(await storage.contacts.search(HOME, { terms: ['gra'] }, page(10))), [first.cdId]);
    await t.rejects(storage.contacts.update({ ...changed, id: undefined }), /never stored/);
  });

  t.test('reindex rewrites only the lookups named', async (t) => {
    const { storage } = await freshStorage(t, pg);
    const record = await storage.write(() =>
      storage.contacts.insert(contact(HOME, { firstName: 'Ada', tags: ['t1'], externalIds: { crm: 'A1' } }, at(1))),
    );
    const stale = model.merge(record, { firstName: 'Bob', tags: ['t2'], externalIds: { crm: 'B1' } }, 9).doc;
    await storage.write(() => storage.contacts.reindex(record.id, stale, ['search']));
    t.same(ids(await storage.contacts.search(HOME, { terms: ['bob'] }, page(10))), [record.cdId]);
    t.same(ids(await storage.contacts.search(HOME, { terms: ['ada'] }, page(10))), []);
    t.equal(await storage.contacts.count(HOME, [{ field: 'tags', op: 'contains', value: 't1' }]), 1, 'tags untouched');
    await storage.write(() => storage.contacts.reindex(record.id, stale, ['tags', 'externalIds']));
    t.equal(await storage.contacts.count(HOME, [{ field: 'tags', op: 'contains', value: 't2' }]), 1);
    t.equal((await storage.contacts.findByExternalIds(HOME, [['crm', 'B1']]))?.cdId, record.cdId);
    t.equal(await storage.contacts.findByExternalIds(HOME, [['crm', 'A1']]), undefined);
  });

  t.test('findByExternalIds: the first in list order sharing any entry (D6)', async (t) => {
    const { storage } = await freshStorage(t, pg);
    // The later contact is inserted first: list order, not insertion order, decides.
    await storage.write(() =>
      storage.contacts.insert(contact(HOME, { lastName: 'Later', externalIds: { crm: 'S', erp: 'E' } }, at(5), 'cd_2')),
    );
    await storage.write(() =>
      storage.contacts.insert(contact(HOME, { lastName: 'Older', externalIds: { crm: 'S' } }, at(1), 'cd_1')),
    );
    await storage.write(() =>
      storage.contacts.insert(contact(OTHER, { lastName: 'Elsewhere', externalIds: { crm: 'S' } }, at(0), 'cd_0')),
    );
    const find = (entries: Array<[string, string]>, ws: string | null = HOME) =>
      storage.contacts.findByExternalIds(ws, entries).then((r) => r?.cdId);
    t.equal(await find([['crm', 'S']]), 'cd_1');
    t.equal(await find([['erp', 'E']]), 'cd_2');
    t.equal(
      await find([
        ['erp', 'E'],
        ['crm', 'S'],
      ]),
      'cd_1',
      'any entry, the oldest match',
    );
    t.equal(await find([['erp', 'S']]), undefined, 'the same id under another system is not shared');
    t.equal(await find([]), undefined);
    t.equal(await find([['crm', 'S']], null), 'cd_0');
  });

  t.test('search: word prefixes, every term, external ids, scope, order, paging (D4)', async (t) => {
    const { storage } = await freshStorage(t, pg);
    const people: Array<[string, Record<string, unknown>]> = [
      ['cd_1', { firstName: 'Élise', lastName: "O'Neil-Smith", email: 'jo@x.io', externalIds: { crm: 'X1' } }],
      [
        'cd_2',
        { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', tags: ['VIP'], externalIds: { erp: 'X1' } },
      ],
      ['cd_3', { firstName: 'Eli', organization: 'Smithy 42b', notes: 'jane', externalIds: { crm: 'Y' } }],
    ];
    for (const [i, [cdId, fields]] of people.entries()) {
      await storage.write(() => storage.contacts.insert(contact(HOME, fields, at(i), cdId)));
    }
    await storage.write(() => storage.contacts.insert(contact(OTHER, people[0]![1], at(0), 'cd_x')));
    const search = (spec: { terms: string[]; externalId?: string; externalSystem?: string }, p = page(10)) =>
      storage.contacts.search(HOME, spec, p).then(ids);
    const cases: Array<[string, Parameters<typeof search>[0], string[]]> = [
      ['a word prefix', { terms: ['eli'] }, ['cd_3']],
      ['accents are not folded away', { terms: ['éli'] }, ['cd_1']],
      ['case-insensitive, non-ASCII', { terms: ['ÉLI'] }, ['cd_1']],
      ['a whole word', { terms: ['élise'] }, ['cd_1']],
      ['no word starts with the term', { terms: ['lise'] }, []],
      ['words split at punctuation', { terms: ['neil'] }, ['cd_1']],
      ['a hyphenated part', { terms: ['smith'] }, ['cd_1', 'cd_3']],
      ['email parts', { terms: ['exam'] }, ['cd_2']],
      ['digits and letters', { terms: ['42'] }, ['cd_3']],
      ['tags are searched', { terms: ['vip'] }, ['cd_2']],
      ['notes are not', { terms: ['jane'] }, ['cd_2']],
      ['every term must match', { terms: ['smith', 'o'] }, ['cd_1']],
      ['every term, in any field', { terms: ['jane', 'doe'] }, ['cd_2']],
      ['one term matching nothing', { terms: ['eli', 'zzz'] }, []],
      ['an external id under any system', { terms: [], externalId: 'X1' }, ['cd_1', 'cd_2']],
      ['an external id under one system', { terms: [], externalId: 'X1', externalSystem: 'erp' }, ['cd_2']],
      ['an external id and terms', { terms: ['jo'], externalId: 'X1' }, ['cd_1']],
      ['an unknown external id', { terms: [], externalId: 'nope' }, []],
    ];
    for (const [name, spec, want] of cases) t.same(await search(spec), want, name);
    t.same(await search({ terms: ['smith'] }, page(1, 1)), ['cd_3'], 'paged in list order');
    t.same(ids(await storage.contacts.search(null, { terms: ['élise'] }, page(10))), ['cd_1', 'cd_x']);
  });

  t.test('write: all or nothing; reads inside see its writes; nested writes are savepoints', async (t) => {
    const { storage } = await freshStorage(t, pg);
    await t.rejects(
      storage.write(async () => {
        await storage.contacts.insert(
          contact(HOME, { lastName: 'Ghost', tags: ['g'], externalIds: { s: 'g' } }, at(1)),
        );
        t.equal(await storage.contacts.count(HOME, []), 1, 'visible inside the transaction');
        throw new Error('boom');
      }),
      /boom/,
    );
    t.equal(await storage.contacts.count(HOME, []), 0, 'nothing stays after a rollback');
    t.same(ids(await storage.contacts.search(HOME, { terms: ['ghost'] }, page(10))), [], 'nor in the lookups');

    await storage.write(async () => {
      await storage.contacts.insert(contact(HOME, { lastName: 'Kept' }, at(2)));
      await t.rejects(
        storage.write(async () => {
          await storage.contacts.insert(contact(HOME, { lastName: 'Inner' }, at(3)));
          throw new Error('inner');
        }),
        /inner/,
      );
    });
    t.same(
      (await storage.contacts.list(HOME, page(10))).map((row) => parseRow(row).doc.lastName),
      ['Kept'],
      'the inner write rolled back alone',
    );
  });

  t.test('an uncommitted write is invisible to reads from the pool', async (t) => {
    const { storage } = await freshStorage(t, pg);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const didInsert = new Promise<void>((resolve) => (inserted = resolve));
    const writing = storage.write(async () => {
      await storage.contacts.insert(contact(HOME, { lastName: 'Pending' }, at(1)));
      inserted();
      await held;
    });
    await didInsert;
    t.equal(await storage.read(() => storage.contacts.count(HOME, [])), 0, 'not before the commit');
    release();
    await writing;
    t.equal(await storage.read(() => storage.contacts.count(HOME, [])), 1, 'after it');
  });

  // D4: writes sent at once behave as if sent one after another, across processes too.
  t.test('concurrent read-modify-writes of one contact lose neither', async (t) => {
    const url = await pg.database();
    const storages = await Promise.all([1, 2].map(() => createPostgresStorage(url, storageOptions())));
    t.teardown(() => Promise.all(storages.map((s) => s.close())));
    const [a] = storages;
    const record = await a!.write(() => a!.contacts.insert(contact(HOME, { lastName: 'Base' }, at(1))));
    const edits = ['email', 'organization', 'jobTitle', 'notes'].map((field, i) => {
      const storage = storages[i % 2]!;
      return storage.write(async () => {
        const found = await storage.contacts.findById(HOME, record.cdId);
        await new Promise((resolve) => setTimeout(resolve, 20)); // let the others read too, if they can
        await storage.contacts.update(model.merge(found!, { [field]: `${field}@x.io` }, Date.now()));
      });
    });
    await Promise.all(edits);
    const final = await a!.contacts.findById(HOME, record.cdId);
    t.same(
      ['email', 'organization', 'jobTitle', 'notes'].map((field) => final?.doc[field]),
      ['email@x.io', 'organization@x.io', 'jobTitle@x.io', 'notes@x.io'],
      'every edit is kept',
    );
  });

  t.test('concurrent upserts sharing an external ID create one contact', async (t) => {
    const url = await pg.database();
    const storages = await Promise.all([1, 2].map(() => createPostgresStorage(url, storageOptions())));
    t.teardown(() => Promise.all(storages.map((s) => s.close())));
    const upserts = [0, 1, 2, 3].map((i) => {
      const storage = storages[i % 2]!;
      const entries: Array<[string, string]> =
        i % 2 === 0
          ? [['crm', 'S']]
          : [
              ['erp', `E${i}`],
              ['crm', 'S'],
            ];
      return storage.write(async () => {
        const match = await storage.contacts.findByExternalIds(HOME, entries);
        await new Promise((resolve) => setTimeout(resolve, 20));
        const fields = { lastName: `U${i}`, externalIds: Object.fromEntries(entries) };
        if (match) await storage.contacts.update(model.merge(match, fields, Date.now()));
        else await storage.contacts.insert(contact(HOME, fields, at(i)));
      });
    });
    await Promise.all(upserts);
    t.equal(await storages[0]!.contacts.count(HOME, []), 1, 'the first created it, the others updated it');
    const [only] = (await storages[0]!.contacts.list(HOME, page(10))).map(parseRow);
    t.same(Object.keys(only!.doc.externalIds).sort(), ['crm', 'erp'], 'and merged into it');
  });

  t.test('writes naming one lock run one after another across storages; other locks do not wait', async (t) => {
    const url = await pg.database();
    const [a, b] = await Promise.all([1, 2].map(() => createPostgresStorage(url, storageOptions())));
    t.teardown(() => Promise.all([a!.close(), b!.close()]));
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = a!.write(async () => {
      events.push('first in');
      entered();
      await held;
      events.push('first out');
    }, HOME);
    await inside;
    const other = b!.write(async () => void events.push('other lock'), OTHER);
    const second = b!.write(async () => void events.push('second in'), HOME);
    await other;
    await new Promise((resolve) => setTimeout(resolve, 50));
    events.push('released');
    release();
    await Promise.all([first, second]);
    t.same(events, ['first in', 'other lock', 'released', 'first out', 'second in']);
  });

  t.test('writes waiting for one lock leave the pool to reads and other writes', async (t) => {
    const url = await pg.database();
    const storage = await createPostgresStorage(`${url}?max=2`, storageOptions());
    t.teardown(() => storage.close());
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const writes: Array<Promise<unknown>> = [
      storage.write(async () => {
        entered();
        await held;
      }, HOME),
    ];
    await inside;
    for (let i = 0; i < 3; i++) {
      writes.push(storage.write(() => storage.contacts.insert(contact(HOME, { lastName: `W${i}` }, at(i))), HOME));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const read = storage.read(() => storage.contacts.count(HOME, []));
    const other = storage.write(() => storage.contacts.insert(contact(OTHER, { lastName: 'O' }, at(1))), OTHER);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('waited for the pool'), 2000));
    t.equal(await Promise.race([read, timeout]), 0, 'a read is answered while the writes wait');
    t.notOk(await Promise.race([other.then(() => undefined), timeout]), 'another lock writes too');
    release();
    await Promise.all(writes);
    t.equal(await storage.contacts.count(HOME, []), 3, 'then the waiting writes run');
  });

  t.test('storages starting at once on a fresh database all open it', async (t) => {
    const url = await pg.database();
    const both = await Promise.all([
      createPostgresStorage(url, storageOptions()),
      createPostgresStorage(url, storageOptions()),
      createPostgresStorage(url, storageOptions()),
    ]);
    t.teardown(() => Promise.all(both.map((s) => s.close())));
    const [a, b] = both;
    const record = await a.write(() => a.contacts.insert(contact(HOME, { lastName: 'Shared' }, at(1))));
    t.equal((await b.contacts.findById(HOME, record.cdId))?.doc.lastName, 'Shared', 'one database');
    const again = await createPostgresStorage(url, storageOptions());
    t.teardown(() => again.close());
    t.equal(await again.contacts.count(HOME, []), 1, 'reopening keeps the data');
    t.equal(again.kind, 'postgres');
    const admin = new driver.Client({ connectionString: url });
    await admin.connect();
    await admin.query('UPDATE schema_version SET version = version + 1');
    await admin.end();
    await t.rejects(
      createPostgresStorage(url, storageOptions()),
      /has schema version \d+, newer than this server's \d+$/,
      'a database migrated by a newer server is not opened',
    );
  });

  t.test('a database that cannot be opened: one message, the password hidden', async (t) => {
    const wrong = pg.url.replace('postgres@', 'postgres:s3cret@').replace(/\/postgres$/, '/no_such_db');
    const error = await createPostgresStorage(wrong, storageOptions()).then(
      () => undefined,
      (e: Error) => e,
    );
    t.match(error?.message, /^postgres: cannot open postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/no_such_db: /);
    t.notMatch(error?.message, /s3cret/);
    t.equal(redactDatabaseUrl('postgres://u:p@h/db?max=3'), 'postgres://u:***@h/db?max=3');
    t.equal(redactDatabaseUrl('postgres://u@h/db'), 'postgres://u@h/db');
    await t.rejects(createPostgresStorage(`${pg.url}?max=0`, storageOptions()), /max=0 .* is not a pool size/);
    const admin = new driver.Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query("CREATE DATABASE latin TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C'");
    await admin.end();
    await t.rejects(
      createPostgresStorage(pg.url.replace(/\/postgres$/, '/latin'), storageOptions()),
      /cannot open .*\/latin: postgres: the database must be UTF8 \(it is LATIN1\)$/,
    );
  });

  t.test('close stops the pool; closing twice is harmless', async (t) => {
    const url = await pg.database();
    const storage = await createPostgresStorage(`${url}?max=2`, storageOptions({ purgeIntervalMs: 5 }));
    await storage.close();
    await storage.close();
    await t.rejects(storage.contacts.count(HOME, []), 'a closed storage reads nothing');
  });

  t.test('close lets writes in progress and queued behind a lock finish first', async (t) => {
    const url = await pg.database();
    const storage = await createPostgresStorage(url, storageOptions());
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const first = storage.write(async () => {
      await gate;
      return storage.contacts.insert(contact(HOME, { firstName: 'First' }));
    }, HOME);
    const queued = storage.write(() => storage.contacts.insert(contact(HOME, { firstName: 'Queued' })), HOME);
    let closed = false;
    const closing = storage.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.equal(closed, false, 'close waits while a write is held');
    open();
    await Promise.all([first, queued, closing]);
    const check = await createPostgresStorage(url, storageOptions());
    t.teardown(() => check.close());
    t.equal(await check.contacts.count(HOME, []), 2, 'both writes committed before the pool ended');
  });
}
