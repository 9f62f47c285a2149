/**
 * Errors as data. Codes are names from the spec's catalogue (`ErrorCode`); the
 * status that goes with each is looked up in `contract.errorStatus` when the
 * error is rendered, never here.
 */
import type { ErrorObject } from 'ajv';
import { errorSegments, formatField, NAMES, primaryError } from '../../spec/index.js';
import type { ApiError } from '../types.js';

/** The catalogue codes the server emits, by role: the vocabulary's, which the contract's load checks. */
export const CODES = NAMES.codes;

export function apiError(code: string, message: string, field?: string): ApiError {
  return field === undefined ? { code, message } : { code, message, field };
}

/** A 422 naming the offending input (D9). */
export function violation(field: string, message: string): ApiError {
  return apiError(CODES.validation, message, field);
}

/**
 * Turns the errors of a failed Ajv validation into one violation. `name` is a
 * parameter's own name (query, header, path: the field is the name itself);
 * without it the errors are about the body and the field is the input path.
 */
export function fromAjv(errors: ReadonlyArray<ErrorObject> | null | undefined, name?: string): ApiError {
  const error = primaryError(errors ?? []);
  if (!error) return violation(name ?? formatField([]), 'The input is invalid.');
  const field = name ?? formatField(errorSegments(error));
  return violation(field, `${field}: ${error.message ?? 'is invalid'}.`);
}
