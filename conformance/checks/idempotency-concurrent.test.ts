import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { idempotencyConcurrent } from './idempotency-concurrent.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([idempotencyConcurrent], { runs: 9 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 9, 'sent bursts');
});

t.test('fails when a repeated key executes again (fault idempotency-replay-reexecutes)', async (t) => {
  const ref = await startReference(t, { faults: ['idempotency-replay-reexecutes'] });
  const findings = findingsOf(
    await ref.run([idempotencyConcurrent], { runs: 9, responseChecks: [] }),
    'idempotency-concurrent',
  );
  t.ok(
    findings.some((f) => f.key === 'idempotency-concurrent:results' || f.key === 'idempotency-concurrent:executed'),
    summary(findings),
  );
});
