import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { authMalformedKey } from './auth-malformed-key.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([authMalformedKey], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when any presented key is accepted (fault auth-accepts-unknown-key)', async (t) => {
  const ref = await startReference(t, { faults: ['auth-accepts-unknown-key'] });
  const findings = findingsOf(await ref.run([authMalformedKey], { runs: 5, responseChecks: [] }), 'auth-malformed-key');
  const keys = findings.map((f) => f.key);
  for (const key of [
    'auth-malformed-key:getWhoami:"Bearer" and no token',
    'auth-malformed-key:listContacts:an 8000-byte token',
  ]) {
    t.ok(keys.includes(key), `${key}\n${summary(findings)}`);
  }
});

t.test('warns when 401 messages tell the causes apart', async (t) => {
  const target = await startBuggyTarget((req, res) => {
    if (req.headers.authorization?.trim() !== 'Bearer') return false;
    return sendJson(res, 401, { error: { code: 'UNAUTHORIZED', message: 'The Bearer token is missing.' } });
  });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [authMalformedKey], { responseChecks: [] }),
    'auth-malformed-key',
  );
  t.same(
    findings.map((f) => `${f.severity} ${f.key}`),
    ['warning auth-malformed-key:message-varies'],
    summary(findings),
  );
});
