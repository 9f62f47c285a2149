import t from 'tap';
import { loadContract, NAMES } from '../../spec/index.js';
import type { CheckContext } from '../types.js';
import { narrowedToRun } from './well-formed.js';

const contract = await loadContract();
const ctx = { contract, config: { runTag: 'conformance-run-1' } } as unknown as CheckContext;
const max = (contract.schemas.QueryRequest as { properties: { conditions: { maxItems: number } } }).properties
  .conditions.maxItems;
const runTag = { field: NAMES.fields.tags, op: 'contains', value: 'conformance-run-1' };
const generated = (n: number) => Array.from({ length: n }, (_, i) => ({ field: 'lastName', op: 'eq', value: `w${i}` }));
const validRequest = contract.compile(contract.schemas.QueryRequest!);

t.test('a query gets the run tag beside its generated conditions', async (t) => {
  const body = { conditions: generated(2), countOnly: true };
  const narrowed = narrowedToRun(ctx, body);
  t.same(narrowed, { conditions: [...generated(2), runTag], countOnly: true });
  t.ok(validRequest(narrowed), 'still a valid query');
  t.same(body.conditions, generated(2), 'the body it was given is left as it is');
  t.same(narrowedToRun(ctx, { conditions: [] }), { conditions: [runTag] });
});

t.test("at the contract's most conditions the last generated one gives way", async (t) => {
  const narrowed = narrowedToRun(ctx, { conditions: generated(max) }) as { conditions: unknown[] };
  t.equal(narrowed.conditions.length, max);
  t.same(narrowed.conditions, [...generated(max - 1), runTag]);
  t.ok(validRequest(narrowed));
});

t.test('a body without conditions is left alone', async (t) => {
  t.same(narrowedToRun(ctx, { countOnly: true }), { countOnly: true });
  t.equal(narrowedToRun(ctx, undefined), undefined);
});
