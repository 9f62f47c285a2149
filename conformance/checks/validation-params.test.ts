import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { validationParams } from './validation-params.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([validationParams], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 60, 'tried every parameter of every operation');
});

t.test('fails when dryRun=yes is taken as false', async (t) => {
  const target = await startBuggyTarget(
    (req, res) =>
      (req.url ?? '').includes('dryRun=yes') &&
      sendJson(res, 201, { data: { contactId: 'c1', workspaceId: 'ws-one', created: true } }),
  );
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [validationParams], { responseChecks: [] }),
    'validation-params',
  );
  t.ok(
    findings.some((f) => f.key === 'validation-params:createContact:dryRun:value'),
    summary(findings),
  );
});
