/** The test files of spec/ and test/spec, in one process (UNITS in test/helpers/one-process.ts). */
import { runUnit } from '../helpers/one-process.js';

await runUnit(import.meta.url);
