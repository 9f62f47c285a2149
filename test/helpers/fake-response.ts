/** Builds ApiResponse values for unit tests of response checks. */
import type { ApiResponse } from '../../conformance/types.js';

export interface FakeResponse {
  status: number;
  body?: unknown;
  /** Exact body text; wins over `body`. */
  text?: string;
  headers?: Record<string, string>;
  method?: string;
  url?: string;
  error?: string;
}

export function fakeResponse(given: FakeResponse): ApiResponse {
  const text = given.text ?? (given.body === undefined ? '' : JSON.stringify(given.body));
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const headers = { 'content-type': 'application/json; charset=utf-8', ...given.headers };
  const request = {
    method: given.method ?? 'GET',
    url: given.url ?? 'http://127.0.0.1:1/api/v2/contacts',
    headers: {},
  };
  return {
    status: given.status,
    headers,
    text,
    json,
    request,
    response: {
      status: given.status,
      headers,
      body: text,
      durationMs: 1,
      ...(given.error ? { error: given.error } : {}),
    },
    ...(given.error ? { error: given.error } : {}),
  };
}
