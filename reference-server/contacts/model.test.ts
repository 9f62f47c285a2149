import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { createContactModel } from './model.js';

const model = createContactModel(await loadContract());

t.test('standard fields come from the schema', async (t) => {
  t.ok(model.standardFields.includes('email'));
  t.notOk(model.standardFields.includes('workspaceId'), 'system-managed fields are not written');
  t.notOk(model.standardFields.includes('tags'));
});

t.test('build derives fullname, drops empty strings and ignores system fields', async (t) => {
  const draft = model.build(
    { firstName: 'Ada', middleName: '', lastName: 'L', workspaceId: 'x', cdId: 'y', fullname: 'z' },
    'w',
    'u',
  );
  t.same(draft, {
    workspaceId: 'w',
    createdBy: 'u',
    doc: { firstName: 'Ada', lastName: 'L', fullname: 'Ada L', tags: [], externalIds: {}, customFields: {} },
  });
});

t.test('keys such as __proto__ stay data', async (t) => {
  const fields = JSON.parse('{"firstName":"A","externalIds":{"constructor":"1"},"customFields":{"__proto__":"x"}}');
  const { doc } = model.build(fields, 'w', null);
  t.equal(Object.getPrototypeOf(doc.customFields), Object.prototype);
  t.same(Object.keys(doc.customFields), ['__proto__']);
  t.equal(doc.externalIds.constructor as unknown, '1');
  const read = model.flatten({ ...model.build(fields, 'w', null), cdId: 'c', createdAt: 'a', updatedAt: 'b' });
  t.equal(Object.getPrototypeOf(read), Object.prototype, 'a flattened custom __proto__ is an own key');
  t.ok(Object.hasOwn(read, '__proto__'));
});

t.test('flatten: spec order, custom fields before the timestamps', async (t) => {
  const record = {
    ...model.build({ lastName: 'L', firstName: 'F', customFields: { z: 1 }, tags: ['t'] }, 'w', null),
    cdId: 'c',
    createdAt: 'a',
    updatedAt: 'b',
  };
  t.same(Object.keys(model.flatten(record)), [
    'cdId',
    'firstName',
    'lastName',
    'fullname',
    'tags',
    'externalIds',
    'z',
    'createdAt',
    'updatedAt',
  ]);
});

t.test('merge changes only what is supplied (D6)', async (t) => {
  const record = {
    ...model.build({ firstName: 'F', tags: ['a'], externalIds: { x: '1' }, customFields: { k: 1 } }, 'w', null),
    id: 1,
    cdId: 'c',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const merged = model.merge(
    record,
    { lastName: 'L', externalIds: { y: '2' }, customFields: { j: true } },
    Date.parse('2026-02-01T00:00:00Z'),
  );
  t.same(merged.doc, {
    firstName: 'F',
    lastName: 'L',
    fullname: 'F L',
    tags: ['a'],
    externalIds: { x: '1', y: '2' },
    customFields: { k: 1, j: true },
  });
  t.equal(merged.updatedAt, '2026-02-01T00:00:00.000Z');
  t.equal(merged.createdAt, record.createdAt);
});

t.test('search text holds the searched fields, not notes', async (t) => {
  const { doc } = model.build(
    { firstName: 'F', email: 'e@x.io', notes: 'secret', tags: ['tg'], primaryPhone: '+1 5' },
    'w',
    null,
  );
  t.notMatch(model.searchText(doc), /secret/);
  t.match(model.searchText(doc), /e@x\.io/);
  t.match(model.searchText(doc), /tg/);
});
