import fc from 'fast-check';
import t from 'tap';
import type { Condition } from '../../types.js';
import { PEOPLE } from '../conditions-cases.js';
import { cluster, contact, freshStorage, skipWithoutPostgres } from './test-support.js';

// D3 on PostgreSQL at the store: the operator cases themselves run over HTTP on both stores
// (store/conditions.test.ts); these are the store's own: every workspace, paging, and what only
// PostgreSQL's text needs.
const pg = await cluster();
if (!pg) skipWithoutPostgres(t);
else {
  const { storage } = await freshStorage(t, pg);
  const HOME = 'ws-home';
  const people = PEOPLE;
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
  const letters = (rows: string[]) => rows.map((row) => letterOf.get(JSON.parse(row).cdId) ?? '?').join('');
  // Conditions the request schema refuses, which the store still answers safely.
  t.test('eq on a text that is no instant, and startsWith on tags, match nothing', async (t) => {
    t.equal(
      letters(await storage.contacts.query(HOME, [c('createdAt', 'eq', 'yesterday')], { limit: 10, offset: 0 })),
      '',
    );
    t.equal(letters(await storage.contacts.query(HOME, [c('tags', 'startsWith', 'm')], { limit: 10, offset: 0 })), '');
  });

  t.test('contains on cdId folds case (ids are ASCII)', async (t) => {
    t.equal(letters(await storage.contacts.query(HOME, [c('cdId', 'contains', 'D_B')], { limit: 10, offset: 0 })), 'B');
  });

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
      (await storage.contacts.query(HOME, conditions, { limit: 100, offset: 0 })).map(
        (row) => idOf.get(JSON.parse(row).cdId)!,
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
