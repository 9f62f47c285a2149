import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary, FAKE_KEY } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { authUnknownKey } from './auth-unknown-key.js';

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
  const report = await ref.run([authUnknownKey], { runs: 20 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when any presented key is accepted (fault auth-accepts-unknown-key)', async (t) => {
  const ref = await startReference(t, { faults: ['auth-accepts-unknown-key'] });
  const findings = findingsOf(await ref.run([authUnknownKey], { runs: 20, responseChecks: [] }), 'auth-unknown-key');
  const keys = findings.map((f) => f.key);
  t.ok(keys.includes('auth-unknown-key:getWhoami:Bearer the last character changed'), summary(findings));
  t.ok(keys.includes('auth-unknown-key:getWhoami:query key the key with one more character'), summary(findings));
  const random = findings.find((f) => f.key.includes(':random '));
  t.ok(random?.counterexample, 'the property reports a shrunk counterexample');
});

t.test('fails when keys are compared by prefix', async (t) => {
  const prefix = (value: string | undefined) =>
    value !== undefined && value.length > 0 && FAKE_KEY.startsWith(value.replace(/^Bearer /i, ''));
  const target = await startBuggyTarget(
    (req, res, path) => path.endsWith('/whoami') && prefix(req.headers.authorization) && sendJson(res, 200, whoami),
  );
  t.teardown(() => target.close());
  const keys = findingsOf(
    await runChecks(target.url, [authUnknownKey], { responseChecks: [] }),
    'auth-unknown-key',
  ).map((f) => f.key);
  t.ok(keys.includes('auth-unknown-key:getWhoami:Bearer the key without its last character'), keys.join('\n'));
});
