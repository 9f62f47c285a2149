/** The short test files of test/package and test/trust, in one process (UNITS in test/helpers/one-process.ts). */
import { runUnit } from '../helpers/one-process.js';

await runUnit(import.meta.url);
