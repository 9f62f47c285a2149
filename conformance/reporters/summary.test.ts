import t from 'tap';
import { sampleReport } from '../testing/sample-report.js';
import type { ConformanceReport } from '../types.js';
import { createProgressPrinter } from './progress.js';
import { formatSummary } from './summary.js';

t.test('a passing run is a short table', async (t) => {
  const passing: ConformanceReport = {
    ...sampleReport,
    results: [sampleReport.results[0]!],
    findings: [],
    conformant: true,
    verdict: 'conformant',
  };
  const text = formatSummary(passing);
  t.match(text, /auth-bearer\s+ok\s+12\s+30ms/);
  t.match(text, /1 passed, 0 failed, 0 skipped; 12 requests in 1\.2s \(10\/s\)/);
  t.match(text, /Conformant\. Seed 42 reproduces this run\./);
  t.notMatch(text, /Findings/);
  t.ok(text.split('\n').length < 15, 'short');
});

t.test('a failing run lists what did not pass and spells out each finding with its reproduction', async (t) => {
  const text = formatSummary(sampleReport);
  t.match(text, /pagination-walk\s+FAILED\s+40\s+900ms\s+1 finding/);
  t.match(text, /idempotency-replay\s+skip\s+-\s+-\s+the check writes data/);
  t.match(text, /schema\s+ok\s+52 seen\s+4ms\s+1 finding/, 'a passing check with a warning is listed');
  t.notMatch(text, /auth-bearer/, 'a check that passed quietly is left to the progress lines');
  t.match(text, /\[error\] pagination-walk listContacts: page 2 repeats contact cd_1/);
  t.match(text, /\(×3\)/);
  t.match(text, /curl: curl -sS/);
  t.match(text, /reproduce: npx contactdrive-conformance --seed 42 --checks pagination-walk/);
  t.match(text, /Not conformant: 1 error finding\. Run again with --seed 42/);
});

t.test('an errored check is the kit failing, with what to report', async (t) => {
  const text = formatSummary(sampleReport);
  t.match(text, /query-walk\s+ERRORED\s+3\s+10ms\s+the kit failed on this check/);
  t.match(text, /1 errored/);
  t.match(text, /The kit failed \(a bug in contactdrive-contract-kit, not a finding about the target\)/);
  t.match(text, /query-walk: TypeError: Cannot read properties of undefined/);
  t.match(text, /input: \{"limit":1\}/);
  t.match(text, /reproduce: npx contactdrive-conformance --seed 42 --checks query-walk/);
  const onlyErrored: ConformanceReport = {
    ...sampleReport,
    findings: [sampleReport.findings[1]!],
    verdict: 'errored',
    conformant: false,
  };
  t.match(formatSummary(onlyErrored), /No verdict: the kit failed on 1 check \(no finding about the target\)/);
});

t.test('a finding is a few lines: long curl lines and counterexamples are cut', async (t) => {
  const long = 'x'.repeat(40_000);
  const huge: ConformanceReport = {
    ...sampleReport,
    findings: [
      {
        ...sampleReport.findings[0]!,
        curl: `curl -sS --data-binary '${long}'`,
        counterexample: long,
        operations: ['listContacts', 'searchContacts', 'queryContacts', 'createContact', 'updateContact'],
      },
    ],
  };
  const text = formatSummary(huge);
  t.ok(Buffer.byteLength(text) < 4000, `the summary stays short (${Buffer.byteLength(text)} bytes)`);
  t.match(text, /cut: \d+ more characters in the JSON report/);
  t.match(text, /\[5 operations: listContacts, searchContacts, queryContacts, createContact and 1 more\]/);
});

t.test('progress: one line per finished check, no control codes off a terminal', async (t) => {
  for (const isTTY of [false, true]) {
    let out = '';
    const print = createProgressPrinter({ write: (s: string) => (out += s), isTTY });
    print({ type: 'run-start', target: 'http://x/api/v2', seed: 1, runId: 'r', total: 2 });
    print({ type: 'check-start', check: 'auth-bearer', index: 0, total: 2 });
    print({ type: 'check-end', result: sampleReport.results[0]!, index: 0, total: 2 });
    print({ type: 'check-start', check: 'idempotency-replay', index: 1, total: 2 });
    print({ type: 'check-end', result: sampleReport.results[2]!, index: 1, total: 2 });
    if (!isTTY) {
      t.equal(
        out,
        'running 2 checks against http://x/api/v2 (seed 1)\n[1/2] ok   auth-bearer  (12 req, 30ms)\n[2/2] skip idempotency-replay  (the check writes data and --read-only is set # really)\n',
      );
    } else {
      t.match(out, /\r\x1b\[K\[1\/2\] … {4}auth-bearer\r\x1b\[K\[1\/2\] ok {3}auth-bearer/);
    }
  }
});

t.test('control characters from the target never reach the terminal raw', async (t) => {
  const evil: ConformanceReport = {
    ...sampleReport,
    findings: [{ ...sampleReport.findings[0]!, message: 'red \u001b[31mALERT\u001b[0m\nline' }],
  };
  const text = formatSummary(evil);
  t.notMatch(text, /\u001b/);
  t.match(text, /red \\u\{1b\}\[31mALERT\\u\{1b\}\[0m\\nline/);
});

t.test('a check stopped by the run time limit is out of time, not a bug of the kit', async (t) => {
  const late: ConformanceReport = {
    ...sampleReport,
    findings: [],
    verdict: 'errored',
    conformant: false,
    results: [
      sampleReport.results[0]!,
      {
        ...sampleReport.results[0]!,
        check: 'slow',
        status: 'errored',
        error: {
          kind: 'time-limit',
          message:
            "stopped after 400 ms: the run's time limit of 400 ms was reached; raise --overall-timeout for a slow target",
          stack: [],
        },
      },
    ],
  };
  const text = formatSummary(late);
  t.match(text, /slow\s+ERRORED.*out of time/);
  t.match(text, /Out of time: 1 check did not finish \(slow\)/);
  t.notMatch(text, /a bug in contactdrive-contract-kit/);
  t.match(text, /No verdict: the run's time limit stopped 1 check/);
});
