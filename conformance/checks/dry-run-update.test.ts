import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { dryRunUpdate } from './dry-run-update.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([dryRunUpdate], { runs: 20 });
  t.same(summary(report.findings), '(no findings)');
  t.same(report.results[0]!.notes, [], 'previewed updates of a listed contact');
});

t.test('notes an empty workspace', async (t) => {
  const ref = await startReference(t, { fixtures: false });
  const report = await ref.run([dryRunUpdate], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.match(report.results[0]!.notes.join('\n'), /no contact/);
});

t.test('fails when a dry run writes (fault dry-run-writes)', async (t) => {
  const ref = await startReference(t, { faults: ['dry-run-writes'] });
  const findings = findingsOf(await ref.run([dryRunUpdate], { runs: 6, responseChecks: [] }), 'dry-run-update');
  t.ok(
    findings.some((f) => f.key === 'dry-run-update:wrote'),
    summary(findings),
  );
});
