import type * as Sarif from 'sarif';
import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { packageInfo } from '../../spec/package-root.js';
import { createCoverage } from '../coverage.js';
import { sampleReport } from '../testing/sample-report.js';
import type { ConformanceReport } from '../types.js';
import { formatSarif } from './sarif.js';

const contract = await loadContract();
const list = contract.operations.find((op) => op.method === 'GET' && op.parameters.length >= 2)!;
// The sample's failure, placed on a real operation, with the coverage a run would have.
const report: ConformanceReport = {
  ...sampleReport,
  findings: sampleReport.findings.map((f) => (f.operation ? { ...f, operation: list.id } : f)),
  coverage: createCoverage(contract).result(),
};

const parse = (r: ConformanceReport) => JSON.parse(formatSarif(r)) as Sarif.Log;

t.test('a SARIF 2.1.0 log with one rule per check, described by the check', async (t) => {
  const log = parse(report);
  t.equal(log.version, '2.1.0');
  t.match(log.$schema, /sarif-2\.1\.0/);
  t.equal(log.runs.length, 1);
  const driver = log.runs[0]!.tool.driver;
  t.equal(driver.name, 'contactdrive-conformance');
  t.equal(driver.version, packageInfo().version);
  t.same(
    driver.rules!.map((r) => r.id),
    report.results.map((r) => r.check),
  );
  t.same(
    driver.rules!.map((r) => r.shortDescription!.text),
    report.results.map((r) => r.description),
  );
});

t.test(
  'one result per finding: ruleId is the check id, level from the severity, a stable repository-relative location',
  async (t) => {
    const run = parse(report).runs[0]!;
    t.equal(run.results!.length, report.findings.length);
    for (const [i, result] of run.results!.entries()) {
      const finding = report.findings[i]!;
      t.equal(result.ruleId, finding.check);
      t.equal(run.tool.driver.rules![result.ruleIndex!]!.id, finding.check, 'ruleIndex points at the rule');
      t.equal(result.level, { error: 'error', warning: 'warning', info: 'note' }[finding.severity]);
      t.ok(result.message.text!.includes(finding.message.split('\n')[0]!), 'the message carries the finding');
      const uri = result.locations![0]!.physicalLocation!.artifactLocation!.uri!;
      t.notMatch(uri, /^[a-z]+:|^\/|:\d+/i, `${uri} is a relative path without scheme or port`);
      t.match(result.partialFingerprints, { 'contactdriveFinding/v1': /^[0-9a-f]{32}$/ });
    }
    const failure = run.results!.find((r) => r.level === 'error')!;
    t.equal(failure.locations![0]!.physicalLocation!.artifactLocation!.uri, encodeURI(`127.0.0.1/api/v2${list.path}`));
    t.equal(failure.locations![0]!.logicalLocations![0]!.name, list.id);
    t.match(failure.properties, { curl: /^curl /, reproduce: /--seed 42/, seed: 42 });
    t.equal(
      parse({ ...report, target: 'http://127.0.0.1:9/api/v2' }).runs[0]!.results![0]!.partialFingerprints![
        'contactdriveFinding/v1'
      ],
      failure.partialFingerprints!['contactdriveFinding/v1'],
      'the fingerprint does not depend on the port',
    );
  },
);

t.test('an errored check is a tool execution notification, and the invocation did not succeed', async (t) => {
  const invocation = parse(report).runs[0]!.invocations![0]!;
  t.equal(invocation.executionSuccessful, false);
  const notes = invocation.toolExecutionNotifications!;
  t.equal(notes.length, 1);
  t.equal(notes[0]!.descriptor!.id, 'query-walk');
  t.match(notes[0]!.message.text, /query-walk: the kit failed on this check.*Cannot read properties/);

  const clean = parse({ ...report, results: report.results.filter((r) => r.status !== 'errored') }).runs[0]!
    .invocations![0]!;
  t.equal(clean.executionSuccessful, true);
  t.same(clean.toolExecutionNotifications, []);
});

t.test('coverage and the run travel in the run properties', async (t) => {
  const props = parse(report).runs[0]!.properties!;
  t.match(props, { target: report.target, seed: 42, runId: 'abcd1234', verdict: 'not-conformant' });
  t.same((props.coverage as { neverExercised: string[] }).neverExercised, report.coverage!.neverExercised);
});

t.test('no findings: an empty result list, still valid', async (t) => {
  const run = parse({ ...report, findings: [], results: report.results.map((r) => ({ ...r, findings: [] })) }).runs[0]!;
  t.same(run.results, []);
});
