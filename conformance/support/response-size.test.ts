import t from 'tap';
import { loadContract, type JsonSchema } from '../../spec/index.js';
import { declaredMaxBytes, readLimitBytes } from './response-size.js';

t.test('the largest JSON text of declared fields', async (t) => {
  const cases: Array<[string, JsonSchema, number]> = [
    ['a bounded string', { type: 'string', maxLength: 10 }, 2 + 10 * 12],
    ['an unbounded string', { type: 'string' }, Infinity],
    ['an array of booleans', { type: 'array', maxItems: 3, items: { type: 'boolean' } }, 2 + 3 * 6],
    ['an object with one property', { type: 'object', properties: { ab: { type: 'integer' } } }, 2 + 2 * 12 + 4 + 32],
    ['an open object counts only what it declares', { type: 'object', additionalProperties: true, properties: {} }, 2],
    [
      'the larger branch',
      {
        anyOf: [
          { type: 'string', maxLength: 1 },
          { type: 'string', maxLength: 5 },
        ],
      },
      2 + 5 * 12,
    ],
  ];
  for (const [name, schema, want] of cases) t.equal(declaredMaxBytes(schema), want, name);
});

t.test("the read limit covers the contract's largest response", async (t) => {
  const contract = await loadContract();
  const list = contract.operation('listContacts').responses.get('200')!.schema!;
  const limit = readLimitBytes(contract);
  t.ok(limit >= declaredMaxBytes(list), `a list page at every maximum fits (${limit} bytes)`);
  t.ok(limit <= 64 * 1024 * 1024, 'and the limit stays bounded');
});
