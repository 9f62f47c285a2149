/**
 * The rules the spec states as extensions (D18): `x-list-order` and `x-search-fields` on Contact,
 * `x-system-managed` on ContactFields, as the compiled contract exposes them, and a spec that lacks
 * or misnames one does not load.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { DEFAULT_SPEC_PATH, loadContract } from '../../spec/index.js';

t.test('the contract exposes the list order, the searched fields and the system-managed fields', async (t) => {
  const contract = await loadContract();
  t.same(contract.listOrder, [
    { field: 'createdAt', direction: 'asc' },
    { field: 'cdId', direction: 'asc' },
  ]);
  t.ok(
    contract.searchFields.includes('tags') && !contract.searchFields.includes('notes'),
    contract.searchFields.join(', '),
  );
  t.same([...contract.systemManaged].sort(), [
    '_id',
    'cdId',
    'createdAt',
    'createdBy',
    'fullname',
    'updatedAt',
    'workspaceId',
  ]);
});

const broken: Array<[string, (yaml: string) => string, RegExp]> = [
  ['without x-list-order', (y) => y.replace(/ {6}x-list-order:\n(?: {8}.*\n)+/, ''), /no x-list-order/],
  [
    'with an unknown order field',
    (y) => y.replace(/^ {8}- field: cdId$/m, '        - field: cd_id'),
    /x-list-order entry/,
  ],
  ['without x-search-fields', (y) => y.replace(/ {6}x-search-fields:\n(?: {8}.*\n)+/, ''), /no x-search-fields/],
  [
    'with an unknown searched field',
    (y) => y.replace(/^ {8}- jobTitle$/m, '        - title'),
    /x-search-fields names "title"/,
  ],
];
for (const [name, change, error] of broken) {
  t.test(`a spec ${name} does not load`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'cd-spec-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const yaml = await readFile(DEFAULT_SPEC_PATH, 'utf8');
    const changed = change(yaml);
    t.not(changed, yaml, 'the edit applies');
    await writeFile(join(dir, 'openapi.yaml'), changed);
    await t.rejects(loadContract(join(dir, 'openapi.yaml')), error);
  });
}
