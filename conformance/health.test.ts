import t from 'tap';
import { createHealthWatch } from './health.js';
import { runConformance } from './runner.js';
import { FAKE_KEY, FAKE_KEY_2 } from './testing/fake-target.js';
import { startHostileTarget } from './testing/hostile-target.js';
import type { ApiResponse } from './types.js';

const answer = { status: 200 } as ApiResponse;
const refused = { status: 0, error: 'ECONNREFUSED: connect ECONNREFUSED' } as ApiResponse;
const stopped = { status: 0, error: 'aborted: the run was stopped' } as ApiResponse;
const stalled = { status: 200, error: 'timeout: no complete response within 1000 ms' } as ApiResponse;
const oversized = { status: 200, truncated: true } as ApiResponse;

t.test('down after enough failures in a row and a timeout without an answer', async (t) => {
  let clock = 0;
  const watch = createHealthWatch({ timeoutMs: 1000, threshold: 3, now: () => clock });
  watch.observe(answer);
  for (let i = 0; i < 5; i++) watch.observe(refused);
  t.equal(watch.down, undefined, 'many quick failures right after an answer are not enough');
  clock = 1500;
  watch.observe(refused);
  t.match(
    watch.down,
    /stopped answering: 6 requests in a row got no complete response over 1500 ms \(last: ECONNREFUSED/,
  );
  t.equal(await watch.wentDown, watch.down);
});

t.test('an answer in between resets the count; the run stopping is not the target', async (t) => {
  let clock = 0;
  const watch = createHealthWatch({ timeoutMs: 10, threshold: 3, now: () => clock });
  for (let i = 0; i < 20; i++) {
    clock += 100;
    watch.observe(refused);
    watch.observe(stalled);
    watch.observe(answer);
    watch.observe(stopped);
    watch.observe(refused);
    watch.observe(oversized);
  }
  t.equal(watch.down, undefined, 'a body over the read limit is a complete enough answer');
});

t.test('a status line followed by a stalled body is no answer', async (t) => {
  let clock = 0;
  const watch = createHealthWatch({ timeoutMs: 1000, threshold: 3, now: () => clock });
  watch.observe(answer);
  for (let i = 0; i < 3; i++) {
    clock += 1000;
    watch.observe(stalled);
  }
  t.match(
    watch.down,
    /3 requests in a row got no complete response over 3000 ms \(last: 200 then timeout: no complete response within 1000 ms\)/,
  );
});

t.test('a target that sends headers and then stalls every body ends the run quickly as down', async (t) => {
  const target = await startHostileTarget({ behaviour: 'stall-body' });
  t.teardown(() => target.close());
  const overallTimeoutMs = 120_000;
  const started = performance.now();
  const report = await runConformance({
    baseUrl: target.url,
    apiKey: FAKE_KEY,
    apiKey2: FAKE_KEY_2,
    seed: 1,
    timeoutMs: 200,
    overallTimeoutMs,
  });
  const ms = performance.now() - started;
  t.ok(ms < 20_000, `ended after ${Math.round(ms)} ms, well within the run's limit of ${overallTimeoutMs} ms`);
  const down = report.findings.filter((f) => f.key === 'target-down');
  t.equal(down.length, 1, 'one target-down finding');
  t.match(
    down[0]?.message,
    /stopped answering: \d+ requests in a row got no complete response .*\(last: 200 then timeout/,
  );
  t.equal(report.conformant, false);
  const after = report.results
    .slice(report.results.findIndex((r) => r.check === down[0]?.check) + 1)
    .filter((r) => r.kind === 'check');
  t.ok(after.length > 0 && after.every((r) => r.status === 'skipped'), 'the checks after it are skipped');
  t.ok(target.requests.length < 200, `few requests were sent: ${target.requests.length}`);
});

t.test('a target whose every body is past the read limit counts as down', async (t) => {
  const watch = createHealthWatch({ timeoutMs: 1000, threshold: 3 });
  const oversized = { status: 200, truncated: true } as ApiResponse;
  const complete = { status: 200 } as ApiResponse;
  watch.observe(oversized);
  watch.observe(oversized);
  watch.observe(complete);
  watch.observe(oversized);
  watch.observe(oversized);
  t.equal(watch.down, undefined, 'a complete answer in between resets the count');
  watch.observe(oversized);
  t.match(watch.down, /answers only with bodies larger than any the contract allows: 3 responses in a row/);
});
