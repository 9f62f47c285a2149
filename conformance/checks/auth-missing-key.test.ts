import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { authMissingKey } from './auth-missing-key.js';

const whoami = {
  userId: 'u1',
  firstName: 'A',
  lastName: 'B',
  emailAddress: 'a@b.example',
  workspaceId: 'ws-one',
  workspaceName: 'One',
};

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([authMissingKey], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results.find((r) => r.check === 'auth-missing-key')!.requests > 10, 'called every secured operation');
});

t.test('fails when the server accepts an empty query key (fault auth-accepts-unknown-key)', async (t) => {
  const ref = await startReference(t, { faults: ['auth-accepts-unknown-key'] });
  const keys = findingsOf(await ref.run([authMissingKey], { runs: 5, responseChecks: [] }), 'auth-missing-key').map(
    (f) => f.key,
  );
  t.ok(keys.includes('auth-missing-key:getWhoami:an empty query key'), keys.join('\n'));
});

t.test('fails when whoami answers without credentials', async (t) => {
  const target = await startBuggyTarget(
    (req, res, path) => path.endsWith('/whoami') && !req.headers.authorization && sendJson(res, 200, whoami),
  );
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [authMissingKey], { responseChecks: [] }),
    'auth-missing-key',
  );
  const finding = findings.find((f) => f.key === 'auth-missing-key:getWhoami:no credentials');
  t.match(finding?.message, /expected 401 UNAUTHORIZED, got 200/, summary(findings));
  t.notOk(
    findings.some((f) => f.operation !== 'getWhoami'),
    'only the buggy operation is reported',
  );
});
