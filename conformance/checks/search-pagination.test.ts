import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { searchPagination } from './search-pagination.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([searchPagination], { runs: 20 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when search ignores its terms (fault search-ignores-q)', async (t) => {
  const ref = await startReference(t, { faults: ['search-ignores-q'] });
  const findings = findingsOf(await ref.run([searchPagination], { runs: 5, responseChecks: [] }), 'search-pagination');
  t.same(
    findings.map((f) => f.key),
    ['search-pagination:results'],
    summary(findings),
  );
});

t.test('fails when search pages ignore offset beyond the first page', async (t) => {
  const created: Array<Record<string, unknown>> = [];
  const target = await startBuggyTarget((req, res, path) => {
    if (!/^Bearer /i.test(req.headers.authorization ?? '')) return false;
    if (req.method === 'POST' && path.endsWith('/contacts')) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, created.length)).toISOString();
      const cdId = `cd_${created.length}`;
      created.push({ cdId, fullname: 'x', tags: [], externalIds: {}, createdAt: at, updatedAt: at });
      return sendJson(res, 201, { data: { contactId: cdId, workspaceId: 'ws-one', created: true } });
    }
    if (req.method === 'GET' && path.endsWith('/contacts/search')) {
      const params = new URL(req.url!, 'http://x').searchParams;
      const limit = Number(params.get('limit') ?? 10);
      const offset = Math.min(Number(params.get('offset') ?? 0), limit); // the bug: offsets stop at one page
      return sendJson(res, 200, created.slice(offset, offset + limit));
    }
    return false;
  });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [searchPagination], { runs: 20, responseChecks: [] }),
    'search-pagination',
  );
  const keys = findings.map((f) => f.key);
  t.ok(keys.includes('search-pagination:concatenation'), summary(findings));
  t.ok(keys.includes('search-pagination:slice'), summary(findings));
});

t.test('read-only, pages through a one-letter search of the contacts that exist', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([searchPagination], { runs: 20, readOnly: true });
  const result = report.results.find((r) => r.check === 'search-pagination')!;
  t.equal(result.status, 'passed', summary(report.findings));
  t.ok(result.requests > 20, `it paged (${result.requests} requests; ${result.notes.join('; ')})`);
});
