import { Parser, type FinalResults, type Result } from 'tap-parser';
import t from 'tap';
import { sampleReport } from '../testing/sample-report.js';
import type { ConformanceReport } from '../types.js';
import { formatTap } from './tap.js';

function parse(text: string): Promise<{ final: FinalResults; asserts: Result[] }> {
  return new Promise((resolve) => {
    const asserts: Result[] = [];
    const parser = new Parser((final) => resolve({ final, asserts }));
    parser.on('assert', (a) => asserts.push(a));
    parser.end(text);
  });
}

t.test('TAP output parses, one point per check, with diagnostics', async (t) => {
  const text = formatTap(sampleReport);
  t.match(text, /^TAP version 14\n/);
  const { final, asserts } = await parse(text);
  t.equal(final.count, 5);
  t.equal(final.pass, 3);
  t.equal(final.fail, 2);
  t.equal(final.skip, 1);
  t.equal(final.plan.end, 5);
  t.same(
    asserts.map((a) => [a.id, a.ok, a.name]),
    [
      [1, true, 'auth-bearer'],
      [2, false, 'pagination-walk'],
      [3, true, 'idempotency-replay'],
      [4, false, 'query-walk'],
      [5, true, 'schema'],
    ],
  );
  t.match(asserts[3].diag.kit_error, { message: /^TypeError/, note: /not a finding about the target/ });
  t.match(asserts[2].skip, /--read-only is set # really/);
  const diag = asserts[1].diag;
  t.equal(diag.findings.length, 1);
  const finding = diag.findings[0];
  t.equal(finding.message, sampleReport.findings[0]!.message, 'message round-trips through YAML');
  t.equal(finding.seed, 42);
  t.equal(finding.path, '3:1:0');
  t.equal(finding.counterexample, '{"limit":2}');
  t.equal(finding.request, 'GET http://127.0.0.1:1/api/v2/contacts?limit=2&offset=2');
  t.equal(finding.status, 200);
  t.equal(finding.curl, sampleReport.findings[0]!.curl);
  t.equal(finding.occurrences, 3);
  t.match(finding.body, /^\[\{"cdId"/);
  t.same(diag.notes, ['walked 3 pages']);
  t.equal(asserts[4].diag.findings[0].severity, 'warning', 'a passing check still shows its warnings');
  t.equal(asserts[0].diag, null, 'a clean pass has no diagnostic block');
});

t.test('an empty run is a valid TAP stream', async (t) => {
  const empty: ConformanceReport = {
    ...sampleReport,
    results: [],
    findings: [],
    conformant: true,
    verdict: 'conformant',
  };
  const { final } = await parse(formatTap(empty));
  t.equal(final.ok, true);
  t.equal(final.count, 0);
});

t.test('a megabyte curl line or counterexample is cut in the stream, kept whole in the report', async (t) => {
  const huge = 'x'.repeat(1_000_000);
  const [first, ...rest] = sampleReport.findings;
  const findings = [{ ...first!, curl: `curl -d '${huge}'`, counterexample: huge }, ...rest];
  const report: ConformanceReport = {
    ...sampleReport,
    findings,
    results: sampleReport.results.map((r) => (r.check === first!.check ? { ...r, findings: [findings[0]!] } : r)),
  };
  const text = formatTap(report);
  t.ok(text.length < 20_000, `the stream stays short (${text.length} characters)`);
  const { asserts } = await parse(text);
  const finding = asserts[1]!.diag.findings[0];
  t.match(finding.curl, /… \(cut: \d+ more characters in the JSON report\)$/);
  t.match(finding.counterexample, /… \(cut: 999700 more characters in the JSON report\)$/);
});
