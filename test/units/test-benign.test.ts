/** The benign variations of test/faults that add no latency, each a whole-suite run, in one process (UNITS in test/helpers/one-process.ts). */
import { runUnit } from '../helpers/one-process.js';

await runUnit(import.meta.url);
