import fc from 'fast-check';
import t from 'tap';
import type { Condition } from '../../types.js';
import { cluster, contact, freshStorage, skipWithoutPostgres } from './test-support.js';

// D3 on PostgreSQL, operator by operator, over a small known set in one workspace; the cases are
// those the SQLite store is held to (store/conditions.test.ts), plus what only PostgreSQL needs.
const pg = await cluster();
if (!pg) skipWithoutPostgres(t);
else {
  const { storage } = await freshStorage(t, pg);
  const HOME = 'ws-home';
  const people: Record<string, Record<string, unknown>> = {
    A: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@math.example',
      organization: 'Analytical',
      tags: ['math', 'pioneer'],
      externalIds: { crm: 'A1', erp: 'E1' },
      customFields: { donor_level: 'gold', lifetime_giving: 100, volunteer: true },
    },
    B: {
      firstName: 'Bob',
      organization: 'Builder Co',
      tags: ['diy'],
      externalIds: { crm: 'B1' },
      customFields: { donor_level: '5', lifetime_giving: 5, volunteer: false },
    },
    C: { lastName: 'Zoë', email: 'zoe@Example.org', customFields: { lifetime_giving: 5.5 } },
    D: { firstName: 'ada', jobTitle: 'Éclair Chef', notes: 'Likes MÜNCHEN', customFields: { donor_level: 'silver' } },
  };
  const letterOf = new Map<string, string>();
  const at = (s: number) => `2026-01-01T00:00:0${s}.000Z`;
  // A at :00, B at :01, ...; inserted in reverse, so list order is not insertion order.
  for (const [i, [letter, fields]] of [...Object.entries(people).entries()].reverse()) {
    letterOf.set(`cd_${letter}`, letter);
    await storage.write(() => storage.contacts.insert(contact(HOME, fields, at(i), `cd_${letter}`)));
  }
  // Another workspace's contact matches many conditions and must never show.
  await storage.write(() => storage.contacts.insert(contact('ws-other', people.A!, at(0), 'cd_X')));

  const c = (field: string, op: string, value: unknown): Condition => ({ field, op, value }) as Condition;
  const cases: Array<[string, Condition[], string]> = [
    ['eq is case-sensitive', [c('firstName', 'eq', 'Ada')], 'A'],
    ['eq is type-strict: number vs string', [c('customFields.donor_level', 'eq', 5)], ''],
    ['eq on a string custom field', [c('customFields.donor_level', 'eq', '5')], 'B'],
    ['eq on a number', [c('customFields.lifetime_giving', 'eq', 5)], 'B'],
    ['eq on a fractional number', [c('customFields.lifetime_giving', 'eq', 5.5)], 'C'],
    ['eq on a boolean', [c('customFields.volunteer', 'eq', true)], 'A'],
    ['eq: a boolean is not 1', [c('customFields.volunteer', 'eq', 1)], ''],
    ['eq: a number on a standard field is false', [c('firstName', 'eq', 5)], ''],
    ['eq on an external id', [c('externalIds.crm', 'eq', 'A1')], 'A'],
    ['eq on cdId', [c('cdId', 'eq', 'cd_C')], 'C'],
    ['eq on email', [c('email', 'eq', 'zoe@Example.org')], 'C'],
    ['eq on an instant', [c('createdAt', 'eq', '2026-01-01T00:00:01Z')], 'B'],
    ['eq on an instant with an offset', [c('createdAt', 'eq', '2026-01-01T01:00:01+01:00')], 'B'],
    ['eq on an instant in lower case', [c('createdAt', 'eq', '2026-01-01t00:00:01.000z')], 'B'],
    ['eq on an instant between milliseconds', [c('createdAt', 'eq', '2026-01-01T00:00:01.0004Z')], ''],
    ['eq on a text that is no instant', [c('createdAt', 'eq', 'yesterday')], ''],
    ['ne holds where the field is absent', [c('firstName', 'ne', 'Ada')], 'BCD'],
    ['ne on a custom field', [c('customFields.donor_level', 'ne', 'gold')], 'BCD'],
    ['ne on an external id', [c('externalIds.crm', 'ne', 'A1')], 'BCD'],
    ['ne on a number', [c('customFields.lifetime_giving', 'ne', 5)], 'ACD'],
    ['gt on numbers', [c('customFields.lifetime_giving', 'gt', 5)], 'AC'],
    ['gte on numbers', [c('customFields.lifetime_giving', 'gte', 5)], 'ABC'],
    ['lt on numbers', [c('customFields.lifetime_giving', 'lt', 100)], 'BC'],
    ['lte on numbers', [c('customFields.lifetime_giving', 'lte', 5)], 'B'],
    ['gt on strings', [c('customFields.donor_level', 'gt', 'h')], 'D'],
    ['gt between a number and a string is false', [c('customFields.lifetime_giving', 'gt', '1')], ''],
    ['gt between a string field and a number is false', [c('customFields.donor_level', 'gt', 1)], ''],
    ['strings compare by code point', [c('firstName', 'gt', 'B')], 'BD'],
    ['code point order past ASCII', [c('lastName', 'gt', 'Zoe')], 'C'],
    ['gt on booleans', [c('customFields.volunteer', 'gt', false)], 'A'],
    ['lt on booleans', [c('customFields.volunteer', 'lt', true)], 'B'],
    ['gt on instants', [c('createdAt', 'gt', at(1))], 'CD'],
    ['gte on instants', [c('createdAt', 'gte', at(1))], 'BCD'],
    ['gte between milliseconds', [c('createdAt', 'gte', '2026-01-01T00:00:01.0004Z')], 'CD'],
    ['lt between milliseconds', [c('createdAt', 'lt', '2026-01-01T00:00:01.0004Z')], 'AB'],
    ['lte on instants', [c('createdAt', 'lte', at(1))], 'AB'],
    ['lt on updatedAt', [c('updatedAt', 'lt', at(2))], 'AB'],
    ['in on strings', [c('firstName', 'in', ['Ada', 'Bob'])], 'AB'],
    ['in is type-strict', [c('customFields.lifetime_giving', 'in', [5, '100'])], 'B'],
    ['in on tags: has any of', [c('tags', 'in', ['diy', 'pioneer'])], 'AB'],
    ['nin on tags: has none of', [c('tags', 'nin', ['diy'])], 'ACD'],
    ['in on external ids', [c('externalIds.crm', 'in', ['A1', 'B1'])], 'AB'],
    ['nin on external ids', [c('externalIds.crm', 'nin', ['A1'])], 'BCD'],
    ['in on cdId', [c('cdId', 'in', ['cd_A', 'cd_C'])], 'AC'],
    ['in on instants', [c('createdAt', 'in', [at(0), at(3)])], 'AD'],
    ['contains is case-insensitive', [c('firstName', 'contains', 'DA')], 'AD'],
    ['contains on email', [c('email', 'contains', 'EXAMPLE')], 'AC'],
    ['contains folds non-ASCII case', [c('notes', 'contains', 'münchen')], 'D'],
    ['contains: é finds É', [c('jobTitle', 'contains', 'é')], 'D'],
    ['contains on tags is an exact tag', [c('tags', 'contains', 'math')], 'A'],
    ['contains on tags: no partial tag', [c('tags', 'contains', 'mat')], ''],
    ['contains never matches a number', [c('customFields.lifetime_giving', 'contains', '5')], ''],
    ['contains on a custom string', [c('customFields.donor_level', 'contains', 'OL')], 'A'],
    ['contains on an external id', [c('externalIds.erp', 'contains', 'e')], 'A'],
    ['contains on cdId', [c('cdId', 'contains', 'D_B')], 'B'],
    ['startsWith folds case', [c('lastName', 'startsWith', 'zo')], 'C'],
    ['startsWith on non-ASCII', [c('jobTitle', 'startsWith', 'éc')], 'D'],
    ['startsWith on organization', [c('organization', 'startsWith', 'b')], 'B'],
    ['startsWith never matches a tag', [c('tags', 'startsWith', 'm')], ''],
    ['exists true', [c('email', 'exists', true)], 'AC'],
    ['exists false', [c('email', 'exists', false)], 'BD'],
    ['exists on tags: at least one', [c('tags', 'exists', true)], 'AB'],
    ['exists false on tags', [c('tags', 'exists', false)], 'CD'],
    ['exists false on a custom field', [c('customFields.volunteer', 'exists', false)], 'CD'],
    ['exists on an external system', [c('externalIds.erp', 'exists', true)], 'A'],
    ['exists on createdAt', [c('createdAt', 'exists', true)], 'ABCD'],
    ['exists false on createdAt', [c('createdAt', 'exists', false)], ''],
    ['conditions are AND-joined', [c('firstName', 'contains', 'a'), c('customFields.lifetime_giving', 'gte', 5)], 'A'],
    ['no conditions: every contact', [], 'ABCD'],
  ];

  const letters = (rows: string[]) => rows.map((row) => letterOf.get(JSON.parse(row).cdId) ?? '?').join('');
  for (const [name, conditions, want] of cases) {
    t.test(name, async (t) => {
      t.equal(letters(await storage.contacts.query(HOME, conditions, { limit: 100, offset: 0 })), want);
      t.equal(await storage.contacts.count(HOME, conditions), want.length, 'count agrees');
    });
  }

  t.test('a null workspace reads every workspace', async (t) => {
    const rows = await storage.contacts.query(null, [c('firstName', 'eq', 'Ada')], { limit: 10, offset: 0 });
    t.same(rows.map((row) => JSON.parse(row).cdId).sort(), ['cd_A', 'cd_X']);
    t.equal(await storage.contacts.count(null, []), 5);
  });

  t.test('query pages in list order', async (t) => {
    t.equal(letters(await storage.contacts.query(HOME, [], { limit: 2, offset: 1 })), 'BC');
    t.equal(letters(await storage.contacts.query(HOME, [], { limit: 2, offset: 4 })), '');
  });

  // D3: a number is the double it denotes, past 2^53 too.
  t.test('numbers past 2^53 compare as the doubles they denote', async (t) => {
    const { storage } = await freshStorage(t, pg);
    const huge = -240171666119811650;
    await storage.write(() => storage.contacts.insert(contact(HOME, { lastName: 'Big', customFields: { n: huge } })));
    await storage.write(() =>
      storage.contacts.insert(contact(HOME, { lastName: 'Tiny', customFields: { n: 5e-324 } })),
    );
    for (const [op, value, want] of [
      ['eq', huge, 'Big'],
      ['eq', Number('-240171666119811649'), 'Big'], // other digits, the same double
      ['in', [huge, 999982], 'Big'],
      ['gte', huge, 'Big Tiny'],
      ['lte', huge, 'Big'],
      ['lt', huge, ''],
      ['eq', 5e-324, 'Tiny'],
      ['gt', 0, 'Tiny'],
    ] as const) {
      const rows = await storage.contacts.query(HOME, [c('customFields.n', op, value)], { limit: 10, offset: 0 });
      t.equal(rows.map((row) => JSON.parse(row).doc.lastName).join(' '), want, `${op} ${JSON.stringify(value)}`);
    }
  });

  // PostgreSQL text cannot hold U+0000; the store's encoding must keep every comparison exact.
  t.test('U+0000 and U+0001 in stored and queried strings', async (t) => {
    const { storage } = await freshStorage(t, pg);
    const notes = ['a\u0000b', 'a\u0001b', 'a\u0002b', 'a', 'ab', '\u0000\u0002', 'x\u0001y', '\u0001'];
    const idOf = new Map<string, string>();
    for (const [i, text] of notes.entries()) {
      const record = await storage.write(() =>
        storage.contacts.insert(
          contact(HOME, { lastName: 'N', notes: text, tags: [text], externalIds: { s: `e${text}` } }, at(i)),
        ),
      );
      idOf.set(record.cdId, text);
    }
    const matching = async (conditions: Condition[]) =>
      (await storage.contacts.query(HOME, conditions, { limit: 100, offset: 0 })).map((row) =>
        idOf.get(JSON.parse(row).cdId)!,
      );
    t.same(await matching([c('notes', 'eq', 'a\u0000b')]), ['a\u0000b']);
    for (const bound of ['a\u0000', 'a\u0001', 'a\u0001c', '\u0000', 'a']) {
      // Every note is in the BMP, where JavaScript's code-unit order is code-point order.
      const want = notes.filter((n) => n > bound);
      t.same(await matching([c('notes', 'gt', bound)]), want, `gt ${JSON.stringify(bound)}: code-point order`);
    }
    t.same(await matching([c('notes', 'startsWith', 'a\u0000')]), ['a\u0000b']);
    t.same(await matching([c('tags', 'contains', '\u0001')]), ['\u0001']);
    t.same(await matching([c('externalIds.s', 'eq', 'ea\u0000b')]), ['a\u0000b']);
    const read = await storage.contacts.findById(HOME, [...idOf].find(([, v]) => v === 'a\u0000b')![0]);
    t.equal(read?.doc.notes, 'a\u0000b', 'the document reads back as written');
    // contains, exhaustively against JavaScript over a tiny alphabet where escapes could misalign.
    const needles = fc.sample(
      fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\u0002', 'a', 'b', 'y'), minLength: 1, maxLength: 3 }),
      {
        numRuns: 60,
        seed: 7,
      },
    );
    for (const needle of new Set(['\u0001', '\u0002', '\u0001y', ...needles])) {
      const want = notes.filter((n) => n.includes(needle));
      t.same(await matching([c('notes', 'contains', needle)]), want, `contains ${JSON.stringify(needle)}`);
    }
  });
}
