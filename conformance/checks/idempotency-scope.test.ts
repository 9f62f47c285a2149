import t from 'tap';
import { findingsOf, sendJson, startBuggyTarget, summary, runChecks } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { idempotencyScope } from './idempotency-scope.js';

t.test('passes on the reference server, in both workspaces', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([idempotencyScope], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.same(report.results[0]!.notes, [], 'the second workspace was tried');
});

t.test('notes the untried workspace without a second key', async (t) => {
  const ref = await startReference(t);
  const report = await runChecks(ref.url, [idempotencyScope], { apiKey: ref.apiKey, runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.match(report.results[0]!.notes.join('\n'), /second API key/);
});

t.test('fails when a key is scoped to the workspace only', async (t) => {
  // Every write with a key seen before is answered like the first one.
  const seen = new Map<string, { status: number; body: unknown }>();
  let n = 0;
  const target = await startBuggyTarget((req, res, path) => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || req.method === 'GET') return false;
    const prior = seen.get(key);
    if (prior) return sendJson(res, prior.status, prior.body, { 'idempotent-replayed': 'true' });
    const answer = path.endsWith('/query')
      ? { status: 200, body: [] }
      : {
          status: req.method === 'POST' ? 201 : 200,
          body: { data: { contactId: `c${++n}`, workspaceId: 'ws-one', created: true } },
        };
    seen.set(key, answer);
    return sendJson(res, answer.status, answer.body);
  });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [idempotencyScope], { responseChecks: [] }),
    'idempotency-scope',
  );
  t.ok(
    findings.some((f) => f.key === 'idempotency-scope:other-route'),
    summary(findings),
  );
});
