/**
 * A `limit` or `offset` that is not a base-10 integer, is out of range, is
 * huge or is given twice is `422 VALIDATION_ERROR` naming that input; it is
 * never clamped or ignored (D2). Covers every paging input of the contract:
 * query parameters and query-body properties alike.
 */
import { formatField } from '../../spec/index.js';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { errorCode, missesError } from '../support/error-code.js';
import { pagingInputs, type PagingInput } from '../support/paging.js';
import { invalidPagingValues, type InvalidValue } from '../support/invalid-paging-values.js';
import { wellFormedCall } from '../support/well-formed.js';
import { exchange, scaledRuns } from '../support/finding.js';

const ID = 'pagination-invalid';

async function probe(ctx: CheckContext, input: PagingInput, bad: InvalidValue): Promise<FindingInput | undefined> {
  const op = input.operation;
  const others = new Set(
    pagingInputs(ctx)
      .filter((i) => i.operation === op)
      .map((i) => i.name),
  );
  const call = wellFormedCall(ctx, op);
  // Only the input under test is present, so it is the only fault.
  const query = Object.fromEntries(Object.entries(call.query ?? {}).filter(([name]) => !others.has(name)));
  const options =
    input.in === 'query'
      ? { ...call, query: { ...query, [input.name]: bad.value as string | string[] } }
      : { ...call, query, body: { [input.name]: bad.value } };
  const response = await ctx.client.call(op.id, options);
  const expected = errorCode(ctx.contract, 'validation');
  const problem = missesError(response, expected, formatField([input.name]));
  if (!problem) return undefined;
  // Refused but blaming another field is one bug whatever the value; accepting a kind of value is another.
  const refused = missesError(response, expected) === undefined;
  return {
    severity: 'error',
    operation: op.id,
    key: `${ID}:${op.id}:${input.name}:${refused ? 'field' : bad.kind}`,
    message: `${op.method} ${op.path} with ${input.in} ${input.name} ${bad.kind} (${JSON.stringify(bad.value)}): ${problem}`,
    ...exchange(response),
  };
}

export const paginationInvalid: Check = {
  id: ID,
  description:
    'Invalid, out-of-range, huge or repeated limit/offset values are 422 VALIDATION_ERROR on that input, in query and body',
  area: 'pagination',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    for (const input of pagingInputs(ctx)) {
      const values = invalidPagingValues(input);
      for (const bad of values.fixed) {
        const finding = await probe(ctx, input, bad);
        if (finding) ctx.report(finding);
      }
      await ctx.property({
        name: `${input.operation.id} ${input.in} ${input.name}`,
        arbitrary: values.arbitrary,
        predicate: (bad) => probe(ctx, input, bad),
        runs: scaledRuns(ctx, 1, 4),
      });
    }
  },
};
