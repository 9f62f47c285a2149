import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { MAXIMAL_FIXTURES } from '../../test/helpers/seeded-run.js';
import { queryOperators } from './query-operators.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([queryOperators], { runs: 25 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 100, 'asked many conditions');
});

t.test('neighbours share a field only when the draft stays creatable (seed 234229769, maximal fixtures)', async (t) => {
  // At this seed a draft's only name was overwritten by its neighbour's empty one, and the correct
  // server rightly refused the contact with 422.
  const ref = await startReference(t, { fixtures: MAXIMAL_FIXTURES });
  const report = await ref.run([queryOperators], { seed: 234229769, responseChecks: [] });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when ne matches nothing (fault query-ne-matches-nothing)', async (t) => {
  const ref = await startReference(t, { faults: ['query-ne-matches-nothing'] });
  const findings = findingsOf(await ref.run([queryOperators], { runs: 25, responseChecks: [] }), 'query-operators');
  t.ok(
    findings.some((f) => f.key.startsWith('query-operators:results:') && f.key.includes('ne')),
    summary(findings),
  );
});
