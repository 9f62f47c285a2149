import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { unknownRoutes } from './unknown-routes.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([unknownRoutes], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 30, 'probed unknown paths and methods');
});

t.test('fails when DELETE is a 404 and unknown paths ask for a key', async (t) => {
  const target = await startBuggyTarget((req, res, path) => {
    if (req.method === 'DELETE') return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'no' } });
    if (!req.headers.authorization && !path.endsWith('/openapi.json'))
      return sendJson(res, 401, { error: { code: 'UNAUTHORIZED', message: 'A valid API key is required.' } });
    return false;
  });
  t.teardown(() => target.close());
  const findings = findingsOf(await runChecks(target.url, [unknownRoutes], { responseChecks: [] }), 'unknown-routes');
  t.ok(
    findings.some((f) => f.key === 'unknown-routes:not-found:none'),
    summary(findings),
  );
  t.ok(
    findings.some((f) => f.key === 'unknown-routes:method:DELETE /contacts/{contactId}'),
    summary(findings),
  );
});
