import t from 'tap';
import { loadContract } from '../../../spec/index.js';
import type { Condition, Page } from '../../types.js';
import { parseRow } from '../storage.js';
import { createSqliteContacts, tagPlanner } from './contacts.js';
import { openDatabase } from './database.js';

// D3 on tags, under both plans a query can take: the same rows, in the list order, at any page.
const contract = await loadContract();
const db = openDatabase(':memory:');
t.teardown(() => db.close());

const N = 300;
const tagsOf = (i: number) => [
  ...(i % 3 !== 0 ? ['common'] : []),
  ...(i % 10 === 0 ? ['mid'] : []),
  ...(i === 7 || i === 250 ? ['rare'] : []),
];
const orgOf = (i: number) => (i % 4 === 0 ? 'Globex' : 'Initech');
const writer = createSqliteContacts(db, () => '', contract.listOrder);
for (let i = 0; i < N; i++) {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const doc = { organization: orgOf(i), tags: tagsOf(i), externalIds: {} } as never;
  const cdId = `cd_${String(i).padStart(4, '0')}`;
  await writer.insert({ workspaceId: 'ws', cdId, createdAt: at, updatedAt: at, createdBy: null, doc } as never);
}

const c = (field: string, op: string, value: unknown): Condition => ({ field, op, value }) as Condition;
// [name, conditions, which contacts match]
const cases: Array<[string, Condition[], (i: number) => boolean]> = [
  ['a common tag', [c('tags', 'contains', 'common')], (i) => tagsOf(i).includes('common')],
  ['a rare tag', [c('tags', 'contains', 'rare')], (i) => i === 7 || i === 250],
  ['a tag nobody holds', [c('tags', 'contains', 'absent')], () => false],
  ['in: any of two', [c('tags', 'in', ['rare', 'mid'])], (i) => i === 7 || i === 250 || i % 10 === 0],
  ['nin: none of', [c('tags', 'nin', ['common'])], (i) => i % 3 === 0],
  [
    'a common tag and another field',
    [c('tags', 'contains', 'common'), c('organization', 'eq', 'Globex')],
    (i) => i % 3 !== 0 && i % 4 === 0,
  ],
  ['two tags', [c('tags', 'contains', 'common'), c('tags', 'contains', 'mid')], (i) => i % 3 !== 0 && i % 10 === 0],
];
const pages: Page[] = [
  { limit: 10, offset: 0 },
  { limit: 5, offset: 60 },
  { limit: 100, offset: 150 },
  { limit: 100, offset: 290 },
];
const ids = (rows: string[]) => rows.map((row) => parseRow(row).cdId);

for (const plan of ['drive', 'probe', undefined] as const) {
  const store = createSqliteContacts(db, () => '', contract.listOrder, plan === undefined ? {} : { tagPlan: plan });
  t.test(plan === undefined ? 'the plan the store chooses' : `every query ${plan}s`, async (t) => {
    for (const [name, conditions, matches] of cases) {
      const all = Array.from({ length: N }, (_, i) => i)
        .filter(matches)
        .map((i) => `cd_${String(i).padStart(4, '0')}`);
      for (const page of pages) {
        const rows = await store.query('ws', conditions, page);
        t.same(ids(rows), all.slice(page.offset, page.offset + page.limit), `${name}, ${JSON.stringify(page)}`);
      }
      t.equal(await store.count('ws', conditions), all.length, `${name}: counted`);
      t.same(await store.query('other', conditions, pages[0]!), [], `${name}: another workspace sees none`);
    }
  });
}

t.test('the planner probes only where many contacts hold the tags for the page asked', async (t) => {
  const choose = tagPlanner(db);
  const first = { limit: 10, offset: 0 };
  // sqrt(10 * 300 / 0.1) ≈ 173 entries decide: 200 contacts hold `common`, 30 `mid`, 2 `rare`.
  t.equal(choose(first)(['common']), 'probe');
  t.equal(choose(first)(['mid']), 'drive');
  t.equal(choose(first)(['rare']), 'drive');
  t.equal(choose(first)(['absent']), 'drive');
  t.equal(choose(first)(['mid', 'rare', 'common']), 'probe', 'the tags of `in` count together');
  t.equal(choose({ limit: 10, offset: 280 })(['common']), 'drive', 'a deep page: the walk would be long');
});
