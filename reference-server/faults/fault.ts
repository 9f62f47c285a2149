/**
 * What a catalogue entry is, and the few helpers entries share. An entry
 * wraps or replaces parts of the parts record (`parts.ts`); the correct code
 * never asks whether one is on.
 */
import type { Parts } from '../parts.js';
import { parseRow } from '../store/storage.js';
import type { Condition, ContactRecord, HttpResponse, RawRequest, RequestState } from '../types.js';

export type FaultArea =
  | 'auth'
  | 'isolation'
  | 'paging'
  | 'idempotency'
  | 'dry-run'
  | 'envelope'
  | 'data'
  | 'schema'
  | 'sequence'
  | 'wire';

/** What the server needs to switch an entry on (`--fault NAME`, `options.faults`). */
export interface Fault {
  name: string;
  area: FaultArea;
  description: string;
  /** The parts with the entry on; an entry that first writes to the store resolves once it has. */
  apply(parts: Parts): Parts | Promise<Parts>;
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

/** A window wide enough for every contact a test server holds. */
export const WIDE = { limit: 1_000_000, offset: 0 };

/** Queries and counts with each condition replaced by the conditions `rewrite` makes of it (all must hold). */
export function conditionsRewritten(parts: Parts, rewrite: (condition: Condition) => Condition[]): Parts {
  const rewritten = (conditions: readonly Condition[]) => conditions.flatMap(rewrite);
  return {
    ...parts,
    store: {
      ...parts.store,
      query: (workspaceId, conditions, page) => parts.store.query(workspaceId, rewritten(conditions), page),
      count: (workspaceId, conditions) => parts.store.count(workspaceId, rewritten(conditions)),
    },
  };
}

/**
 * Queries and counts that evaluate the conditions `takes` picks their own way: the store answers the
 * others, and each contact it finds is kept only where `holds` says every taken condition does.
 */
export function conditionsEvaluated(
  parts: Parts,
  takes: (condition: Condition) => boolean,
  holds: (record: ContactRecord, condition: Condition) => boolean,
): Parts {
  const matches = async (workspaceId: string | null, conditions: readonly Condition[]) => {
    const taken = conditions.filter(takes);
    const rows = await parts.store.query(
      workspaceId,
      conditions.filter((c) => !takes(c)),
      WIDE,
    );
    return rows.filter((row) => {
      const record = parseRow(row);
      return taken.every((condition) => holds(record, condition));
    });
  };
  return {
    ...parts,
    store: {
      ...parts.store,
      async query(workspaceId, conditions, page) {
        if (!conditions.some(takes)) return parts.store.query(workspaceId, conditions, page);
        return (await matches(workspaceId, conditions)).slice(page.offset, page.offset + page.limit);
      },
      async count(workspaceId, conditions) {
        if (!conditions.some(takes)) return parts.store.count(workspaceId, conditions);
        return (await matches(workspaceId, conditions)).length;
      },
    },
  };
}
