import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { validationBody } from './validation-body.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([validationBody], { runs: 25 });
  t.same(summary(report.findings), '(no findings)');
  t.ok(report.results[0]!.requests >= 75, 'sent invalid create, query and update bodies');
});

t.test('fails when errors name no field (fault error-field-missing)', async (t) => {
  const ref = await startReference(t, { faults: ['error-field-missing'] });
  const findings = findingsOf(await ref.run([validationBody], { runs: 5, responseChecks: [] }), 'validation-body');
  const operations = new Set(findings.map((f) => f.operation));
  t.same([...operations].sort(), ['createContact', 'queryContacts', 'updateContact'], summary(findings));
});
