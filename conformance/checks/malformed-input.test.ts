import t from 'tap';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import type { Finding } from '../types.js';
import { malformedInput } from './malformed-input.js';

/** Findings of one cause, and those past the per-check cap, fold into one; their messages are kept under related. */
const messagesOf = (findings: Finding[]) =>
  findings.flatMap((f) => [f.message, ...(f.related ?? []).map((r) => r.message)]);

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([malformedInput], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.equal(report.results[0]!.requests, 34, 'every case on create and query, and the query values');
});

t.test('fails when every malformed body is a 400', async (t) => {
  const target = await startBuggyTarget((req, res) => {
    if (req.method !== 'POST') return false;
    return sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: 'bad' } });
  });
  t.teardown(() => target.close());
  const findings = findingsOf(await runChecks(target.url, [malformedInput], { responseChecks: [] }), 'malformed-input');
  t.ok(
    findings.some((f) => f.key === 'malformed-input:createContact:malformed JSON'),
    summary(findings),
  );
  t.ok(
    findings.some((f) => f.operations?.includes('queryContacts')),
    'the query operation is reported too',
  );
});

// D14 faults of the catalogue, each caught by the cases made for it: [fault, what the failing cases send]
const d14: Array<[string, string[]]> = [
  ['invalid-utf8-replaced', ['with bytes that are not UTF-8']],
  ['lone-surrogate-stored', ['createContact with a lone surrogate escape']],
  ['bad-percent-encoding-ignored', ['=%zz:', '=%ff:']],
];
for (const [fault, sent] of d14) {
  t.test(`fails on ${fault}, only with its own cases`, async (t) => {
    const ref = await startReference(t, { faults: [fault] });
    const findings = findingsOf(await ref.run([malformedInput], { runs: 5 }), 'malformed-input');
    const messages = messagesOf(findings);
    for (const what of sent)
      t.ok(
        messages.some((m) => m.includes(what)),
        `${what} in ${summary(findings)}`,
      );
    t.same(
      messages.filter((m) => !sent.some((what) => m.includes(what))),
      [],
      'no other case fails',
    );
  });
}
