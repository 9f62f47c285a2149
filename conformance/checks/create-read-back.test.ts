import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { createReadBack } from './create-read-back.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([createReadBack], { runs: 25 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 75, 'created, read and searched');
});

t.test('fails when contacts read back without tags (fault contact-missing-tags)', async (t) => {
  const ref = await startReference(t, { faults: ['contact-missing-tags'] });
  const findings = findingsOf(await ref.run([createReadBack], { runs: 5, responseChecks: [] }), 'create-read-back');
  t.match(findings[0]?.message, /tags: expected .+, got \(absent\)/, summary(findings));
});
