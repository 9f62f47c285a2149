/**
 * Responses: JSON bodies, the error envelope (status from the spec's catalogue)
 * and the finalizer that adds what every response to a request carries, such
 * as D10/D11's deprecation headers for the deprecated query key.
 */
import type { ServerResponse } from 'node:http';
import { type Contract, type SchemaNode, WHOLE_BODY } from '../../spec/index.js';
import type { ApiError, HandlerResult, HttpResponse, RequestState } from '../types.js';
import { CODES } from './errors.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: Buffer.from(JSON.stringify(body)) };
}

/** The envelope's own bounds (`Error` in the spec): a field or message past them is shortened. */
function envelopeBounds(contract: Contract): { field: number; message: number } {
  const props = (contract.schemas.Error as SchemaNode | undefined)?.properties?.error?.properties ?? {};
  return { field: Number(props.field?.maxLength ?? Infinity), message: Number(props.message?.maxLength ?? Infinity) };
}

/** A field too long to report (a huge unknown key) names the nearest enclosing input that fits. */
function boundedField(field: string, max: number): string {
  let out = field;
  while (out.length > max) {
    const cut = Math.max(out.lastIndexOf('.'), out.lastIndexOf('['));
    if (cut <= 0) return WHOLE_BODY;
    out = out.slice(0, cut);
  }
  return out;
}

export function createRender(contract: Contract): (error: ApiError) => HttpResponse {
  const bounds = envelopeBounds(contract);
  return (error) => {
    const status = contract.errorStatus[error.code] ?? contract.errorStatus[CODES.internal]!;
    const message =
      error.message.length > bounds.message ? `${error.message.slice(0, bounds.message - 1)}…` : error.message;
    const envelope = {
      code: error.code,
      message,
      ...(error.field === undefined ? {} : { field: boundedField(error.field, bounds.field) }),
    };
    return json(status, { error: envelope }, error.headers);
  };
}

export function createRespond(render: (error: ApiError) => HttpResponse): (result: HandlerResult) => HttpResponse {
  return (result) => {
    if ('error' in result) return render(result.error);
    if ('json' in result)
      return { status: result.status, headers: { 'Content-Type': JSON_TYPE }, body: Buffer.from(result.json) };
    return json(result.status, result.body);
  };
}

/** D10: `Deprecation` and `Warning` on every response to a request that used the query key, success or error. */
export function createFinalize(contract: Contract): (state: RequestState, response: HttpResponse) => HttpResponse {
  const { responseHeaders, headerValues } = contract.names;
  const notice = {
    [responseHeaders.deprecation]: headerValues.deprecation,
    [responseHeaders.warning]: headerValues.warning,
  };
  return (state, response) =>
    state.auth?.via === 'query' ? { ...response, headers: { ...response.headers, ...notice } } : response;
}

export function send(res: ServerResponse, response: HttpResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(response.body.length) });
  res.end(response.body);
}
