import t from 'tap';
import { loadContract } from '../../spec/index.js';
import type { Condition } from './conditions.js';
import { caseAmbiguous, matches } from './query-model.js';

const contract = await loadContract();
const contact = {
  cdId: 'c1',
  firstName: 'Zoë',
  lastName: 'Doe',
  email: 'jane@example.com',
  tags: ['donor', 'vip'],
  externalIds: { salesforce: '003A' },
  donor_level: 'gold',
  lifetime_giving: 5,
  volunteer: true,
  createdAt: '2026-03-14T09:26:53.589Z',
};

// [condition, expected]: D3's table, one row per rule.
const cases: Array<[string, Condition, boolean]> = [
  ['eq is exact', { field: 'lastName', op: 'eq', value: 'Doe' }, true],
  ['eq is case-sensitive', { field: 'lastName', op: 'eq', value: 'doe' }, false],
  ['eq is type-strict', { field: 'customFields.lifetime_giving', op: 'eq', value: '5' }, false],
  ['ne on a missing field is true', { field: 'middleName', op: 'ne', value: 'x' }, true],
  ['gt on a missing field is false', { field: 'middleName', op: 'gt', value: '' }, false],
  ['strings order by code point', { field: 'firstName', op: 'gt', value: 'Zoz' }, true],
  ['gt across types is false', { field: 'customFields.lifetime_giving', op: 'gt', value: 'a' }, false],
  ['numbers order numerically', { field: 'customFields.lifetime_giving', op: 'lte', value: 5 }, true],
  ['booleans order false before true', { field: 'customFields.volunteer', op: 'gt', value: false }, true],
  ['instants compare as instants', { field: 'createdAt', op: 'eq', value: '2026-03-14T10:26:53.589+01:00' }, true],
  ['in takes any of', { field: 'customFields.donor_level', op: 'in', value: ['silver', 'gold'] }, true],
  ['nin on a missing field is true', { field: 'externalIds.hubspot', op: 'nin', value: ['x'] }, true],
  ['contains ignores case', { field: 'email', op: 'contains', value: 'EXAMPLE' }, true],
  ['startsWith ignores case', { field: 'firstName', op: 'startsWith', value: 'zOË' }, true],
  ['contains on a number is false', { field: 'customFields.lifetime_giving', op: 'contains', value: '5' }, false],
  ['exists false on a missing field', { field: 'phoneWork', op: 'exists', value: false }, true],
  ['external IDs by system', { field: 'externalIds.salesforce', op: 'eq', value: '003A' }, true],
  ['tags contains is an exact tag', { field: 'tags', op: 'contains', value: 'don' }, false],
  ['tags in: has any of', { field: 'tags', op: 'in', value: ['x', 'vip'] }, true],
  ['tags nin: has none of', { field: 'tags', op: 'nin', value: ['vip'] }, false],
  ['tags exists: at least one tag', { field: 'tags', op: 'exists', value: true }, true],
];

for (const [name, condition, want] of cases) {
  t.equal(matches(contract, contact, condition), want, name);
}

t.test('case-ambiguous text', async (t) => {
  t.equal(caseAmbiguous('Zoë Ω'), false);
  t.equal(caseAmbiguous('İstanbul'), true);
  t.equal(caseAmbiguous('straße'), true);
});

t.test('astral characters order after the whole BMP (code points, not UTF-16 units)', async (t) => {
  const astral = { ...contact, notes: '\u{1F600}' };
  t.equal(matches(contract, astral, { field: 'notes', op: 'gt', value: '\uFFFD' }), true);
});
