/**
 * The one list of checks. Each check lives in its own file with one named
 * export; its id is its name on the command line and in every report.
 */
import type { Check, ResponseCheck } from '../types.js';

/** Checks that drive the target (each sends its own requests). */
export const checks: Check[] = [];

/** Checks applied to every response any check receives. */
export const responseChecks: ResponseCheck[] = [];
