/**
 * The one list of checks. Each check lives in its own file with one named
 * export; its id is its name on the command line and in every report.
 */
import type { Check, ResponseCheck } from '../types.js';
import { authBearerNoDeprecation } from './auth-bearer-no-deprecation.js';
import { authHeaderWins } from './auth-header-wins.js';
import { authMalformedKey } from './auth-malformed-key.js';
import { authMissingKey } from './auth-missing-key.js';
import { authQueryKeyDeprecated } from './auth-query-key-deprecated.js';
import { authSchemeCaseInsensitive } from './auth-scheme-case-insensitive.js';
import { authUnknownKey } from './auth-unknown-key.js';
import { authWrongScheme } from './auth-wrong-scheme.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { createReadBack } from './create-read-back.js';
import { dryRunCreate } from './dry-run-create.js';
import { dryRunKeepsIdempotencyKey } from './dry-run-keeps-idempotency-key.js';
import { dryRunRequiresAuth } from './dry-run-requires-auth.js';
import { dryRunUpdate } from './dry-run-update.js';
import { dryRunValidates } from './dry-run-validates.js';
import { errorEnvelope } from './error-envelope.js';
import { idempotencyConcurrent } from './idempotency-concurrent.js';
import { idempotencyConflict } from './idempotency-conflict.js';
import { idempotencyReplay } from './idempotency-replay.js';
import { idempotencyScope } from './idempotency-scope.js';
import { isolationReads } from './isolation-reads.js';
import { isolationWrites } from './isolation-writes.js';
import { malformedInput } from './malformed-input.js';
import { modelBased } from './model-based.js';
import { notAServerError } from './not-a-server-error.js';
import { openapiDocument } from './openapi-document.js';
import { operationsSmoke } from './operations-smoke.js';
import { paginationConsistency } from './pagination-consistency.js';
import { paginationDefaults } from './pagination-defaults.js';
import { paginationInvalid } from './pagination-invalid.js';
import { queryCountOnly } from './query-count-only.js';
import { queryOperators } from './query-operators.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { searchPagination } from './search-pagination.js';
import { searchText } from './search-text.js';
import { statusCodeConformance } from './status-code-conformance.js';
import { unknownRoutes } from './unknown-routes.js';
import { updateIgnoresSystemFields } from './update-ignores-system-fields.js';
import { updatePartial } from './update-partial.js';
import { upsertByExternalId } from './upsert-by-external-id.js';
import { validationBody } from './validation-body.js';
import { validationParams } from './validation-params.js';
import { validationValidBodiesAccepted } from './validation-valid-bodies-accepted.js';

/** Checks that drive the target (each sends its own requests). */
export const checks: Check[] = [
  openapiDocument,
  operationsSmoke,
  authMissingKey,
  authMalformedKey,
  authWrongScheme,
  authUnknownKey,
  authSchemeCaseInsensitive,
  authQueryKeyDeprecated,
  authBearerNoDeprecation,
  authHeaderWins,
  paginationDefaults,
  paginationInvalid,
  paginationConsistency,
  searchPagination,
  isolationReads,
  isolationWrites,
  idempotencyReplay,
  idempotencyConflict,
  idempotencyScope,
  idempotencyConcurrent,
  dryRunCreate,
  dryRunUpdate,
  dryRunRequiresAuth,
  dryRunValidates,
  dryRunKeepsIdempotencyKey,
  validationBody,
  validationParams,
  validationValidBodiesAccepted,
  malformedInput,
  unknownRoutes,
  queryOperators,
  queryCountOnly,
  searchText,
  createReadBack,
  updatePartial,
  updateIgnoresSystemFields,
  upsertByExternalId,
  modelBased,
];

/** Checks applied to every response any check receives. */
export const responseChecks: ResponseCheck[] = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseSchemaConformance,
  errorEnvelope,
];
