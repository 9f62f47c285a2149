import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { createContact, startServer } from '../testing/harness.js';
import { checkQueryOps } from './query-model.js';
import { OPERATORS } from './sqlite/conditions.js';

// D3, operator by operator, over HTTP against a small known set in one workspace.
let clock = Date.parse('2026-01-01T00:00:00.000Z');
const server = await startServer({ fixtures: false, now: () => clock });
t.teardown(server.close);

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
const idOf: Record<string, string> = {};
for (const [letter, contact] of Object.entries(people)) {
  const id = await createContact(server, contact); // A at :00, B at :01, C at :02, D at :03
  letterOf.set(id, letter);
  idOf[letter] = id;
  clock += 1000;
}

type Cond = { field: string; op: string; value: unknown };
const c = (field: string, op: string, value: unknown): Cond => ({ field, op, value });
const at = (s: number) => `2026-01-01T00:00:0${s}Z`;

const cases: Array<[string, Cond[], string]> = [
  ['eq is case-sensitive', [c('firstName', 'eq', 'Ada')], 'A'],
  ['eq is type-strict: number vs string', [c('customFields.donor_level', 'eq', 5)], ''],
  ['eq on a string custom field', [c('customFields.donor_level', 'eq', '5')], 'B'],
  ['eq on a number', [c('customFields.lifetime_giving', 'eq', 5)], 'B'],
  ['eq on a fractional number', [c('customFields.lifetime_giving', 'eq', 5.5)], 'C'],
  ['eq on a boolean', [c('customFields.volunteer', 'eq', true)], 'A'],
  ['eq: a boolean is not 1', [c('customFields.volunteer', 'eq', 1)], ''],
  ['eq on an external id', [c('externalIds.crm', 'eq', 'A1')], 'A'],
  ['eq on cdId', [c('cdId', 'eq', '@C')], 'C'],
  ['eq on email', [c('email', 'eq', 'zoe@Example.org')], 'C'],
  ['eq on an instant', [c('createdAt', 'eq', at(1))], 'B'],
  ['eq on an instant with an offset', [c('createdAt', 'eq', '2026-01-01T01:00:01+01:00')], 'B'],
  ['eq on an instant in lower case', [c('createdAt', 'eq', '2026-01-01t00:00:01.000z')], 'B'],
  ['eq on an instant between milliseconds', [c('createdAt', 'eq', '2026-01-01T00:00:01.0004Z')], ''],
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
  ['strings compare by code point', [c('firstName', 'gt', 'B')], 'BD'],
  ['gt on booleans', [c('customFields.volunteer', 'gt', false)], 'A'],
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
  ['in on cdId', [c('cdId', 'in', ['@A', '@C'])], 'AC'],
  ['in on instants', [c('createdAt', 'in', [at(0), at(3)])], 'AD'],
  ['contains is case-insensitive', [c('firstName', 'contains', 'DA')], 'AD'],
  ['contains on email', [c('email', 'contains', 'EXAMPLE')], 'AC'],
  ['contains folds non-ASCII case', [c('notes', 'contains', 'münchen')], 'D'],
  ['contains on tags is an exact tag', [c('tags', 'contains', 'math')], 'A'],
  ['contains on tags: no partial tag', [c('tags', 'contains', 'mat')], ''],
  ['contains never matches a number', [c('customFields.lifetime_giving', 'contains', '5')], ''],
  ['contains on a custom string', [c('customFields.donor_level', 'contains', 'OL')], 'A'],
  ['contains on an external id', [c('externalIds.erp', 'contains', 'e')], 'A'],
  ['startsWith folds case', [c('lastName', 'startsWith', 'zo')], 'C'],
  ['startsWith on non-ASCII', [c('jobTitle', 'startsWith', 'éc')], 'D'],
  ['startsWith on organization', [c('organization', 'startsWith', 'b')], 'B'],
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

const resolve = (value: unknown): unknown =>
  typeof value === 'string' && value.startsWith('@')
    ? idOf[value.slice(1)]
    : Array.isArray(value)
      ? value.map(resolve)
      : value;

for (const [name, conditions, want] of cases) {
  t.test(name, async (t) => {
    const body = { conditions: conditions.map((cond) => ({ ...cond, value: resolve(cond.value) })) };
    const reply = await server.call('POST', '/contacts/query', { body });
    t.equal(reply.status, 200, reply.text);
    t.equal(reply.json.map((contact: { cdId: string }) => letterOf.get(contact.cdId)).join(''), want);
    const counted = await server.call('POST', '/contacts/query', {
      body: { ...body, countOnly: true, limit: 1, offset: 3 },
    });
    t.same(counted.json, { count: want.length }, 'countOnly counts every match, ignoring paging');
  });
}

// [name, body, field]
const invalid: Array<[string, unknown, string]> = [
  ['an undefined custom field', { conditions: [c('customFields.nope', 'eq', 'x')] }, 'conditions[0].field'],
  ['an unknown field', { conditions: [c('cdId', 'eq', 'x'), c('unknown', 'eq', 'x')] }, 'conditions[1].field'],
  ['an unknown op', { conditions: [c('cdId', 'eq', 'x'), c('cdId', 'like', 'x')] }, 'conditions[1].op'],
  ['an op the field does not take', { conditions: [c('tags', 'eq', 'x')] }, 'conditions[0].op'],
  ['a scalar op with an array', { conditions: [c('cdId', 'eq', ['x'])] }, 'conditions[0].value'],
  ['in with an empty list', { conditions: [c('cdId', 'in', [])] }, 'conditions[0].value'],
  ['exists with a string', { conditions: [c('email', 'exists', 'yes')] }, 'conditions[0].value'],
  ['contains with an empty string', { conditions: [c('email', 'contains', '')] }, 'conditions[0].value'],
  ['an instant that is not one', { conditions: [c('createdAt', 'gt', 'yesterday')] }, 'conditions[0].value'],
  ['an unknown key', { conditions: [], sort: 'x' }, 'sort'],
  ['a condition with an extra key', { conditions: [{ ...c('cdId', 'eq', 'x'), extra: 1 }] }, 'conditions[0].extra'],
  ['more than 20 conditions', { conditions: Array.from({ length: 21 }, () => c('cdId', 'eq', 'x')) }, 'conditions'],
  ['countOnly not a boolean', { countOnly: 'yes' }, 'countOnly'],
];
for (const [name, body, field] of invalid) {
  t.test(`422: ${name}`, async (t) => {
    const reply = await server.call('POST', '/contacts/query', { body });
    t.equal(reply.status, 422);
    t.equal(reply.json.error.field, field);
  });
}

// D3: a number is the double it denotes. A long integer's text is read by SQLite as an exact
// int64, while the query's value is the double that text rounds to; both compare as doubles.
t.test('numbers past 2^53 compare as the doubles they denote', async (t) => {
  const big = await startServer({ fixtures: false });
  t.teardown(() => big.close());
  const huge = -240171666119811650;
  const id = await createContact(big, { lastName: 'Big', customFields: { lifetime_giving: huge } });
  for (const [op, value] of [
    ['eq', huge],
    ['in', [huge, 999982]],
    ['gte', huge],
    ['lte', huge],
  ] as const) {
    const reply = await big.call('POST', '/contacts/query', {
      body: { conditions: [c('customFields.lifetime_giving', op, value)] },
    });
    t.same(
      reply.json.map((contact: { cdId: string }) => contact.cdId),
      [id],
      `${op} ${JSON.stringify(value)}`,
    );
  }
});

t.test('every query op of the spec has an operator; a missing one stops start-up, named', async (t) => {
  const contract = await loadContract();
  t.doesNotThrow(() => checkQueryOps(contract, new Set(Object.keys(OPERATORS))));
  const fewer = new Set(Object.keys(OPERATORS).filter((op) => op !== 'startsWith'));
  t.throws(() => checkQueryOps(contract, fewer), /no operator for the query op startsWith$/);
});
