/**
 * Every benign variation of the catalogue at once, for the seeds after the
 * first (each also runs alone in its group's file): the whole conformance
 * suite passes, so each variation passes under several seeds and they compose.
 */
import t from 'tap';
import { BENIGN_SEEDS, proveBenignTogether } from '../helpers/faults.js';

for (const seed of BENIGN_SEEDS.slice(1)) {
  t.test(`every benign variation at once, seed ${seed}`, async (t) => {
    const [ok, message] = await proveBenignTogether(seed);
    t.ok(ok, message);
  });
}
