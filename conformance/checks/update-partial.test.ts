import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { updatePartial } from './update-partial.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([updatePartial], { runs: 25 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 100, 'created, read, updated and read again');
});

t.test('fails when PUT drops omitted fields (fault put-overwrites-omitted-fields)', async (t) => {
  const ref = await startReference(t, { faults: ['put-overwrites-omitted-fields'] });
  const findings = findingsOf(await ref.run([updatePartial], { runs: 10, responseChecks: [] }), 'update-partial');
  t.ok(
    findings.some((f) => f.key === 'update-partial:merged'),
    summary(findings),
  );
});
