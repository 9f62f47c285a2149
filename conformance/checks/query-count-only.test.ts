import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { queryCountOnly } from './query-count-only.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([queryCountOnly], { runs: 10 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 20, 'paged and counted');
});

t.test('fails when countOnly is off by one (fault count-only-off-by-one)', async (t) => {
  const ref = await startReference(t, { faults: ['count-only-off-by-one'] });
  const findings = findingsOf(await ref.run([queryCountOnly], { runs: 10, responseChecks: [] }), 'query-count-only');
  t.ok(
    findings.some((f) => f.key === 'query-count-only:count'),
    summary(findings),
  );
});
