import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary, FAKE_KEY } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { authWrongScheme } from './auth-wrong-scheme.js';

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
  const report = await ref.run([authWrongScheme], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when any presented key is accepted (fault auth-accepts-unknown-key)', async (t) => {
  const ref = await startReference(t, { faults: ['auth-accepts-unknown-key'] });
  const keys = findingsOf(await ref.run([authWrongScheme], { runs: 5, responseChecks: [] }), 'auth-wrong-scheme').map(
    (f) => f.key,
  );
  t.ok(keys.includes('auth-wrong-scheme:getWorkspace:Token key'), keys.join('\n'));
});

t.test('fails when the key is found anywhere in the Authorization header', async (t) => {
  const target = await startBuggyTarget(
    (req, res, path) =>
      path.endsWith('/whoami') && (req.headers.authorization ?? '').includes(FAKE_KEY) && sendJson(res, 200, whoami),
  );
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [authWrongScheme], { responseChecks: [] }),
    'auth-wrong-scheme',
  );
  const keys = findings.map((f) => f.key);
  for (const key of [
    'auth-wrong-scheme:getWhoami:Token key',
    'auth-wrong-scheme:getWhoami:the bare key',
    'auth-wrong-scheme:getWhoami:Bearer glued to the key',
  ]) {
    t.ok(keys.includes(key), `${key}\n${summary(findings)}`);
  }
});
