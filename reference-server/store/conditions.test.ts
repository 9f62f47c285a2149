import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { postgresMissing, startPostgres } from '../../test/helpers/postgres.js';
import { createContact, startServer } from '../testing/harness.js';
import { c, CASES, PEOPLE, resolveIds } from './conditions-cases.js';
import { checkQueryOps } from './query-model.js';
import { OPERATORS } from './sqlite/conditions.js';

// D3, operator by operator, over HTTP against a small known set in one workspace, on each store:
// SQLite, and PostgreSQL where it is installed (a throwaway cluster).
const stores: Array<[string, string | undefined]> = [['SQLite', ':memory:']];
const pg = postgresMissing() ? undefined : await startPostgres();
if (pg) {
  t.teardown(pg.stop);
  stores.push(['PostgreSQL', await pg.database()]);
} else t.comment(`PostgreSQL: ${postgresMissing()}`);

const clock = Date.parse('2026-01-01T00:00:00.000Z');
const server = await startServer({ fixtures: false, now: () => clock });
t.teardown(server.close);

for (const [store, db] of stores) {
  t.test(`the operators on ${store}`, async (t) => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const target = await startServer({ fixtures: false, now: () => now, db });
    t.teardown(target.close);
    const letterOf = new Map<string, string>();
    const idOf: Record<string, string> = {};
    for (const [letter, contact] of Object.entries(PEOPLE)) {
      const id = await createContact(target, contact); // A at :00, B at :01, C at :02, D at :03
      letterOf.set(id, letter);
      idOf[letter] = id;
      now += 1000;
    }
    for (const [name, conditions, want] of CASES) {
      t.test(name, async (t) => {
        const body = { conditions: resolveIds(conditions, idOf) };
        const reply = await target.call('POST', '/contacts/query', { body });
        t.equal(reply.status, 200, reply.text);
        t.equal(reply.json.map((contact: { cdId: string }) => letterOf.get(contact.cdId)).join(''), want);
        const counted = await target.call('POST', '/contacts/query', {
          body: { ...body, countOnly: true, limit: 1, offset: 3 },
        });
        t.same(counted.json, { count: want.length }, 'countOnly counts every match, ignoring paging');
      });
    }
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
