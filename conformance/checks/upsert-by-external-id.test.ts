import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { upsertByExternalId } from './upsert-by-external-id.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([upsertByExternalId], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.equal(report.results[0]!.requests, 11, 'created two, upserted four ways, read and counted');
});

t.test('fails when an upsert overwrites omitted fields (fault put-overwrites-omitted-fields)', async (t) => {
  const ref = await startReference(t, { faults: ['put-overwrites-omitted-fields'] });
  const findings = findingsOf(
    await ref.run([upsertByExternalId], { runs: 5, responseChecks: [] }),
    'upsert-by-external-id',
  );
  t.ok(
    findings.some((f) => f.key === 'upsert-by-external-id:merged'),
    summary(findings),
  );
});
