/**
 * The random-seed proofs of CI (`test/trust/random-seeds*.test.ts`), one
 * subtest per whole-suite run: the reference server passes.
 */
import type { Test } from 'tap';
import { brokenLines, freshSeed, MAXIMAL_FIXTURES, runAtSeed } from './seeded-run.js';

export interface TrustRun {
  fixtures: 'demo' | 'maximal';
  seed: number;
}

/**
 * The random-seed proofs of CI: the demo fixtures at seed 1 and at two fresh
 * seeds, the maximal fixtures at a fresh seed. Each run keeps a core busy for a
 * while, so they are split in two halves, two test files that tap runs at once.
 * Seeds named in CONFORMANCE_SEEDS all run in the first half, with both fixtures.
 */
export function trustRuns(half: 0 | 1, given = process.env.CONFORMANCE_SEEDS): TrustRun[] {
  const seeds = given?.split(',').map(Number).filter(Number.isInteger) ?? [];
  if (seeds.length > 0)
    return half === 0
      ? [
          ...seeds.map((seed) => ({ fixtures: 'demo' as const, seed })),
          ...seeds.map((seed) => ({ fixtures: 'maximal' as const, seed })),
        ]
      : [];
  return half === 0
    ? [
        { fixtures: 'demo', seed: 1 },
        { fixtures: 'demo', seed: freshSeed() },
      ]
    : [
        { fixtures: 'demo', seed: freshSeed() },
        { fixtures: 'maximal', seed: freshSeed() },
      ];
}

export function proveTrustRuns(t: Test, half: 0 | 1): void {
  const runs = trustRuns(half);
  if (runs.length === 0) {
    t.plan(0, 'the seeds named in CONFORMANCE_SEEDS run in random-seeds.test.ts');
    return;
  }
  for (const { fixtures, seed } of runs) {
    t.test(`${fixtures} fixtures, seed ${seed}`, async (t) => {
      const outcome = await runAtSeed({ seed, ...(fixtures === 'maximal' ? { fixtures: MAXIMAL_FIXTURES } : {}) });
      t.same(outcome.broken, [], `the reference server passes at seed ${seed}\n${brokenLines(outcome)}`);
      t.equal(outcome.report.verdict, 'conformant');
    });
  }
}
