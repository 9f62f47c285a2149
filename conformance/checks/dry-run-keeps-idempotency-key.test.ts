import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { dryRunKeepsIdempotencyKey } from './dry-run-keeps-idempotency-key.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([dryRunKeepsIdempotencyKey], { runs: 9 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 12, 'previewed, created and previewed again');
});

t.test('fails when a dry run stores its response under the key', async (t) => {
  const stored = new Map<string, unknown>();
  const target = await startBuggyTarget((req, res) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || (req.url ?? '').includes('/query')) return false;
    if (stored.has(key)) return sendJson(res, 200, stored.get(key), { 'idempotent-replayed': 'true' });
    const preview = {
      data: { dryRun: true, action: 'create', wouldWrite: { fullname: '', tags: [], externalIds: {} } },
    };
    stored.set(key, preview);
    return sendJson(res, 200, preview);
  });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [dryRunKeepsIdempotencyKey], { responseChecks: [] }),
    'dry-run-keeps-idempotency-key',
  );
  t.ok(
    findings.some((f) => f.key === 'dry-run-keeps-idempotency-key:real-replayed'),
    summary(findings),
  );
});
