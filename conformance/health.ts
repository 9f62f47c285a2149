/**
 * Notices a target that has stopped answering (crashed, hung, unplugged), so
 * the run ends with a finding instead of waiting out a timeout on every one of
 * thousands of requests. A target that drops only some requests is not down:
 * any complete answer in between resets the count. Headers followed by a body
 * that stalls or breaks off are not an answer. Nor is a body past the read
 * limit (larger than any response the contract allows): a target that sends
 * nothing else would otherwise be read to the limit thousands of times.
 */
import type { ApiResponse } from './types.js';

export interface HealthWatch {
  /** Sees every exchange of every check. */
  observe(response: ApiResponse): void;
  /** Why the target counts as down, once it does. */
  readonly down: string | undefined;
  /** Resolves with the reason when the target goes down. */
  readonly wentDown: Promise<string>;
}

export interface HealthOptions {
  timeoutMs: number;
  /** Failed exchanges in a row before the target counts as down (and at least `timeoutMs` without an answer). */
  threshold?: number;
  now?: () => number;
}

export const DOWN_THRESHOLD = 8;

export function createHealthWatch(options: HealthOptions): HealthWatch {
  const now = options.now ?? (() => performance.now());
  const threshold = options.threshold ?? DOWN_THRESHOLD;
  let failures = 0;
  let oversized = 0;
  let lastAnswer = now();
  let down: string | undefined;
  let announce: (reason: string) => void = () => {};
  const wentDown = new Promise<string>((resolve) => {
    announce = resolve;
  });
  return {
    observe(response) {
      if (down !== undefined) return;
      if (response.error === undefined) {
        // It answers; but an answer past the read limit is one no check can read.
        failures = 0;
        lastAnswer = now();
        oversized = response.truncated ? oversized + 1 : 0;
        if (oversized >= threshold) {
          down = `the target answers only with bodies larger than any the contract allows: ${oversized} responses in a row were cut at the read limit`;
          announce(down);
        }
        return;
      }
      // The run's own stop is not the target's fault. A status line whose body then stalls or breaks counts.
      if (response.error.startsWith('aborted')) return;
      failures += 1;
      const silentMs = now() - lastAnswer;
      if (failures >= threshold && silentMs >= options.timeoutMs) {
        down = `the target stopped answering: ${failures} requests in a row got no complete response over ${Math.round(silentMs)} ms (last: ${response.status > 0 ? `${response.status} then ` : ''}${response.error})`;
        announce(down);
      }
    },
    get down() {
      return down;
    },
    wentDown,
  };
}
