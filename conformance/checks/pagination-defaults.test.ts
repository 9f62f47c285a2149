import t from 'tap';
import { findingsOf, runChecks, summary } from '../../test/helpers/run-check.js';
import { startFakeList } from '../../test/helpers/fake-list.js';
import { startReference } from '../../test/helpers/reference.js';
import { paginationDefaults } from './pagination-defaults.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([paginationDefaults], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('passes on a correct fake list', async (t) => {
  const target = await startFakeList();
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [paginationDefaults], { responseChecks: [] }),
    'pagination-defaults',
  );
  t.same(summary(findings), '(no findings)');
});

t.test('fails when the default page size is not the schema default', async (t) => {
  const target = await startFakeList({ defaultLimit: 20 });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [paginationDefaults], { responseChecks: [] }),
    'pagination-defaults',
  );
  t.same(
    findings.map((f) => f.key),
    ['pagination-defaults:listContacts:limit'],
    summary(findings),
  );
  t.match(findings[0]!.message, /20 items; the default is 10/);
});
