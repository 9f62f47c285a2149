import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { authBearerNoDeprecation } from './auth-bearer-no-deprecation.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([authBearerNoDeprecation], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when every response is marked deprecated', async (t) => {
  const target = await startBuggyTarget((req, res, path) => {
    if (!path.endsWith('/contacts') || req.method !== 'GET') return false;
    const known = /^Bearer cd_fake_primary/.test(req.headers.authorization ?? '');
    const body = known ? [] : { error: { code: 'UNAUTHORIZED', message: 'A valid API key is required.' } };
    return sendJson(res, known ? 200 : 401, body, { deprecation: 'true', warning: '299 - "deprecated"' });
  });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [authBearerNoDeprecation], { responseChecks: [] }),
    'auth-bearer-no-deprecation',
  );
  t.same(
    findings.map((f) => f.key).sort(),
    ['auth-bearer-no-deprecation:listContacts:Bearer', 'auth-bearer-no-deprecation:listContacts:unknown Bearer'],
    summary(findings),
  );
});
