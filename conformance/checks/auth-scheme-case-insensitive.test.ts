import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { authSchemeCaseInsensitive } from './auth-scheme-case-insensitive.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([authSchemeCaseInsensitive], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when only "Bearer " exactly is understood', async (t) => {
  const target = await startBuggyTarget((req, res, path) => {
    const header = req.headers.authorization;
    if (path.endsWith('/openapi.json') || header === undefined || /^Bearer \S/.test(header)) return false;
    return sendJson(res, 401, { error: { code: 'UNAUTHORIZED', message: 'A valid API key is required.' } });
  });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [authSchemeCaseInsensitive], { responseChecks: [] }),
    'auth-scheme-case-insensitive',
  );
  const keys = findings.map((f) => f.key);
  for (const key of [
    'auth-scheme-case-insensitive:getWhoami:"bearer <key>"',
    'auth-scheme-case-insensitive:getWhoami:"BEARER <key>"',
    'auth-scheme-case-insensitive:getWhoami:three spaces after the scheme',
  ]) {
    t.ok(keys.includes(key), `${key}\n${summary(findings)}`);
  }
});
