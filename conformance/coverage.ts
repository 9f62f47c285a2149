/**
 * How much of the contract a run exercised: per operation, the declared
 * response statuses seen and not seen, the parameters sent, and the values of
 * every enumerated request-body field sent (the query operators of a query
 * body's conditions among them). Everything comes from the compiled contract;
 * only requests the target answered count.
 */
import type { Contract, JsonSchema, OperationSpec } from '../spec/index.js';

/**
 * The part of an exchange coverage reads (an `ApiResponse` fits). Spelled out
 * so that these types, which the public API shows, need no Node types.
 */
export interface ObservedExchange {
  status: number;
  request: { url: string; headers: Record<string, string>; body?: string; bodyEncoding?: 'base64' };
}

export interface Exercised {
  exercised: string[];
  notExercised: string[];
}

/** The values sent for one enumerated body field, e.g. `conditions[].op`. */
export interface BodyEnumCoverage extends Exercised {
  field: string;
}

export interface OperationCoverage {
  operation: string;
  method: string;
  path: string;
  /** Answered requests to this operation. */
  requests: number;
  statuses: {
    seen: string[];
    notSeen: string[];
    /** Statuses the target answered that the operation does not declare. */
    undeclared: string[];
  };
  parameters: Exercised;
  bodyEnums: BodyEnumCoverage[];
}

export interface ContractCoverage {
  /** The contract's `info`. */
  contract: { title: string; version: string };
  operations: OperationCoverage[];
  /** Every declared status, parameter and body value no request exercised, one line each. */
  neverExercised: string[];
}

export interface Coverage {
  observe(response: ObservedExchange, operation: OperationSpec | undefined): void;
  result(): ContractCoverage;
}

/** Where an enumerated string sits in a body: property names, `[]` for array items. */
type Segments = string[];

const MAX_DEPTH = 8;

/** Every enumerated string field of a body schema, with its allowed values. */
export function bodyEnumFields(schema: JsonSchema): Map<string, { segments: Segments; values: string[] }> {
  const found = new Map<string, { segments: Segments; values: string[] }>();
  const walk = (node: unknown, segments: Segments, seen: Set<unknown>) => {
    if (!node || typeof node !== 'object' || seen.has(node) || segments.length > MAX_DEPTH) return;
    const s = node as JsonSchema;
    const inner = new Set(seen).add(node);
    if (
      Array.isArray(s.enum) &&
      s.enum.length > 0 &&
      s.enum.every((v: unknown) => typeof v === 'string') &&
      segments.length > 0
    ) {
      const field = segments.join('.').replace(/\.\[\]/g, '[]');
      const entry = found.get(field) ?? { segments, values: [] };
      for (const value of s.enum as string[]) if (!entry.values.includes(value)) entry.values.push(value);
      found.set(field, entry);
    }
    for (const [key, value] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
      walk(value, [...segments, key], inner);
    if (s.items) walk(s.items, [...segments, '[]'], inner);
    // Subschemas constrain the same place; `if` only selects, so it adds no values.
    for (const keyword of ['allOf', 'anyOf', 'oneOf'])
      for (const sub of (s[keyword] as unknown[] | undefined) ?? []) walk(sub, segments, inner);
    if (s.then) walk(s.then, segments, inner);
    if (s.else) walk(s.else, segments, inner);
  };
  walk(schema, [], new Set());
  return found;
}

/** The values found at `segments` in a parsed body. */
function valuesAt(value: unknown, segments: Segments): unknown[] {
  if (segments.length === 0) return [value];
  const [head, ...rest] = segments;
  if (head === '[]') return Array.isArray(value) ? value.flatMap((item) => valuesAt(item, rest)) : [];
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, head!)) {
    return valuesAt((value as Record<string, unknown>)[head!], rest);
  }
  return [];
}

/** Does an answered status match a declared response key (`200`, `4XX`, `default`)? */
function matchesKey(key: string, status: number): boolean {
  if (/^\d{3}$/.test(key)) return Number(key) === status;
  if (/^\dXX$/i.test(key)) return key[0] === String(status)[0];
  return false;
}

interface Tally {
  operation: OperationSpec;
  requests: number;
  statuses: Set<string>;
  undeclared: Set<string>;
  parameters: Set<string>;
  enums: Map<string, { segments: Segments; values: string[]; sent: Set<string> }>;
}

