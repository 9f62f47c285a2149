/**
 * No request may end in a 5xx, a transport failure or a timeout: whatever a
 * client sends, the server answers with a status of its contract.
 * The client reports a request that got no complete HTTP response with an
 * `error` (and status 0, or the status line that arrived before the body
 * failed); the headline says which, and how much of the body came.
 */
import { incompleteResponse } from '../client.js';
import type { ResponseCheck } from '../types.js';
import { exchange } from '../support/finding.js';

export const notAServerError: ResponseCheck = {
  id: 'not-a-server-error',
  description: 'No response is a 5xx, a dropped connection, a timeout or not HTTP at all',
  area: 'responses',
  inspect(response, operation) {
    const { status, error } = response;
    if (error?.startsWith('aborted')) return undefined; // the run itself was stopped
    if (error === undefined && status >= 100 && status < 500) return undefined;
    const where = operation?.id ?? `raw ${response.request.method}`;
    const method = `${response.request.method} ${new URL(response.request.url).pathname}`;
    const incomplete = incompleteResponse(response);
    const message =
      incomplete !== undefined
        ? `${method}: ${incomplete}`
        : status >= 500 && status < 600
          ? `${method} answered ${status}: ${response.text.slice(0, 200)}`
          : `${method} got an impossible status ${status}`;
    return {
      severity: 'error',
      operation: operation?.id,
      message,
      key: `not-a-server-error:${where}:${error !== undefined ? (error.split(':')[0] ?? 'error') : status}`,
      ...exchange(response),
    };
  },
};
