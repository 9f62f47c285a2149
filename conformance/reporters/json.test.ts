import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import t from 'tap';
import { packageInfo, packagePath } from '../../spec/package-root.js';
import { sampleReport } from '../testing/sample-report.js';
import type {
  CheckResult,
  ConformanceReport,
  Finding,
  FindingBrief,
  KitError,
  RecordedRequest,
  RecordedResponse,
} from '../types.js';
import type * as Public from '../../index.js';
import type { OperationCoverage } from '../coverage.js';
import { formatJson, REPORT_SCHEMA_VERSION } from './json.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const schema = JSON.parse(readFileSync(packagePath('conformance', 'reporters', 'report.schema.json'), 'utf8'));
const validate = addFormats(new Ajv2020({ strict: true, allErrors: true })).compile(schema);
const errorsOf = () => JSON.stringify(validate.errors, null, 2);

t.test('the sample report validates against the shipped schema, with its version fields', async (t) => {
  const parsed = JSON.parse(formatJson(sampleReport));
  t.ok(validate(parsed), errorsOf());
  t.equal(parsed.schemaVersion, REPORT_SCHEMA_VERSION);
  t.same(parsed.kit, packageInfo());
});

t.test('each finding appears once: results give counts', async (t) => {
  const parsed = JSON.parse(formatJson(sampleReport));
  t.same(parsed.findings, sampleReport.findings);
  for (const [i, result] of parsed.results.entries()) {
    t.notOk('findings' in result, `${result.check} does not repeat its findings`);
    t.equal(result.findingCount, sampleReport.results[i]!.findings.length);
  }
  const text = formatJson(sampleReport);
  t.equal(text.split('"key": "repeat"').length - 1, 1, 'the failure is written once');
});

t.test('the schema refuses what it must: it is not vacuous', async (t) => {
  const parsed = JSON.parse(formatJson(sampleReport));
  // The report is spoiled on purpose, so it is read without its type here.
  type Loose = {
    findings: Array<Record<string, unknown>>;
    results: Array<Record<string, unknown>>;
    schemaVersion: number;
  };
  const cases: Array<[string, (r: Loose) => void]> = [
    ['a finding without a key', (r) => delete r.findings[0].key],
    ['an unknown status', (r) => (r.results[0].status = 'maybe')],
    ['another schema version', (r) => (r.schemaVersion = 2)],
    ['findings repeated inside a result', (r) => (r.results[0].findings = [])],
  ];
  for (const [name, spoil] of cases) {
    const copy = structuredClone(parsed);
    spoil(copy);
    t.notOk(validate(copy), `refuses ${name}`);
  }
});

t.test('a real run against the reference server validates, coverage and contract version included', async (t) => {
  const { createReferenceServer, silentLogger } = await import('../../reference-server/index.js');
  const { runConformance } = await import('../runner.js');
  const { loadContract } = await import('../../spec/index.js');
  const server = await createReferenceServer({ port: 0, logger: silentLogger, faults: [] });
  t.teardown(() => server.close());
  const report: ConformanceReport = await runConformance({
    baseUrl: server.url,
    apiKey: server.demoKeys[0]!.apiKey,
    runs: 2,
    seed: 3,
    checks: ['operations-smoke'],
  });
  const parsed = JSON.parse(formatJson(report));
  t.ok(validate(parsed), errorsOf());
  const info = (await loadContract()).document.info as { title: string; version: string };
  t.same(parsed.contract, { title: info.title, version: info.version });
  t.ok(parsed.coverage.operations.length > 0);
});

// Every field of the report's types, spelled out: adding a field to a type without adding it here
// fails the type-check, and adding it here without the schema fails the test below.
type Fields<T> = Record<keyof T, true>;
const finding: Fields<Finding> = {
  check: true,
  severity: true,
  operation: true,
  message: true,
  key: true,
  occurrences: true,
  operations: true,
  related: true,
  more: true,
  request: true,
  response: true,
  seed: true,
  path: true,
  counterexample: true,
  curl: true,
  reproduce: true,
};
const brief: Fields<FindingBrief> = { key: true, operation: true, message: true, counterexample: true, path: true };
const kitError: Fields<KitError> = {
  kind: true,
  message: true,
  stack: true,
  counterexample: true,
  path: true,
  reproduce: true,
};
const request: Fields<RecordedRequest> = { method: true, url: true, headers: true, body: true, bodyEncoding: true };
const response: Fields<RecordedResponse> = {
  status: true,
  headers: true,
  body: true,
  durationMs: true,
  error: true,
  truncated: true,
};
const operationCoverage: Fields<OperationCoverage> = {
  operation: true,
  method: true,
  path: true,
  requests: true,
  statuses: true,
  parameters: true,
  bodyEnums: true,
};
// A result's findings are counted in the JSON, not repeated.
const result: Fields<Omit<CheckResult, 'findings'> & { findingCount: number }> = {
  check: true,
  kind: true,
  description: true,
  status: true,
  notes: true,
  error: true,
  requests: true,
  durationMs: true,
  findingCount: true,
};
const report: Fields<ConformanceReport & { schemaVersion: number; kit: unknown; contract: unknown }> = {
  target: true,
  seed: true,
  runId: true,
  startedAt: true,
  durationMs: true,
  results: true,
  findings: true,
  conformant: true,
  verdict: true,
  coverage: true,
  schemaVersion: true,
  kit: true,
  contract: true,
};

t.test('the schema describes every field of the report types, and nothing else', async (t) => {
  const cases: Array<[string, Record<string, true>, { properties: Record<string, unknown> }]> = [
    ['report', report, schema],
    ['result', result, schema.$defs.result],
    ['finding', finding, schema.$defs.finding],
    ['folded finding', brief, schema.$defs.findingBrief],
    ['kit error', kitError, schema.$defs.kitError],
    ['request', request, schema.$defs.request],
    ['response', response, schema.$defs.response],
    ['operation coverage', operationCoverage, schema.$defs.coverage.properties.operations.items],
  ];
  for (const [name, fields, described] of cases)
    t.same(Object.keys(described.properties).sort(), Object.keys(fields).sort(), name);
});

// The root entry writes these types out (so they need no Node types); the compiler checks they list the same fields.
type Drift<A, B> = Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>;
type NoDrift = [
  Drift<Public.Finding, Finding>,
  Drift<Public.FindingBrief, FindingBrief>,
  Drift<Public.KitError, KitError>,
  Drift<Public.CheckResult, CheckResult>,
  Drift<Public.RecordedRequest, RecordedRequest>,
  Drift<Public.RecordedResponse, RecordedResponse>,
  Drift<Public.ConformanceReport, ConformanceReport>,
] extends [never, never, never, never, never, never, never]
  ? 'the same fields'
  : 'the public types in index.ts differ from conformance/types.ts';
const publicTypes: NoDrift = 'the same fields';
t.comment(`public report types: ${publicTypes}`);
