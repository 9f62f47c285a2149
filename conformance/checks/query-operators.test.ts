import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { queryOperators } from './query-operators.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([queryOperators], { runs: 25 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 100, 'asked many conditions');
});

t.test('fails when ne matches nothing (fault query-ne-matches-nothing)', async (t) => {
  const ref = await startReference(t, { faults: ['query-ne-matches-nothing'] });
  const findings = findingsOf(await ref.run([queryOperators], { runs: 25, responseChecks: [] }), 'query-operators');
  t.ok(
    findings.some((f) => f.key.startsWith('query-operators:results:') && f.key.includes('ne')),
    summary(findings),
  );
});
