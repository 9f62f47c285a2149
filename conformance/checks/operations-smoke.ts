/**
 * Drives every operation of the contract with a few seeded, valid requests
 * (writes only as dry runs, D7), so that even a read-only run puts every
 * response check on every operation. A valid request may be refused only for
 * a rule the schema cannot express (422) or, on a path with an id, an unknown
 * id (404); and every operation must succeed at least once.
 */
import * as fc from 'fast-check';
import type { OperationSpec } from '../../spec/index.js';
import { valid } from '../generate/valid.js';
import type { CallOptions, Check, CheckContext, QueryValue } from '../types.js';
import { errorCode } from '../support/error-code.js';
import { idsOf } from '../support/paging.js';
import { bodyArbitrary, isWrite, wellFormedCall } from '../support/well-formed.js';
import { exchange, scaledRuns } from '../support/finding.js';

const ID = 'operations-smoke';

function requests(ctx: CheckContext, op: OperationSpec, knownIds: string[]): fc.Arbitrary<CallOptions> {
  const gen = { compile: ctx.contract.compile };
  const path: Record<string, fc.Arbitrary<string>> = {};
  const query: Record<string, fc.Arbitrary<QueryValue | undefined>> = {};
  for (const p of op.parameters) {
    const values = valid(p.schema, gen);
    if (p.in === 'path') {
      path[p.name] = knownIds.length
        ? fc.oneof({ arbitrary: fc.constantFrom(...knownIds), weight: 3 }, { arbitrary: values.map(String), weight: 1 })
        : values.map(String);
    } else if (p.in === 'query')
      query[p.name] =
        p.name === ctx.contract.names.query.dryRun && isWrite(op)
          ? fc.constant(true)
          : fc.option(values as fc.Arbitrary<QueryValue>, { nil: undefined });
  }
  const body = bodyArbitrary(ctx, op) ?? fc.constant(undefined);
  return fc
    .record({ pathParams: fc.record(path), query: fc.record(query), body })
    .map(({ body: b, ...rest }) => (b === undefined ? rest : { ...rest, body: b }));
}

export const operationsSmoke: Check = {
  id: ID,
  description:
    'Every operation answers seeded valid requests (writes as dry runs) with 2xx, or 422/404 where the schema cannot tell',
  area: 'responses',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const first = await ctx.client.call('listContacts');
    const knownIds = idsOf(first.json).slice(0, 5);
    const tolerated = (op: OperationSpec) => [
      errorCode(ctx.contract, 'validation').status,
      ...(op.parameters.some((p) => p.in === 'path') ? [errorCode(ctx.contract, 'notFound').status] : []),
    ];
    for (const op of ctx.contract.operations) {
      let succeeded = 0;
      await ctx.property({
        name: op.id,
        arbitrary: requests(ctx, op, knownIds),
        runs: scaledRuns(ctx, 5, 10),
        predicate: async (options) => {
          const response = await ctx.client.call(op.id, options);
          if (response.status >= 200 && response.status < 300) succeeded += 1;
          if ((response.status >= 200 && response.status < 300) || tolerated(op).includes(response.status))
            return undefined;
          return {
            severity: 'error',
            operation: op.id,
            key: `${ID}:${op.id}:${response.status}`,
            message: `${op.method} ${op.path} refused a valid request with ${response.status}: ${response.text.slice(0, 200)}`,
          };
        },
      });
      if (succeeded > 0) continue;
      // An empty workspace has no contact an id in the path could name: a 404 is then the right answer.
      if (knownIds.length === 0 && op.parameters.some((p) => p.in === 'path')) {
        ctx.note(`${op.id}: the workspace lists no contact, so only its refusals were judged`);
        continue;
      }
      // One more, plain request, on an existing contact where the path takes an id.
      const call = wellFormedCall(ctx, op);
      const pathParams = Object.fromEntries(
        Object.entries(call.pathParams ?? {}).map(([name, value]) => [name, knownIds[0] ?? value]),
      );
      const last = await ctx.client.call(op.id, { ...call, pathParams });
      if (last.status >= 200 && last.status < 300) continue;
      ctx.report({
        severity: 'error',
        operation: op.id,
        key: `${ID}:${op.id}:never-succeeded`,
        message: `${op.method} ${op.path} answered no valid request with a 2xx (the last: ${last.status})`,
        ...exchange(last),
      });
    }
  },
};
