import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { contactDifferences, contactShape, expectedDraft, mergedDraft } from './contact-model.js';

const contract = await loadContract();
const ctx = {
  contract,
  workspace: {
    workspaceId: 'w',
    customFields: [
      { slug: 'donor_level', type: 'string' as const },
      { slug: 'score', type: 'number' as const },
    ],
  },
};

t.test('the shape comes from the contract', async (t) => {
  const shape = contactShape(contract);
  t.same(shape.nameParts, ['firstName', 'middleName', 'lastName']);
  t.equal(shape.fullname, 'fullname');
  t.ok(shape.standard.includes('notes') && !shape.standard.includes('cdId'), 'writable string fields only');
});

t.test('a create: empty strings absent, fullname derived, custom fields by slug', async (t) => {
  const draft = expectedDraft(contract, {
    firstName: 'Ada',
    middleName: '',
    lastName: 'L',
    tags: ['a'],
    customFields: { donor_level: 'gold' },
  });
  t.same(draft, {
    firstName: 'Ada',
    lastName: 'L',
    tags: ['a'],
    externalIds: {},
    donor_level: 'gold',
    fullname: 'Ada L',
  });
});

t.test('a PUT: supplied fields only, maps merged, tags replaced, empty string clears', async (t) => {
  const current = {
    cdId: 'c',
    firstName: 'Ada',
    lastName: 'L',
    fullname: 'Ada L',
    tags: ['a'],
    externalIds: { x: '1' },
    donor_level: 'gold',
    score: 1,
  };
  const merged = mergedDraft(contract, current, {
    firstName: '',
    tags: ['b'],
    externalIds: { y: '2' },
    customFields: { score: 2 },
  });
  t.same(merged, {
    cdId: 'c',
    lastName: 'L',
    fullname: 'L',
    tags: ['b'],
    externalIds: { x: '1', y: '2' },
    donor_level: 'gold',
    score: 2,
  });
});

t.test('differences name each field; tag order and unknown keys do not count', async (t) => {
  const expected = { firstName: 'A', fullname: 'A', tags: ['x', 'y'], externalIds: { s: '1' }, score: 2 };
  t.same(contactDifferences(ctx, expected, { ...expected, tags: ['y', 'x'], somethingNew: true }), []);
  t.same(contactDifferences(ctx, expected, { ...expected, score: '2', externalIds: {} }), [
    'score: expected 2, got "2"',
    'externalIds: expected {"s":"1"}, got {}',
  ]);
});
