import t from 'tap';
import { findingsOf, runChecks, summary } from '../../test/helpers/run-check.js';
import { startFakeList, type ListBugs } from '../../test/helpers/fake-list.js';
import { startReference } from '../../test/helpers/reference.js';
import { paginationConsistency } from './pagination-consistency.js';

t.test('passes on the reference server, creating contacts to page through', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([paginationConsistency], { runs: 25 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results.find((r) => r.check === 'pagination-consistency')!.requests > 25 + 25);
});

t.test('passes read-only on the reference server, with the contacts that exist', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([paginationConsistency], { runs: 10, readOnly: true });
  const result = report.results.find((r) => r.check === 'pagination-consistency')!;
  t.equal(result.status, 'passed', summary(report.findings));
  t.match(result.notes.join('\n'), /read-only/);
});

t.test('fails when list offsets are off by one (fault list-offset-off-by-one)', async (t) => {
  const ref = await startReference(t, { faults: ['list-offset-off-by-one'] });
  const findings = findingsOf(
    await ref.run([paginationConsistency], { runs: 10, responseChecks: [] }),
    'pagination-consistency',
  );
  t.ok(
    findings.some((f) => f.key === 'pagination-consistency:listContacts~queryContacts:differs'),
    summary(findings),
  );
});

const bugs: Array<[string, { bug: ListBugs; want: string }]> = [
  ['pages overlap', { bug: { overlap: true }, want: 'pagination-consistency:listContacts:slice' }],
  ['the list is newest first', { bug: { newestFirst: true }, want: 'pagination-consistency:listContacts:order' }],
];

for (const [name, { bug, want }] of bugs) {
  t.test(`fails when ${name}`, async (t) => {
    // Enough contacts that the check pages through them without writing.
    const target = await startFakeList({ count: 230, ...bug });
    t.teardown(() => target.close());
    const findings = findingsOf(
      await runChecks(target.url, [paginationConsistency], { runs: 20, responseChecks: [] }),
      'pagination-consistency',
    );
    t.ok(
      findings.some((f) => f.key === want),
      `${want}\n${summary(findings)}`,
    );
  });
}

t.test('passes on a correct fake list', async (t) => {
  const target = await startFakeList({ count: 230 });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [paginationConsistency], { runs: 20, responseChecks: [] }),
    'pagination-consistency',
  );
  t.same(summary(findings), '(no findings)');
});
