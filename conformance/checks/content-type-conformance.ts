/**
 * Every response body is JSON, sent as `application/json` (parameters such as
 * `charset` allowed) or a `+json` type: the contract declares only
 * `application/json` content, errors included. A body in a content coding the
 * request did not ask for (gzip without Accept-Encoding) is not JSON to the client.
 * @see https://www.rfc-editor.org/rfc/rfc6839#section-3.1 (the `+json` suffix)
 */
import { unrequestedEncoding } from '../client.js';
import type { ResponseCheck } from '../types.js';
import { headerValue } from '../support/headers.js';
import { exchange } from '../support/finding.js';

const JSON_MEDIA_TYPE = /^application\/(?:json|[a-z0-9!#$&^_.-]+\+json)\s*(?:;.*)?$/i;

/** Whether the body is JSON: the client parsed it already when it is (`json` is then defined). */
function parses(response: { text: string; json?: unknown }): boolean {
  if (response.json !== undefined) return true;
  try {
    JSON.parse(response.text);
    return true;
  } catch {
    return false;
  }
}

export const contentTypeConformance: ResponseCheck = {
  id: 'content-type-conformance',
  description: 'Every response is JSON with a JSON Content-Type (application/json or +json)',
  area: 'responses',
  inspect(response, operation) {
    const { status } = response;
    if (response.error !== undefined || response.truncated) return undefined; // not-a-server-error's case
    if (status === 204 || status === 304 || response.request.method === 'HEAD') return undefined;
    const where = operation?.id ?? `raw ${response.request.method}`;
    const contentType = headerValue(response.headers, 'content-type');
    const encoding = unrequestedEncoding(response);
    let problem: string | undefined;
    if (encoding !== undefined) problem = `is ${encoding}`;
    else if (!contentType) problem = 'has no Content-Type';
    else if (!JSON_MEDIA_TYPE.test(contentType.trim())) problem = `has Content-Type ${contentType}`;
    else if (response.text === '') problem = 'has an empty body';
    else if (!parses(response)) problem = 'has a body that is not valid JSON';
    if (!problem) return undefined;
    return {
      severity: 'error',
      operation: operation?.id,
      message: `The ${status} response ${problem}; every response must be JSON`,
      key: `content-type-conformance:${where}:${status}`,
      ...exchange(response),
    };
  },
};
