import t from 'tap';
import { findingsOf, runChecks, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { isolationReads } from './isolation-reads.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([isolationReads], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('is skipped without a second key', async (t) => {
  const ref = await startReference(t);
  const report = await runChecks(ref.url, [isolationReads], { apiKey: ref.apiKey });
  t.equal(report.results.find((r) => r.check === 'isolation-reads')!.status, 'skipped');
});

t.test('fails when the list shows every workspace (fault list-shows-all-workspaces)', async (t) => {
  const ref = await startReference(t, { faults: ['list-shows-all-workspaces'] });
  const findings = findingsOf(await ref.run([isolationReads], { runs: 5, responseChecks: [] }), 'isolation-reads');
  t.same(
    findings.map((f) => f.key),
    ['isolation-reads:list'],
    summary(findings),
  );
});

t.test('read-only, looks for existing contacts by id and writes nothing', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([isolationReads], { runs: 5, readOnly: true });
  const result = report.results.find((r) => r.check === 'isolation-reads')!;
  t.equal(result.status, 'passed', summary(report.findings));
  t.ok(result.requests > 4, 'it ran');
});

t.test('read-only, fails when the list shows every workspace (fault list-shows-all-workspaces)', async (t) => {
  const ref = await startReference(t, { faults: ['list-shows-all-workspaces'] });
  const findings = findingsOf(
    await ref.run([isolationReads], { runs: 5, readOnly: true, responseChecks: [] }),
    'isolation-reads',
  );
  t.same(
    findings.map((f) => f.key),
    ['isolation-reads:list'],
    summary(findings),
  );
});

t.test('finds a leak at the end of a long list, reading its ends, not walking it', async (t) => {
  // 3,000 more contacts in each workspace: the leaked ones are the newest of 6,000, past 30 pages of the list.
  const ref = await startReference(t, { faults: ['list-shows-all-workspaces', 'large-workspace-3000'] });
  const report = await ref.run([isolationReads], { runs: 5, responseChecks: [] });
  const findings = findingsOf(report, 'isolation-reads');
  t.same(
    findings.map((f) => f.key),
    ['isolation-reads:list'],
    summary(findings),
  );
  const { requests } = report.results.find((r) => r.check === 'isolation-reads')!;
  // A walk alone would read 61 pages per direction; the ends take a few more than log2(61) pages.
  t.ok(requests < 100, `${requests} requests`);
});

t.test('passes beside a workspace of 3,000 more contacts', async (t) => {
  const ref = await startReference(t, { faults: ['large-workspace-3000'] });
  const report = await ref.run([isolationReads], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});
