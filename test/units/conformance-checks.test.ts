/** The test files of conformance/checks, in one process (UNITS in test/helpers/one-process.ts). */
import { runUnit } from '../helpers/one-process.js';

await runUnit(import.meta.url);
