/** The raw request: method, path and query split apart, before routing. */
import type { IncomingMessage } from 'node:http';
import type { RawRequest } from '../types.js';

export function readRequest(req: IncomingMessage): RawRequest {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: mark < 0 ? url : url.slice(0, mark),
    query: new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1)),
    headers: req.headers,
  };
}
