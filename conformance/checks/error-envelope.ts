/**
 * Every 4xx and 5xx body is the one error envelope
 * `{ "error": { "code", "message", "field"? } }`, whatever the route (unknown
 * ones included), with a catalogued code whose `x-http-status` is the response
 * status, and `field` on every validation failure (seed, "Error envelope"; D9).
 */
import type { ValidateFunction } from 'ajv';
import type { Contract } from '../../spec/index.js';
import { unreadableBody } from '../client.js';
import type { ResponseCheck } from '../types.js';
import { errorCode, errorOf } from '../support/error-code.js';
import { exchange } from '../support/finding.js';

const envelopes = new WeakMap<Contract, ValidateFunction>();

function envelopeValidator(contract: Contract): ValidateFunction {
  let validate = envelopes.get(contract);
  if (!validate) envelopes.set(contract, (validate = contract.compile(contract.schemas.Error!)));
  return validate;
}

/** What is wrong with an error body: its kind (in the finding's key: one bug each) and the words. */
function problemWith(contract: Contract, status: number, json: unknown): { kind: string; text: string } | undefined {
  const validate = envelopeValidator(contract);
  if (!validate(json)) {
    const error = validate.errors?.[0];
    return {
      kind: 'envelope',
      text: `is not the error envelope: ${error?.instancePath || '(the body)'} ${error?.message ?? ''}`.trim(),
    };
  }
  const error = errorOf(json)!;
  const paired = contract.errorStatus[error.code as string];
  if (paired !== status)
    return { kind: 'code', text: `has code ${String(error.code)}, which goes with status ${paired}` };
  if (status === errorCode(contract, 'validation').status && typeof error.field !== 'string') {
    return { kind: 'field', text: 'has no `field` naming the offending input' };
  }
  return undefined;
}

export const errorEnvelope: ResponseCheck = {
  id: 'error-envelope',
  description: 'Every 4xx/5xx body is {error:{code,message,field?}} with the code of that status; 422 names its field',
  area: 'responses',
  inspect(response, operation, contract) {
    if (response.status < 400 || response.status > 599 || response.truncated) return undefined;
    // A cut-off or unasked-for encoded body is not the target's envelope: not-a-server-error and content-type-conformance name it.
    if (unreadableBody(response) !== undefined) return undefined;
    if (response.request.method === 'HEAD') return undefined; // a HEAD response has no body (RFC 9110 §9.3.2)
    const problem = problemWith(contract, response.status, response.json);
    if (!problem) return undefined;
    const where = operation?.id ?? `raw ${response.request.method}`;
    return {
      severity: 'error',
      operation: operation?.id,
      message: `The ${response.status} body ${problem.text}`,
      key: `error-envelope:${where}:${response.status}:${problem.kind}`,
      ...exchange(response),
    };
  },
};
