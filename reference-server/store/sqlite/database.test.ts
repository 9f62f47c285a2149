import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadContract } from '../../../spec/index.js';
import { createSqliteContacts } from './contacts.js';
import { nativeLoadError, openDatabase } from './database.js';

const abi = Object.assign(
  new Error(
    "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
      'was compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\n' +
      'NODE_MODULE_VERSION 127. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).',
  ),
  { code: 'ERR_DLOPEN_FAILED' },
);
const elf = Object.assign(
  new Error('/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node: invalid ELF header'),
  { code: 'ERR_DLOPEN_FAILED' },
);
const missing = new Error(
  'Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node',
);

// [name, the loader's error, the message, or undefined when the error is passed on as it is]
const cases: Array<[string, unknown, RegExp | undefined]> = [
  [
    'an ABI mismatch',
    abi,
    /^better-sqlite3 was built for another Node\.js version \(built for NODE_MODULE_VERSION 115, this Node\.js v[\d.]+ needs 127\); run `npm rebuild better-sqlite3`$/,
  ],
  [
    'only one version named',
    new Error('NODE_MODULE_VERSION 108'),
    /^better-sqlite3 was built for another Node\.js version \(NODE_MODULE_VERSION 108\); run `npm rebuild/,
  ],
  [
    'another dlopen failure',
    elf,
    /^better-sqlite3's native module could not be loaded \(\/app\/.*invalid ELF header\); run `npm rebuild better-sqlite3`$/,
  ],
  [
    'a module never built',
    missing,
    /^better-sqlite3's native module could not be loaded \(Could not locate the bindings file\. Tried:\); run/,
  ],
  [
    'a database error',
    Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' }),
    undefined,
  ],
  ['not an error at all', 'boom', undefined],
];
for (const [name, error, want] of cases) {
  t.test(`nativeLoadError: ${name}`, async (t) => {
    const mapped = nativeLoadError(error);
    if (want === undefined) return void t.equal(mapped, undefined);
    t.match(mapped?.message, want);
    t.notMatch(mapped?.message, /\n/, 'one line');
    t.equal(mapped?.cause, error, 'the original is kept as the cause');
  });
}

t.test('openDatabase passes other errors on unchanged', async (t) => {
  t.throws(() => openDatabase('/nonexistent-dir/x.db'), /directory does not exist/);
});

t.test('a database written before the tag index gets it from the stored documents, once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-tags-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'old.db');
  const contract = await loadContract();
  const count = (db: ReturnType<typeof openDatabase>, tag: string) =>
    createSqliteContacts(db, () => '', contract.listOrder).count('ws', [{ field: 'tags', op: 'contains', value: tag }]);
  const db = openDatabase(path);
  const store = createSqliteContacts(db, () => '', contract.listOrder);
  const at = '2026-01-01T00:00:00.000Z';
  const doc = { tags: ['vip', 'lead', 'vip'], externalIds: {} } as never;
  await store.insert({ workspaceId: 'ws', cdId: 'cd_1', createdAt: at, updatedAt: at, createdBy: null, doc } as never);
  t.equal(await count(db, 'vip'), 1, 'written with the store: found by its tag');
  // As a database of an earlier version: no tag rows, and no note that they were made.
  db.exec("DELETE FROM contact_tags; DELETE FROM meta WHERE key = 'tags_indexed'");
  t.equal(await count(db, 'vip'), 0);
  db.close();
  const reopened = openDatabase(path);
  t.equal(await count(reopened, 'vip'), 1, 'indexed when opened');
  t.equal(await count(reopened, 'lead'), 1);
  t.equal(await count(reopened, 'vi'), 0, 'a tag is matched whole');
  t.equal(reopened.prepare('SELECT count(*) FROM contact_tags').pluck().get(), 2, 'one row per distinct tag');
  reopened.close();
});
