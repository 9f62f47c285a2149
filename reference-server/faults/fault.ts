/**
 * What a catalogue entry is, and the few helpers entries share. An entry
 * wraps or replaces parts of the parts record (`parts.ts`); the correct code
 * never asks whether one is on.
 */
import type { Parts } from '../parts.js';
import type { HttpResponse, RawRequest, RequestState } from '../types.js';

export type FaultArea =
  'auth' | 'isolation' | 'paging' | 'idempotency' | 'dry-run' | 'envelope' | 'data' | 'schema' | 'sequence' | 'wire';

/** What the server needs to switch an entry on (`--fault NAME`, `options.faults`). */
export interface Fault {
  name: string;
  area: FaultArea;
  description: string;
  apply(parts: Parts): Parts;
}

/**
 * A catalogue entry. A `fault` is a bug a vendor could ship; the conformance
 * suite must fail on it with a finding of every check in `expectedChecks`. A
 * `benign` entry is a variation the contract allows; the suite must pass on it.
 */
export interface CatalogueEntry extends Fault {
  kind: 'fault' | 'benign';
  /** Ids of the conformance checks that report the fault; empty for a benign entry. */
  expectedChecks: readonly string[];
}

/** Every response as it leaves the server, with the request it answers. */
export function onResponse(parts: Parts, change: (response: HttpResponse, state: RequestState) => HttpResponse): Parts {
  return { ...parts, finalize: (state, response) => change(parts.finalize(state, response), state) };
}

const contentType = (response: HttpResponse): string =>
  Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';

/** The response with its JSON body passed through `change` and serialised by `stringify`. */
export function mapJson(
  response: HttpResponse,
  change: (value: unknown) => unknown,
  stringify: (value: unknown) => string = (value) => JSON.stringify(value),
): HttpResponse {
  if (!/json/i.test(contentType(response)) || response.body.length === 0) return response;
  return { ...response, body: Buffer.from(stringify(change(JSON.parse(response.body.toString('utf8'))))) };
}

/** The response's headers with `name` (any case) set to `value`, or removed when `value` is undefined. */
export function withHeader(response: HttpResponse, name: string, value: string | undefined): HttpResponse {
  const headers = Object.fromEntries(
    Object.entries(response.headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()),
  );
  return { ...response, headers: value === undefined ? headers : { ...headers, [name]: value } };
}

/** A request rewritten before the pipeline reads it: the query string changed by `change`. */
export function rewriteQuery(parts: Parts, change: (query: URLSearchParams, raw: RawRequest) => void): Parts {
  return {
    ...parts,
    readRequest(req) {
      const raw = parts.readRequest(req);
      const query = new URLSearchParams(raw.query);
      change(query, raw);
      return { ...raw, query };
    },
  };
}
