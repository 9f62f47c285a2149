import t from 'tap';
import { findingsOf, runChecks, summary } from '../../test/helpers/run-check.js';
import { startFakeList } from '../../test/helpers/fake-list.js';
import { startReference } from '../../test/helpers/reference.js';
import { paginationInvalid } from './pagination-invalid.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([paginationInvalid], { runs: 12 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when validation errors lack their field (fault error-field-missing)', async (t) => {
  const ref = await startReference(t, { faults: ['error-field-missing'] });
  const keys = findingsOf(
    await ref.run([paginationInvalid], { runs: 4, responseChecks: [] }),
    'pagination-invalid',
  ).map((f) => f.key);
  t.same(keys.sort(), [
    'pagination-invalid:listContacts:limit:field',
    'pagination-invalid:listContacts:offset:field',
    'pagination-invalid:queryContacts:limit:field',
    'pagination-invalid:queryContacts:offset:field',
    'pagination-invalid:searchContacts:limit:field',
    'pagination-invalid:searchContacts:offset:field',
  ]);
});

t.test('fails when the list clamps out-of-range values', async (t) => {
  const target = await startFakeList({ clamp: true });
  t.teardown(() => target.close());
  const findings = findingsOf(
    await runChecks(target.url, [paginationInvalid], { runs: 4, responseChecks: [] }),
    'pagination-invalid',
  );
  const keys = findings.map((f) => f.key);
  for (const kind of [
    'limit:above the maximum',
    'limit:below the minimum',
    'limit:not an integer',
    'limit:repeated',
    'offset:huge',
    'offset:exponent notation',
  ]) {
    t.ok(keys.includes(`pagination-invalid:listContacts:${kind}`), `${kind}\n${summary(findings)}`);
  }
});
