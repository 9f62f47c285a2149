/**
 * Benign variations: what a correct vendor may do differently, which the
 * contract allows and the conformance suite must accept. Each changes only
 * the form of responses (or the data already there), never their meaning, and
 * deterministically, so a replay stays byte-identical to its original (D8).
 */
import { randomUUID } from 'node:crypto';
import { CD_ID, CUSTOM_FIELDS, EXTERNAL_IDS, TAGS } from '../contacts/model.js';
import type { Parts } from '../parts.js';
import type { HttpResponse } from '../types.js';
import { type CatalogueEntry, mapJson, onResponse, withHeader } from './fault.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Fields the contract does not declare, added where a vendor would put them. */
function extended(value: unknown): unknown {
  const contact = (c: unknown) =>
    isObject(c) ? { ...c, object: 'contact', links: { self: `/contacts/${String(c[CD_ID] ?? '')}` } } : c;
  if (Array.isArray(value)) return value.map(contact);
  if (!isObject(value)) return value;
  const out: Json = { ...value, apiVersion: '2.4.1' };
  if (isObject(value.error))
    out.error = { ...value.error, docs: `https://docs.contactdrive.example/errors/${String(value.error.code)}` };
  if (isObject(value.data)) {
    const data: Json = { ...value.data, object: 'result' };
    if (isObject(value.data.wouldWrite)) data.wouldWrite = contact(value.data.wouldWrite);
    out.data = data;
  }
  return out;
}

/** The same JSON value with the keys of every object in reverse order. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, v]) => [key, reordered(v)]),
  );
}

/** Responses written another way: `write` takes over from the correct `send`. */
function sentAs(parts: Parts, write: Parts['send']): Parts {
  return { ...parts, send: write };
}

const FIRST_NAMES = ['Avery', 'Jordan', 'Riley', 'Morgan', 'Casey', 'Quinn', 'Harper', 'Rowan'];
const LAST_NAMES = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Novak', 'Haddad', 'Silva', 'Byrne', 'Kowalski'];
const CUSTOM_VALUES = { string: 'imported', number: 42, boolean: true } as const;

/** Inserts `count` plain contacts into every workspace, through the same build and insert as a create. */
async function preSeed(parts: Parts, count: number): Promise<void> {
  await parts.storage.write(async () => {
    for (const workspace of parts.workspaces.all()) {
      const customFields = Object.fromEntries(
        [...workspace.slugTypes].map(([slug, type]) => [slug, CUSTOM_VALUES[type]]),
      );
      for (let i = 0; i < count; i++) {
        const firstName = FIRST_NAMES[i % FIRST_NAMES.length]!;
        const lastName = LAST_NAMES[i % LAST_NAMES.length]!;
        const fields = {
          firstName,
          lastName,
          email: `${firstName}.${lastName}.${i}@import.example`.toLowerCase(),
          [TAGS]: ['imported'],
          [EXTERNAL_IDS]: { legacy: `L-${i}` },
          [CUSTOM_FIELDS]: customFields,
        };
        const draft = parts.contacts.build(fields, workspace.workspaceId, workspace.user.userId);
        const at = new Date(parts.now()).toISOString();
        await parts.store.insert({ ...draft, cdId: parts.newContactId(), createdAt: at, updatedAt: at });
      }
    }
  });
}

const writeChunked = (res: Parameters<Parts['send']>[0], response: HttpResponse) => {
  if (res.headersSent || res.destroyed) return;
  // No Content-Length: Node frames the body as chunks.
  res.writeHead(response.status, response.headers);
  const half = Math.floor(response.body.length / 2);
  res.write(response.body.subarray(0, half));
  res.end(response.body.subarray(half));
};

export const BENIGN: readonly CatalogueEntry[] = [
  {
    name: 'extra-response-fields',
    kind: 'benign',
    area: 'schema',
    description:
      'Responses carry fields the contract does not declare (apiVersion, object, links, docs); clients must ignore them.',
    expectedChecks: [],
    apply: (parts) =>
      onResponse(parts, (response, state) => {
        const route = parts.route(state.raw);
        // The served OpenAPI document is left alone: only x- extensions may be added to it.
        return route.kind === 'operation' && !route.operation.secured ? response : mapJson(response, extended);
      }),
  },
  {
    name: 'json-reformatted',
    kind: 'benign',
    area: 'wire',
    description: 'JSON bodies have their keys in another order and are indented, with a final newline.',
    expectedChecks: [],
    apply: (parts) =>
      onResponse(parts, (response) => mapJson(response, reordered, (value) => `${JSON.stringify(value, null, 2)}\n`)),
  },
  {
    name: 'extra-response-headers',
    kind: 'benign',
    area: 'wire',
    description:
      'Responses carry headers the contract does not declare (X-Request-Id, rate limits, caching, security headers).',
    expectedChecks: [],
    apply: (parts) =>
      onResponse(parts, (response) => ({
        ...response,
        headers: {
          ...response.headers,
          'X-Request-Id': randomUUID(),
          'X-RateLimit-Limit': '1000',
          'X-RateLimit-Remaining': '999',
          'Cache-Control': 'no-store',
          'Strict-Transport-Security': 'max-age=63072000',
          'X-Content-Type-Options': 'nosniff',
          Vary: 'Authorization',
          Server: 'contactdrive/2.4.1',
        },
      })),
  },
  {
    name: 'json-content-type-variants',
    kind: 'benign',
    area: 'wire',
    description:
      'Content-Type is application/json without charset on successes and application/json;charset=UTF-8 on errors.',
    expectedChecks: [],
    apply: (parts) =>
      onResponse(parts, (response) =>
        withHeader(
          response,
          'Content-Type',
          response.status < 400 ? 'application/json' : 'application/json;charset=UTF-8',
        ),
      ),
  },
  {
    name: 'chunked-responses',
    kind: 'benign',
    area: 'wire',
    description: 'Responses are sent with Transfer-Encoding: chunked and no Content-Length, in two chunks.',
    expectedChecks: [],
    apply: (parts) => sentAs(parts, writeChunked),
  },
  {
    name: 'added-latency-20ms',
    kind: 'benign',
    area: 'wire',
    description: 'Every response leaves 20 ms later.',
    expectedChecks: [],
    apply: (parts) => sentAs(parts, (res, response) => void setTimeout(() => parts.send(res, response), 20)),
  },
  {
    name: 'large-workspace-3000',
    kind: 'benign',
    area: 'data',
    description:
      'Every workspace already holds 3,000 more contacts (imported ones, each with an external ID and custom fields).',
    expectedChecks: [],
    apply: async (parts) => {
      await preSeed(parts, 3000);
      return parts;
    },
  },
];
