import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { malformedInput } from './malformed-input.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([malformedInput], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.equal(report.results[0]!.requests, 28, 'every case on create and query');
});

t.test('fails when every malformed body is a 400', async (t) => {
  const target = await startBuggyTarget((req, res) => {
    if (req.method !== 'POST') return false;
    return sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: 'bad' } });
  });
  t.teardown(() => target.close());
  const findings = findingsOf(await runChecks(target.url, [malformedInput], { responseChecks: [] }), 'malformed-input');
  t.ok(findings.some((f) => f.key === 'malformed-input:createContact:malformed JSON'), summary(findings));
  t.ok(findings.some((f) => f.key === 'malformed-input:queryContacts:a __proto__ key'), summary(findings));
});
