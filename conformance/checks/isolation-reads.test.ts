import t from 'tap';
import { findingsOf, runChecks, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { isolationReads } from './isolation-reads.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([isolationReads], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('is skipped without a second key', async (t) => {
  const ref = await startReference(t);
  const report = await runChecks(ref.url, [isolationReads], { apiKey: ref.apiKey });
  t.equal(report.results.find((r) => r.check === 'isolation-reads')!.status, 'skipped');
});

t.test('fails when the list shows every workspace (fault list-shows-all-workspaces)', async (t) => {
  const ref = await startReference(t, { faults: ['list-shows-all-workspaces'] });
  const findings = findingsOf(await ref.run([isolationReads], { runs: 5, responseChecks: [] }), 'isolation-reads');
  t.same(
    findings.map((f) => f.key),
    ['isolation-reads:list'],
    summary(findings),
  );
});

t.test('read-only, looks for existing contacts by id and writes nothing', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([isolationReads], { runs: 5, readOnly: true });
  const result = report.results.find((r) => r.check === 'isolation-reads')!;
  t.equal(result.status, 'passed', summary(report.findings));
  t.ok(result.requests > 4, 'it ran');
});

t.test('read-only, fails when the list shows every workspace (fault list-shows-all-workspaces)', async (t) => {
  const ref = await startReference(t, { faults: ['list-shows-all-workspaces'] });
  const findings = findingsOf(
    await ref.run([isolationReads], { runs: 5, readOnly: true, responseChecks: [] }),
    'isolation-reads',
  );
  t.same(
    findings.map((f) => f.key),
    ['isolation-reads:list'],
    summary(findings),
  );
});
