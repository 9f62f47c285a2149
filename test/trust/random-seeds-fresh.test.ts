/**
 * The second half of the random-seed proofs (see random-seeds.test.ts): the
 * demo and the maximal fixtures, each at a fresh seed. Seeds given in
 * CONFORMANCE_SEEDS all run in random-seeds.test.ts instead.
 */
import t from 'tap';
import { proveTrustRuns } from '../helpers/trust-runs.js';

proveTrustRuns(t, 1);
