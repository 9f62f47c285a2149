import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { idempotencyConflict } from './idempotency-conflict.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([idempotencyConflict], { runs: 6 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 12, 'sent conflicting requests');
});

t.test('fails when the fingerprint ignores the body (fault idempotency-ignores-body)', async (t) => {
  const ref = await startReference(t, { faults: ['idempotency-ignores-body'] });
  const findings = findingsOf(
    await ref.run([idempotencyConflict], { runs: 6, responseChecks: [] }),
    'idempotency-conflict',
  );
  t.ok(
    findings.some((f) => f.key === 'idempotency-conflict:other-body'),
    summary(findings),
  );
});
