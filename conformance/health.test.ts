import t from 'tap';
import { createHealthWatch } from './health.js';
import type { ApiResponse } from './types.js';

const answer = { status: 200 } as ApiResponse;
const refused = { status: 0, error: 'ECONNREFUSED: connect ECONNREFUSED' } as ApiResponse;
const stopped = { status: 0, error: 'aborted: the run was stopped' } as ApiResponse;

t.test('down after enough failures in a row and a timeout without an answer', async (t) => {
  let clock = 0;
  const watch = createHealthWatch({ timeoutMs: 1000, threshold: 3, now: () => clock });
  watch.observe(answer);
  for (let i = 0; i < 5; i++) watch.observe(refused);
  t.equal(watch.down, undefined, 'many quick failures right after an answer are not enough');
  clock = 1500;
  watch.observe(refused);
  t.match(watch.down, /stopped answering: 6 requests in a row got no response over 1500 ms \(last: ECONNREFUSED/);
  t.equal(await watch.wentDown, watch.down);
});

t.test('an answer in between resets the count; the run stopping is not the target', async (t) => {
  let clock = 0;
  const watch = createHealthWatch({ timeoutMs: 10, threshold: 3, now: () => clock });
  for (let i = 0; i < 20; i++) {
    clock += 100;
    watch.observe(refused);
    watch.observe(refused);
    watch.observe(answer);
    watch.observe(stopped);
  }
  t.equal(watch.down, undefined);
});
