import fc from 'fast-check';
import t from 'tap';
import type { Condition, SearchSpec } from '../../types.js';
import { createSqliteStorage } from '../sqlite/index.js';
import { parseRow, type Storage } from '../storage.js';
import { cluster, contact, freshStorage, skipWithoutPostgres, storageOptions } from './test-support.js';

// The SQLite store is the reference: the same contacts in both stores, then generated queries,
// counts, searches and external-ID lookups must find the same contacts in the same order.
const HOME = 'ws-home';
const pg = await cluster();
if (!pg) skipWithoutPostgres(t);
else {
  const { storage: postgres } = await freshStorage(t, pg);
  const sqlite = createSqliteStorage(':memory:', storageOptions());
  t.teardown(() => sqlite.close());

  const NAMES = ['Ada', 'ada', 'Ádám', 'Élise', 'élise', 'Zoë', 'Bob', 'İlker', 'Straße', 'ΣΑΣ', 'a\u0000b', '中文'];
  const WORDS = ['jo@x.io', "O'Neil-Smith", 'MÜNCHEN 42b', 'Smithy', 'e\u0301cole'];
  const TAGS = ['vip', 'VIP', 'donor', 'ß', 'a b'];
  const LEVELS = ['gold', 'Gold', '5', 'silver', ''];
  const AMOUNTS = [0, 5, 5.5, -1, 100, -240171666119811650, 1e21, 5e-324];
  const INSTANTS = ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:01.500Z'];
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const fields = fc.record(
    {
      firstName: optional(fc.constantFrom(...NAMES)),
      lastName: optional(fc.constantFrom(...NAMES, ...WORDS)),
      email: optional(fc.constantFrom('jo@x.io', 'Ada@Example.org', 'zoe@example.org')),
      organization: optional(fc.constantFrom(...WORDS)),
      tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
      externalIds: fc.dictionary(fc.constantFrom('crm', 'erp', 'a.b'), fc.constantFrom('A1', 'B1', 'a1', 'x\u0000')),
      customFields: fc.record(
        {
          level: fc.oneof(fc.constantFrom(...LEVELS), fc.constantFrom(...AMOUNTS), fc.boolean()),
          amount: fc.constantFrom(...AMOUNTS),
          flag: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['tags', 'externalIds', 'customFields'] },
  );
  const people = fc.sample(fc.tuple(fields, fc.constantFrom(...INSTANTS)), { numRuns: 40, seed: 11 });
  for (const [i, [person, createdAt]] of people.entries()) {
    const defined = Object.fromEntries(Object.entries(person).filter(([, v]) => v !== undefined));
    // Ids out of insertion order, so ties on createdAt sort by cdId, not by insertion.
    const record = contact(HOME, defined, createdAt, `cd_${(i * 7919) % 101}`);
    await sqlite.write(() => sqlite.contacts.insert(record));
    await postgres.write(() => postgres.contacts.insert(record));
  }

  const STRINGS = [...NAMES, ...LEVELS.filter((l) => l !== ''), 'A', 'ä', 'é', 'É', 'ss', 'σ', 'x', 'jo', 'Sm', '4'];
  const instant = fc.constantFrom(
    ...INSTANTS,
    '2026-01-01T01:00:01+01:00',
    '2026-01-01t00:00:01.5z',
    '2026-01-01T00:00:01.0004Z',
    '2026-01-01T00:00:00.9999Z',
  );
  const scalar = fc.oneof(fc.constantFrom(...STRINGS), fc.constantFrom(...AMOUNTS, 1, 2), fc.boolean());
  const anyOf = (arb: fc.Arbitrary<unknown>) => fc.array(arb, { minLength: 1, maxLength: 3 });
  const text = fc.constantFrom(...STRINGS);
  const condition: fc.Arbitrary<Condition> = fc
    .oneof(
      fc.record({
        field: fc.constantFrom('firstName', 'lastName', 'email', 'organization', 'cdId', 'fullname'),
        op: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'startsWith', 'in', 'nin', 'exists'),
      }),
      fc.record({
        field: fc.constantFrom(
          'customFields.level',
          'customFields.amount',
          'customFields.flag',
          'externalIds.crm',
          'externalIds.a.b',
        ),
        op: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'startsWith', 'in', 'nin', 'exists'),
      }),
      fc.record({ field: fc.constant('tags'), op: fc.constantFrom('contains', 'in', 'nin', 'exists') }),
      fc.record({
        field: fc.constantFrom('createdAt', 'updatedAt'),
        op: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'exists'),
      }),
    )
    .chain(({ field, op }) => {
      const instants = field === 'createdAt' || field === 'updatedAt';
      const value =
        op === 'exists'
          ? fc.boolean()
          : op === 'in' || op === 'nin'
            ? anyOf(field === 'tags' ? fc.constantFrom(...TAGS) : instants ? instant : scalar)
            : op === 'contains' || op === 'startsWith'
              ? field === 'tags'
                ? fc.constantFrom(...TAGS)
                : text
              : instants
                ? instant
                : scalar;
      return value.map((v) => ({ field, op, value: v }) as Condition);
    });

  const cdIds = (rows: string[]) => rows.map((row) => parseRow(row).cdId);
  const both = async <T>(read: (s: Storage) => Promise<T>) => [await read(sqlite), await read(postgres)] as const;

  t.test('queries and counts', async (t) => {
    const lists = fc.sample(fc.array(condition, { minLength: 1, maxLength: 3 }), { numRuns: 400, seed: 5 });
    let differ = 0;
    let some = 0;
    for (const conditions of lists) {
      const page = { limit: 100, offset: 0 };
      const [want, got] = await both(async (s) => cdIds(await s.contacts.query(HOME, conditions, page)));
      const [wantCount, gotCount] = await both((s) => s.contacts.count(HOME, conditions));
      if (want.length > 0 && want.length < people.length) some++;
      if (JSON.stringify(want) !== JSON.stringify(got) || wantCount !== gotCount) {
        differ++;
        t.same(got, want, JSON.stringify(conditions));
      }
    }
    t.equal(differ, 0, `${lists.length} generated condition lists`);
    t.ok(some > lists.length / 3, `${some} of them select some contacts but not all`);
  });

  t.test('pages', async (t) => {
    for (const [limit, offset] of [
      [1, 0],
      [7, 3],
      [10, 35],
      [5, 100],
    ]) {
      const [want, got] = await both(async (s) => cdIds(await s.contacts.list(HOME, { limit, offset })));
      t.same(got, want, `limit ${limit} offset ${offset}`);
    }
  });

  t.test('searches', async (t) => {
    const term = fc.constantFrom(
      'ada',
      'Á',
      'él',
      'eli',
      'smi',
      'neil',
      'jo',
      'x',
      'io',
      'münchen',
      '42',
      'b',
      'vip',
      'ß',
      'ss',
      'σα',
      'zo',
      '中',
    );
    const spec: fc.Arbitrary<SearchSpec> = fc.record(
      {
        terms: fc.array(term, { maxLength: 2 }),
        externalId: fc.constantFrom('A1', 'a1', 'x\u0000'),
        externalSystem: fc.constantFrom('crm', 'a.b'),
      },
      { requiredKeys: ['terms'] },
    );
    for (const s of fc.sample(spec, { numRuns: 200, seed: 9 })) {
      if (s.terms.length === 0 && s.externalId === undefined) continue;
      if (s.externalId === undefined) delete s.externalSystem;
      const [want, got] = await both(async (st) => cdIds(await st.contacts.search(HOME, s, { limit: 100, offset: 0 })));
      // FTS5 and D4 part ways on combining marks and the final sigma (text.test.ts); no term here meets them.
      t.same(got, want, JSON.stringify(s));
    }
  });

  t.test('external-ID lookups', async (t) => {
    const entry = fc.tuple(fc.constantFrom('crm', 'erp', 'a.b'), fc.constantFrom('A1', 'B1', 'a1', 'x\u0000'));
    for (const entries of fc.sample(fc.array(entry, { minLength: 1, maxLength: 3 }), { numRuns: 60, seed: 13 })) {
      const [want, got] = await both(async (s) => (await s.contacts.findByExternalIds(HOME, entries))?.cdId);
      t.equal(got, want, JSON.stringify(entries));
    }
  });
}
