import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { idempotencyReplay } from './idempotency-replay.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([idempotencyReplay], { runs: 6 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 15, 'created and updated with repeated keys');
});

t.test('fails when a repeated key executes again (fault idempotency-replay-reexecutes)', async (t) => {
  const ref = await startReference(t, { faults: ['idempotency-replay-reexecutes'] });
  const findings = findingsOf(
    await ref.run([idempotencyReplay], { runs: 6, responseChecks: [] }),
    'idempotency-replay',
  );
  t.ok(
    findings.some((f) => f.key === 'idempotency-replay:create-differs'),
    summary(findings),
  );
  t.ok(
    findings.some((f) => f.key === 'idempotency-replay:update-differs' || f.key === 'idempotency-replay:updated-again'),
    summary(findings),
  );
});
