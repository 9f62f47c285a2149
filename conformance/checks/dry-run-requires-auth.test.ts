import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { dryRunRequiresAuth } from './dry-run-requires-auth.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([dryRunRequiresAuth], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.equal(report.results[0]!.requests, 8, 'two operations, two kinds of credentials, two bodies');
});

t.test('fails when a dry run skips authentication', async (t) => {
  const target = await startBuggyTarget(
    (req, res) =>
      (req.url ?? '').includes('dryRun=true') &&
      sendJson(res, 200, {
        data: { dryRun: true, action: 'create', wouldWrite: { fullname: '', tags: [], externalIds: {} } },
      }),
  );
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [dryRunRequiresAuth], { responseChecks: [] }),
    'dry-run-requires-auth',
  );
  t.ok(
    findings.some((f) => f.key === 'dry-run-requires-auth:createContact:no key:a valid body'),
    summary(findings),
  );
  t.match(findings[0]?.message, /expected 401 UNAUTHORIZED, got 200/);
});
