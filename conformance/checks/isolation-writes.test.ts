import t from 'tap';
import {
  findingsOf,
  runChecks,
  sendJson,
  startBuggyTarget,
  summary,
  FAKE_KEY_2,
} from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { isolationWrites } from './isolation-writes.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([isolationWrites], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails on a server that looks contacts up by id alone', async (t) => {
  const at = '2026-01-01T00:00:00.000Z';
  const stored = {
    cdId: 'cd_a',
    firstName: 'x',
    fullname: 'x',
    tags: [],
    externalIds: { conformance: 'x' },
    createdAt: at,
    updatedAt: at,
  };
  const target = await startBuggyTarget((req, res, path) => {
    const auth = req.headers.authorization ?? '';
    if (!/^Bearer /i.test(auth)) return false;
    const workspaceId = auth.includes(FAKE_KEY_2) ? 'ws-two' : 'ws-one';
    const url = new URL(req.url!, 'http://x');
    const dryRun = url.searchParams.get('dryRun') === 'true';
    if (req.method === 'POST' && path.endsWith('/contacts/query')) return sendJson(res, 200, [stored]);
    if (req.method === 'GET' && path.endsWith('/contacts/search')) return sendJson(res, 200, []);
    if (req.method === 'POST' && path.endsWith('/contacts')) {
      if (url.searchParams.get('upsertByExternalId') === 'true') {
        if (dryRun) return sendJson(res, 200, { data: { dryRun: true, action: 'update', wouldWrite: stored } });
        return sendJson(res, 200, { data: { contactId: 'cd_a', workspaceId, created: false } });
      }
      return sendJson(res, 201, { data: { contactId: 'cd_a', workspaceId, created: true } });
    }
    if (req.method === 'PUT' && path.endsWith('/contacts/cd_a')) {
      if (dryRun) return sendJson(res, 200, { data: { dryRun: true, action: 'update', wouldWrite: stored } });
      stored.firstName = 'changed';
      return sendJson(res, 200, { data: { contactId: 'cd_a', workspaceId, updated: true } });
    }
    return false;
  });
  t.teardown(() => target.close());
  const report = await runChecks(target.url, [isolationWrites], { apiKey2: FAKE_KEY_2, responseChecks: [] });
  const keys = findingsOf(report, 'isolation-writes')
    .map((f) => f.key)
    .sort();
  t.same(
    keys,
    [
      'isolation-writes:changed',
      'isolation-writes:put',
      'isolation-writes:put dry run',
      'isolation-writes:upsert',
      'isolation-writes:upsert dry run',
    ],
    summary(report.findings),
  );
});

t.test('read-only, sends only dry runs at an existing contact', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([isolationWrites], { runs: 5, readOnly: true });
  const result = report.results.find((r) => r.check === 'isolation-writes')!;
  t.equal(result.status, 'passed', summary(report.findings));
  t.ok(report.findings.length === 0 && result.requests >= 4, 'it ran');
});

t.test(
  "a change made by key A's own dry-run upsert is blamed on it, not on key B (fault dry-run-upsert-applies)",
  async (t) => {
    const ref = await startReference(t, { faults: ['dry-run-upsert-applies'] });
    const findings = findingsOf(await ref.run([isolationWrites], { runs: 5, responseChecks: [] }), 'isolation-writes');
    t.ok(
      findings.some((f) => f.key === 'isolation-writes:control:dry-run-wrote'),
      summary(findings),
    );
    t.notOk(
      findings.some((f) => f.key === 'isolation-writes:changed'),
      "key B's writes are not blamed for it",
    );
  },
);
