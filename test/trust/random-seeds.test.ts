/**
 * A correct server passes at every seed: the whole suite, at the default
 * `--runs`, against the reference server with the demo fixtures and with the
 * maximal ones, at fresh random seeds each CI run (and at a fixed one). A
 * seed-dependent false alarm fails CI with the seed that reproduces it:
 *   CONFORMANCE_SEEDS=123,456 npx tap test/trust/random-seeds.test.ts
 * This file runs the first half of the runs (`trustRuns` in
 * test/helpers/trust-runs.ts), random-seeds-fresh.test.ts the second.
 */
import t from 'tap';
import { proveTrustRuns } from '../helpers/trust-runs.js';

proveTrustRuns(t, 0);
