/**
 * Every status is one the contract declares for the operation. A request
 * outside the operations (`client.raw`) is routed with the contract itself: an
 * unknown path must be 404 and a known path with another method 405 (D9).
 * @see https://spec.openapis.org/oas/v3.1.0#responses-object
 */
import type { OperationSpec } from '../../spec/index.js';
import type { ResponseCheck } from '../types.js';
import { errorCode } from '../support/error-code.js';
import { exchange } from '../support/finding.js';

function declares(operation: OperationSpec, status: number): boolean {
  const { responses } = operation;
  return responses.has(String(status)) || responses.has(`${String(status)[0]}XX`) || responses.has('default');
}

export const statusCodeConformance: ResponseCheck = {
  id: 'status-code-conformance',
  description: 'Every response status is declared for its operation; unknown routes are 404, unknown methods 405',
  area: 'responses',
  inspect(response, operation, contract) {
    const { status } = response;
    if (status < 100 || response.error !== undefined) return undefined; // not-a-server-error reports it
    const { method, url } = response.request;
    let expected: string;
    let where = operation?.id;
    if (operation) {
      if (declares(operation, status)) return undefined;
      expected = [...operation.responses.keys()].join(', ');
    } else {
      const pathname = new URL(url).pathname;
      const at = pathname.indexOf(`${contract.basePath}/`);
      if (at < 0) return undefined; // outside the API's base path: nothing to judge by
      const route = contract.match(method, pathname.slice(at));
      if (route.kind === 'operation') {
        where = route.operation.id;
        if (declares(route.operation, status)) return undefined;
        expected = [...route.operation.responses.keys()].join(', ');
      } else {
        const want = errorCode(contract, route.kind === 'not-found' ? 'notFound' : 'methodNotAllowed').status;
        if (status === want) return undefined;
        expected = `${want} (${route.kind === 'not-found' ? 'unknown route' : 'method not allowed'})`;
        where = `raw ${route.kind}`;
      }
    }
    return {
      severity: 'error',
      operation: operation?.id,
      message: `${method} ${new URL(url).pathname} answered ${status}; the contract declares ${expected}`,
      key: `status-code-conformance:${where}:${status}`,
      ...exchange(response),
    };
  },
};
