import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { loadContract } from '../../../spec/index.js';
import type { Page } from '../../types.js';
import { parseRow } from '../storage.js';
import { createSqliteContacts } from './contacts.js';
import { type Db, openDatabase, POSITION_INDEX } from './database.js';

// D2 on SQLite: a plain list page and a whole-workspace count come from the contacts' positions
// while rows are stored in list order, and from the list-order index once they are not. Both give
// the list D2 defines: the (createdAt, cdId) order, at every offset.
const contract = await loadContract();
const dir = mkdtempSync(join(tmpdir(), 'cd-positions-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const at = (second: number) => new Date(Date.UTC(2026, 0, 1) + second * 1000).toISOString();
interface Stored {
  workspaceId: string;
  cdId: string;
  createdAt: string;
}
function insert(db: Db, stored: Stored[], workspaceId: string, second: number, cdId: string) {
  const contact = { workspaceId, cdId, createdAt: at(second), updatedAt: at(second), createdBy: null };
  stored.push(contact);
  return createSqliteContacts(db, () => '', contract.listOrder).insert({
    ...contact,
    doc: { tags: [], externalIds: {} },
  } as never);
}
/** D2 computed from what was stored, beside the store's pages at every offset. */
async function same(
  t: Test,
  db: Db,
  stored: Stored[],
  what: string,
  store = createSqliteContacts(db, () => '', contract.listOrder),
) {
  for (const workspaceId of ['ws-a', 'ws-b', 'ws-none']) {
    const want = stored
      .filter((c) => c.workspaceId === workspaceId)
      .sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.cdId < y.cdId ? -1 : 1))
      .map((c) => c.cdId);
    t.equal(await store.count(workspaceId, []), want.length, `${what}: ${workspaceId} counted`);
    for (const page of [
      { limit: 3, offset: 0 },
      { limit: 4, offset: 5 },
      { limit: 100, offset: want.length - 2 },
      { limit: 5, offset: want.length },
      { limit: 5, offset: want.length + 7 },
    ] satisfies Page[]) {
      const expected = want.slice(page.offset, page.offset + page.limit);
      const listed = (await store.list(workspaceId, page)).map((row) => parseRow(row).cdId);
      const queried = (await store.query(workspaceId, [], page)).map((row) => parseRow(row).cdId);
      t.same(listed, expected, `${what}: ${workspaceId} listed at ${JSON.stringify(page)}`);
      t.same(queried, expected, `${what}: ${workspaceId} queried without conditions at ${JSON.stringify(page)}`);
    }
  }
}

t.test('rows stored in list order, two workspaces interleaved', async (t) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  const stored: Stored[] = [];
  for (let i = 0; i < 40; i++) await insert(db, stored, i % 3 === 0 ? 'ws-b' : 'ws-a', i, `cd_${100 + i}`);
  await same(t, db, stored, 'in order');
});

t.test('a row stored out of list order: pages still follow D2', async (t) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  const stored: Stored[] = [];
  for (let i = 0; i < 20; i++) await insert(db, stored, 'ws-a', 10 + i, `cd_${100 + i}`);
  const earlier = createSqliteContacts(db, () => '', contract.listOrder);
  await same(t, db, stored, 'in order so far', earlier);
  await insert(db, stored, 'ws-a', 3, 'cd_050'); // a clock set back: first in the list, stored last
  for (let i = 20; i < 25; i++) await insert(db, stored, 'ws-a', 10 + i, `cd_${100 + i}`);
  await same(t, db, stored, 'out of order');
  await same(t, db, stored, 'out of order, by a store made before', earlier);
});

t.test('an update that moves a contact: pages still follow D2', async (t) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  const stored: Stored[] = [];
  const records = [];
  for (let i = 0; i < 20; i++) records.push(await insert(db, stored, 'ws-a', i, `cd_${100 + i}`));
  const store = createSqliteContacts(db, () => '', contract.listOrder);
  await same(t, db, stored, 'before the update');
  await store.update({ ...records[2]!, createdAt: at(500) });
  stored[2]!.createdAt = at(500);
  await same(t, db, stored, 'moved to the end');
});

t.test('a database written before positions existed gets them when it is opened', async (t) => {
  const path = join(dir, 'old.db');
  const db = openDatabase(path);
  const stored: Stored[] = [];
  for (let i = 0; i < 30; i++) await insert(db, stored, i % 2 ? 'ws-b' : 'ws-a', i, `cd_${100 + i}`);
  // As a database of an earlier version: no position column.
  db.exec(`DROP INDEX ${POSITION_INDEX}; ALTER TABLE contacts DROP COLUMN position`);
  db.close();
  const reopened = openDatabase(path);
  t.teardown(() => reopened.close());
  const positions = reopened
    .prepare("SELECT position FROM contacts WHERE workspace_id = 'ws-b' ORDER BY id")
    .pluck()
    .all();
  t.same(
    positions,
    Array.from({ length: 15 }, (_, i) => i),
    'numbered in the order stored',
  );
  await same(t, reopened, stored, 'reopened');
  for (let i = 30; i < 34; i++) await insert(reopened, stored, 'ws-b', i, `cd_${100 + i}`);
  await same(t, reopened, stored, 'written after reopening');
});
