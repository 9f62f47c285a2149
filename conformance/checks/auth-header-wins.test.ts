import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary, FAKE_KEY } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { authHeaderWins } from './auth-header-wins.js';

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
  const report = await ref.run([authHeaderWins], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when a good query key rescues a bad header', async (t) => {
  const target = await startBuggyTarget((req, res, path) => {
    if (!path.endsWith('/whoami') || !new URL(req.url!, 'http://x').searchParams.has('apiKey')) return false;
    const key = new URL(req.url!, 'http://x').searchParams.get('apiKey');
    if (key !== FAKE_KEY) return false;
    return sendJson(res, 200, whoami, { deprecation: 'true', warning: '299 - "deprecated"' });
  });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [authHeaderWins], { responseChecks: [] }),
    'auth-header-wins',
  );
  const keys = findings.map((f) => f.key);
  t.ok(keys.includes('auth-header-wins:getWhoami:a bad header and a good query key'), summary(findings));
  t.ok(
    keys.includes('auth-header-wins:getWhoami:a good header and the same query key'),
    'a Deprecation beside a good header is reported',
  );
});
