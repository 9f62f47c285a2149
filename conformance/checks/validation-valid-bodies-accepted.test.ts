import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { validationValidBodiesAccepted } from './validation-valid-bodies-accepted.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([validationValidBodiesAccepted], { runs: 25 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 100, 'created, queried and updated');
});

t.test('fails when valid contacts are refused', async (t) => {
  const target = await startBuggyTarget((req, res, path) => {
    if (req.method !== 'POST' || !path.endsWith('/contacts')) return false;
    return sendJson(res, 422, { error: { code: 'VALIDATION_ERROR', message: 'too long', field: 'contact.firstName' } });
  });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [validationValidBodiesAccepted], { responseChecks: [] }),
    'validation-valid-bodies-accepted',
  );
  t.ok(
    findings.some((f) => f.key === 'validation-valid-bodies-accepted:createContact:422'),
    summary(findings),
  );
});
