/** The fault proofs of test/faults, the benign variations' whole-suite runs excepted, in one process (UNITS in test/helpers/one-process.ts). */
import { runUnit } from '../helpers/one-process.js';

await runUnit(import.meta.url);
