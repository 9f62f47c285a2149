import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { authQueryKeyDeprecated } from './auth-query-key-deprecated.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([authQueryKeyDeprecated], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when query-key responses lack Deprecation (fault deprecation-header-missing)', async (t) => {
  const ref = await startReference(t, { faults: ['deprecation-header-missing'] });
  const findings = findingsOf(
    await ref.run([authQueryKeyDeprecated], { runs: 5, responseChecks: [] }),
    'auth-query-key-deprecated',
  );
  const keys = findings.map((f) => f.key);
  t.ok(keys.includes('auth-query-key-deprecated:listContacts:deprecated'), summary(findings));
  t.ok(keys.includes('auth-query-key-deprecated:listContacts:401 deprecated'), summary(findings));
  t.ok(keys.includes('auth-query-key-deprecated:listContacts:422 deprecated'), summary(findings));
  t.notOk(
    keys.some((k) => k.endsWith(':accepted')),
    'the query key itself still works',
  );
});

t.test('fails when an unknown query key is accepted (fault auth-accepts-unknown-key)', async (t) => {
  const ref = await startReference(t, { faults: ['auth-accepts-unknown-key'] });
  const findings = findingsOf(
    await ref.run([authQueryKeyDeprecated], { runs: 5, responseChecks: [] }),
    'auth-query-key-deprecated',
  );
  t.ok(
    findings.some((f) => f.key === 'auth-query-key-deprecated:getWhoami:401'),
    summary(findings),
  );
});
