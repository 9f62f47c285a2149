import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { dryRunCreate } from './dry-run-create.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([dryRunCreate], { runs: 20 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 20, 'previewed and counted');
});

t.test('fails when a dry run writes (fault dry-run-writes)', async (t) => {
  const ref = await startReference(t, { faults: ['dry-run-writes'] });
  const findings = findingsOf(await ref.run([dryRunCreate], { runs: 6, responseChecks: [] }), 'dry-run-create');
  t.ok(
    findings.some((f) => f.key === 'dry-run-create:wrote'),
    summary(findings),
  );
});
