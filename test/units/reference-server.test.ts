/** The test files of reference-server/, in one process (UNITS in test/helpers/one-process.ts). */
import { runUnit } from '../helpers/one-process.js';

await runUnit(import.meta.url);
