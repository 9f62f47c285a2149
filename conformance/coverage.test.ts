import t from 'tap';
import { loadContract, type OperationSpec } from '../spec/index.js';
import { fakeResponse } from '../test/helpers/fake-response.js';
import { bodyEnumFields, createCoverage } from './coverage.js';
import type { ApiResponse } from './types.js';

const contract = await loadContract();
const base = 'http://127.0.0.1:1/api/v2';

// A read with several query parameters, and the operation whose body carries the query conditions.
const list = contract.operations.find(
  (op) => op.method === 'GET' && op.parameters.filter((p) => p.in === 'query').length >= 2,
)!;
const operators = (contract.schemas.QueryCondition as { properties: { op: { enum: string[] } } }).properties.op.enum;
const query = contract.operations.find(
  (op) => op.body && [...bodyEnumFields(op.body.schema).values()].some((e) => e.values.join() === operators.join()),
)!;
const opField = [...bodyEnumFields(query.body!.schema)].find(([, e]) => e.values.join() === operators.join())![0];

function exchange(
  operation: OperationSpec,
  status: number,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): ApiResponse {
  const response = fakeResponse({ status, method: operation.method, url });
  return {
    ...response,
    request: { ...response.request, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) },
  };
}

t.test('the query operators are found in the query body schema', async (t) => {
  t.ok(list, 'a read with query parameters');
  t.ok(query, 'an operation whose body has the operators');
  t.equal(opField, 'conditions[].op');
});

t.test('statuses and parameters seen, and what was never exercised', async (t) => {
  const coverage = createCoverage(contract);
  const [first, second] = list.parameters.filter((p) => p.in === 'query');
  coverage.observe(exchange(list, 200, `${base}${list.path}?${first!.name}=1`), list);
  coverage.observe(exchange(list, 418, `${base}${list.path}`), list);
  // No answer, and calls outside the contract, exercise nothing.
  coverage.observe(exchange(list, 0, `${base}${list.path}?${second!.name}=1`), list);
  coverage.observe(exchange(list, 200, `${base}/nowhere?${second!.name}=1`), undefined);

  const result = coverage.result();
  t.match(result.contract, { title: String, version: /\S/ });
  const entry = result.operations.find((o) => o.operation === list.id)!;
  t.equal(entry.requests, 2);
  t.same(entry.statuses.seen, ['200']);
  t.ok(entry.statuses.notSeen.length > 0 && !entry.statuses.notSeen.includes('200'));
  t.same(entry.statuses.undeclared, ['418']);
  t.ok(entry.parameters.exercised.includes(first!.name));
  t.ok(entry.parameters.notExercised.includes(second!.name));
  t.ok(result.neverExercised.some((line) => line.startsWith(`${list.id}: parameter `) && line.includes(second!.name)));
  t.ok(result.neverExercised.includes(`${query.id}: never called`));
  t.equal(result.operations.length, contract.operations.length, 'every operation is listed');
});

t.test('query operators are read from the request body; values outside the enum do not count', async (t) => {
  const coverage = createCoverage(contract);
  const body = {
    conditions: [
      { field: 'cdId', op: operators[0], value: 'x' },
      { field: 'tags', op: operators[1], value: ['a'] },
      { field: 'tags', op: 'bogus', value: 1 },
    ],
  };
  coverage.observe(exchange(query, 200, `${base}${query.path}`, body), query);
  coverage.observe(exchange(query, 422, `${base}${query.path}`, 'not an object'), query);
  const entry = coverage.result().operations.find((o) => o.operation === query.id)!;
  const ops = entry.bodyEnums.find((e) => e.field === opField)!;
  t.same(ops.exercised, operators.slice(0, 2));
  t.same(ops.notExercised, operators.slice(2));
  t.same(entry.statuses.seen.sort(), ['200', '422']);
  t.ok(coverage.result().neverExercised.includes(`${query.id}: ${opField} ${operators.slice(2).join(', ')}`));
});

t.test('a header parameter counts when the request carries it, whatever its case', async (t) => {
  const withHeader = contract.operations.find((op) => op.parameters.some((p) => p.in === 'header'))!;
  const header = withHeader.parameters.find((p) => p.in === 'header')!;
  const coverage = createCoverage(contract);
  coverage.observe(
    exchange(withHeader, 200, `${base}${withHeader.path}`, {}, { [header.name.toLowerCase()]: 'k1' }),
    withHeader,
  );
  const entry = coverage.result().operations.find((o) => o.operation === withHeader.id)!;
  t.ok(entry.parameters.exercised.includes(header.name));
});

t.test('a run reports its coverage: the smoke check calls every operation', async (t) => {
  const { createReferenceServer } = await import('../reference-server/index.js');
  const { runConformance } = await import('./runner.js');
  const { silentLogger } = await import('../reference-server/index.js');
  const server = await createReferenceServer({ port: 0, logger: silentLogger });
  t.teardown(() => server.close());
  const report = await runConformance({
    baseUrl: server.url,
    apiKey: server.demoKeys[0]!.apiKey,
    runs: 2,
    seed: 1,
    checks: ['operations-smoke'],
  });
  t.ok(report.coverage, 'the report has coverage');
  for (const entry of report.coverage!.operations) {
    t.ok(entry.requests > 0, `${entry.operation} was called`);
    t.ok(entry.statuses.seen.length > 0, `${entry.operation} answered a declared status`);
  }
  t.notOk(report.coverage!.neverExercised.some((line) => line.endsWith('never called')));
});

t.test('the summary line lists what was never exercised, cut to one line', async (t) => {
  const { coverageLine } = await import('./coverage.js');
  const few = {
    contract: { title: 'T', version: '2' },
    operations: [],
    neverExercised: ['a: status 409', 'b: parameter offset'],
  };
  t.equal(coverageLine(few), 'never exercised: a: status 409; b: parameter offset');
  const many = { ...few, neverExercised: Array.from({ length: 100 }, (_, i) => `operation${i}: status 409`) };
  const line = coverageLine(many);
  t.notMatch(line, /\n/);
  t.ok(line.length < 500);
  t.match(line, /; … and \d+ more in the report$/);
  t.equal(
    coverageLine({ ...few, neverExercised: [] }),
    'coverage: every declared status, parameter and body value was exercised',
  );
});