function parseBody(response: ObservedExchange): unknown {
  const { body, bodyEncoding } = response.request;
  if (body === undefined || bodyEncoding === 'base64') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function sentParameters(operation: OperationSpec, response: ObservedExchange): string[] {
  let query: URLSearchParams;
  try {
    query = new URL(response.request.url).searchParams;
  } catch {
    return [];
  }
  const headers = new Set(Object.keys(response.request.headers).map((name) => name.toLowerCase()));
  return operation.parameters
    .filter((p) => (p.in === 'path' ? true : p.in === 'query' ? query.has(p.name) : headers.has(p.name.toLowerCase())))
    .map((p) => p.name);
}

export function createCoverage(contract: Contract): Coverage {
  const tallies = new Map<string, Tally>();
  for (const operation of contract.operations) {
    const enums = new Map<string, { segments: Segments; values: string[]; sent: Set<string> }>();
    if (operation.body) {
      for (const [field, entry] of bodyEnumFields(operation.body.schema))
        enums.set(field, { ...entry, sent: new Set() });
    }
    tallies.set(operation.id, {
      operation,
      requests: 0,
      statuses: new Set(),
      undeclared: new Set(),
      parameters: new Set(),
      enums,
    });
  }
  const info = (contract.document.info ?? {}) as { title?: unknown; version?: unknown };

  return {
    observe(response, operation) {
      // No answer (status 0) exercises nothing; calls outside the contract are not its coverage.
      if (!operation || response.status === 0) return;
      const tally = tallies.get(operation.id);
      if (!tally) return;
      tally.requests += 1;
      const declared = [...operation.responses.keys()];
      const key =
        declared.find((k) => matchesKey(k, response.status)) ?? (declared.includes('default') ? 'default' : undefined);
      if (key) tally.statuses.add(key);
      else tally.undeclared.add(String(response.status));
      for (const name of sentParameters(operation, response)) tally.parameters.add(name);
      if (tally.enums.size > 0) {
        const body = parseBody(response);
        if (body !== undefined) {
          for (const entry of tally.enums.values()) {
            for (const value of valuesAt(body, entry.segments)) {
              if (typeof value === 'string' && entry.values.includes(value)) entry.sent.add(value);
            }
          }
        }
      }
    },
    result() {
      const operations: OperationCoverage[] = [];
      const neverExercised: string[] = [];
      for (const { operation, requests, statuses, undeclared, parameters, enums } of tallies.values()) {
        const declared = [...operation.responses.keys()];
        const names = operation.parameters.map((p) => p.name);
        const coverage: OperationCoverage = {
          operation: operation.id,
          method: operation.method,
          path: operation.path,
          requests,
          statuses: {
            seen: declared.filter((s) => statuses.has(s)),
            notSeen: declared.filter((s) => !statuses.has(s)),
            undeclared: [...undeclared].sort(),
          },
          parameters: {
            exercised: names.filter((n) => parameters.has(n)),
            notExercised: names.filter((n) => !parameters.has(n)),
          },
          bodyEnums: [...enums].map(([field, entry]) => ({
            field,
            exercised: entry.values.filter((v) => entry.sent.has(v)),
            notExercised: entry.values.filter((v) => !entry.sent.has(v)),
          })),
        };
        operations.push(coverage);
        if (requests === 0) {
          neverExercised.push(`${operation.id}: never called`);
          continue;
        }
        if (coverage.statuses.notSeen.length > 0)
          neverExercised.push(`${operation.id}: status ${coverage.statuses.notSeen.join(', ')}`);
        if (coverage.parameters.notExercised.length > 0)
          neverExercised.push(`${operation.id}: parameter ${coverage.parameters.notExercised.join(', ')}`);
        for (const e of coverage.bodyEnums) {
          if (e.notExercised.length > 0)
            neverExercised.push(`${operation.id}: ${e.field} ${e.notExercised.join(', ')}`);
        }
      }
      return {
        contract: { title: String(info.title ?? ''), version: String(info.version ?? '') },
        operations,
        neverExercised,
      };
    },
  };
}

/** At most this many characters of the never-exercised list on the summary's line; reports have it whole. */
const LINE_CHARS = 400;

/** One line for the terminal summary: what the run never exercised, or that it exercised everything. */
export function coverageLine(coverage: ContractCoverage): string {
  if (coverage.neverExercised.length === 0)
    return 'coverage: every declared status, parameter and body value was exercised';
  const items: string[] = [];
  let length = 0;
  for (const item of coverage.neverExercised) {
    if (items.length > 0 && length + item.length > LINE_CHARS) break;
    items.push(item);
    length += item.length + 2;
  }
  const rest = coverage.neverExercised.length - items.length;
  return `never exercised: ${items.join('; ')}${rest > 0 ? `; … and ${rest} more in the report` : ''}`;
}
