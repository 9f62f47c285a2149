/**
 * Every benign variation of the catalogue at once, for the seeds after the
 * first (each also runs alone in its group's file): the whole conformance
 * suite passes, so each variation passes under several seeds and they compose.
 * The runs mostly wait on the added latency, so the seeds run at the same time,
 * each against a server of its own.
 */
import t from 'tap';
import { BENIGN_SEEDS, proveBenignTogether } from '../helpers/faults.js';

const runs = BENIGN_SEEDS.slice(1).map((seed) => {
  const proof = proveBenignTogether(seed);
  // Its subtest awaits it (and reports a failure); this only keeps an early one from counting as unhandled.
  proof.catch(() => undefined);
  return [seed, proof] as const;
});

for (const [seed, proof] of runs) {
  t.test(`every benign variation at once, seed ${seed}`, async (t) => {
    const [ok, message] = await proof;
    t.ok(ok, message);
  });
}
