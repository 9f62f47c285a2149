/**
 * The one list of checks. Each check lives in its own file with one named
 * export; its id is its name on the command line and in every report.
 */
import type { Check, ResponseCheck } from '../types.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { errorEnvelope } from './error-envelope.js';
import { notAServerError } from './not-a-server-error.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { statusCodeConformance } from './status-code-conformance.js';

/** Checks that drive the target (each sends its own requests). */
export const checks: Check[] = [];

/** Checks applied to every response any check receives. */
export const responseChecks: ResponseCheck[] = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseSchemaConformance,
  errorEnvelope,
];
