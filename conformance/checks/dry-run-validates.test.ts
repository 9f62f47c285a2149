import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { dryRunValidates } from './dry-run-validates.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([dryRunValidates], { runs: 25 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 25, 'sent invalid dry runs');
});

t.test('fails when errors name no field (fault error-field-missing)', async (t) => {
  const ref = await startReference(t, { faults: ['error-field-missing'] });
  const findings = findingsOf(await ref.run([dryRunValidates], { runs: 5, responseChecks: [] }), 'dry-run-validates');
  t.ok(findings.length >= 2, summary(findings));
  t.match(findings[0]?.message, /expected VALIDATION_ERROR on field ".+", got field undefined/);
});
