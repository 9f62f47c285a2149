/**
 * Schema faults: a response that breaks its declared schema or media type, an
 * operation missing, and request input judged by rules the contract does not
 * have (valid values refused, invalid ones let through, valid ones crashing).
 */
import { formatField } from '../../spec/index.js';
import { CONTACT, TAGS } from '../contacts/model.js';
import { violation } from '../http/errors.js';
import { illFormedAt } from '../http/json.js';
import { json } from '../http/respond.js';
import type { Parts } from '../parts.js';
import { type CatalogueEntry, mapJson, onResponse, rewriteQuery, withHeader } from './fault.js';

/** Characters outside the Basic Multilingual Plane (4 bytes in UTF-8). */
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;
/** A column size the contract does not have. */
const NOTES_COLUMN_BYTES = 4000;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A body the correct part refuses only for a lone surrogate is taken as JSON.parse gives it. */
function keepLoneSurrogates(parts: Parts): Parts {
  return {
    ...parts,
    parseJson(bytes) {
      const checked = parts.parseJson(bytes);
      if (checked.ok) return checked;
      let value: unknown;
      try {
        value = JSON.parse(strictUtf8.decode(bytes));
      } catch {
        return checked;
      }
      const object = value !== null && typeof value === 'object' && !Array.isArray(value);
      return object && illFormedAt(value) ? { ok: true, value } : checked;
    },
  };
}

/** Contacts built or merged from `fields` after `guard` has seen them (it may throw). */
function guardContacts(parts: Parts, guard: (fields: Record<string, unknown>) => void): Parts {
  return {
    ...parts,
    contacts: {
      ...parts.contacts,
      build: (fields, workspaceId, createdBy) => (guard(fields), parts.contacts.build(fields, workspaceId, createdBy)),
      merge: (record, fields, now) => (guard(fields), parts.contacts.merge(record, fields, now)),
    },
  };
}

const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

/** The body's `contact` object, when it has one. */
const contactOf = (body: unknown): Record<string, unknown> | undefined => {
  const contact = (body as Record<string, unknown> | undefined)?.[CONTACT];
  return contact && typeof contact === 'object' && !Array.isArray(contact)
    ? (contact as Record<string, unknown>)
    : undefined;
};

/** Body validation with one more rule on the contact's string fields. */
function contactRule(
  parts: Parts,
  broken: (field: string, value: string, maxLength: number | undefined) => string | undefined,
): Parts {
  const props = (parts.contract.schemas.ContactFields as { properties: Record<string, { maxLength?: number }> })
    .properties;
  return {
    ...parts,
    validateBody(operation, body) {
      const invalid = parts.validateBody(operation, body);
      if (invalid) return invalid;
      for (const [field, value] of Object.entries(contactOf(body) ?? {})) {
        if (typeof value !== 'string' || !Object.hasOwn(props, field)) continue;
        const why = broken(field, value, props[field]!.maxLength);
        const at = formatField([CONTACT, field]);
        if (why) return violation(at, `${at}: ${why}`);
      }
      return undefined;
    },
  };
}

export const SCHEMA: readonly CatalogueEntry[] = [
  {
    name: 'contact-missing-tags',
    kind: 'fault',
    area: 'schema',
    description: 'Contacts are read back without their required tags array.',
    expectedChecks: ['response-schema-conformance', 'create-read-back'],
    apply: (parts) => ({
      ...parts,
      contacts: {
        ...parts.contacts,
        flatten: (contact) => {
          const { [TAGS]: _tags, ...rest } = parts.contacts.flatten(contact);
          return rest;
        },
      },
    }),
  },
  {
    name: 'count-as-string',
    kind: 'fault',
    area: 'schema',
    description:
      'countOnly answers the count as a string ({ "count": "12" }), as some database drivers return a bigint count.',
    expectedChecks: ['response-schema-conformance', 'query-count-only'],
    apply: (parts) => {
      const handler = parts.handlers.queryContacts!;
      return {
        ...parts,
        handlers: {
          ...parts.handlers,
          queryContacts: {
            ...handler,
            async run(ctx, current) {
              const result = await handler.run(ctx, current);
              if (!('body' in result) || typeof (result.body as { count?: unknown }).count !== 'number') return result;
              return { ...result, body: { count: String((result.body as { count: number }).count) } };
            },
          },
        },
      };
    },
  },
  {
    name: 'json-sent-as-text-html',
    kind: 'fault',
    area: 'schema',
    description:
      'Successful JSON bodies are sent as Content-Type: text/html (a framework sending a serialised string).',
    expectedChecks: ['content-type-conformance'],
    apply: (parts) =>
      onResponse(parts, (response) =>
        response.status < 300 ? withHeader(response, 'Content-Type', 'text/html; charset=utf-8') : response,
      ),
  },
  {
    name: 'openapi-requires-auth',
    kind: 'fault',
    area: 'schema',
    description: 'GET /openapi.json demands an API key.',
    expectedChecks: ['openapi-document'],
    apply: (parts) => ({ ...parts, requiresAuth: () => true }),
  },
  {
    name: 'openapi-document-stale',
    kind: 'fault',
    area: 'schema',
    description: 'GET /openapi.json serves an older document that lacks GET /contacts/search.',
    expectedChecks: ['openapi-document'],
    apply: (parts) =>
      onResponse(parts, (response, state) => {
        const route = parts.route(state.raw);
        if (route.kind !== 'operation' || route.operation.secured || response.status !== 200) return response;
        const search = parts.contract.operation('searchContacts').path;
        return mapJson(response, (doc) => {
          const { [search]: _dropped, ...paths } = (doc as { paths: Record<string, unknown> }).paths;
          return { ...(doc as object), paths };
        });
      }),
  },
  {
    name: 'search-q-not-implemented',
    kind: 'fault',
    area: 'schema',
    description: 'GET /contacts/search supports only externalId: a search by q answers 501 NOT_IMPLEMENTED.',
    expectedChecks: ['operations-smoke', 'search-text'],
    apply: (parts) =>
      onResponse(parts, (response, state) => {
        const route = parts.route(state.raw);
        if (
          route.kind !== 'operation' ||
          route.operation.id !== 'searchContacts' ||
          response.status !== 200 ||
          !state.raw.query.has(parts.contract.names.query.q)
        )
          return response;
        return json(501, {
          error: { code: 'NOT_IMPLEMENTED', message: 'Text search is not available; search by externalId.' },
        });
      }),
  },
  {
    name: 'names-ascii-only',
    kind: 'fault',
    area: 'schema',
    description:
      'Names must be ASCII letters, spaces, dots, apostrophes and hyphens: valid names such as "José" or "李" are 422.',
    expectedChecks: ['validation-valid-bodies-accepted'],
    apply: (parts) =>
      contactRule(parts, (field, value) =>
        parts.contract.names.nameParts.includes(field) && !/^[A-Za-z .'-]*$/.test(value)
          ? 'must contain only letters'
          : undefined,
      ),
  },
  {
    name: 'string-length-in-utf16',
    kind: 'fault',
    area: 'schema',
    description: 'maxLength is counted in UTF-16 units, not characters: a valid string of emoji near the limit is 422.',
    expectedChecks: ['malformed-input'],
    apply: (parts) =>
      contactRule(parts, (_field, value, maxLength) =>
        maxLength !== undefined && value.length > maxLength ? `must be at most ${maxLength} characters` : undefined,
      ),
  },
  {
    name: 'astral-characters-500',
    kind: 'fault',
    area: 'schema',
    description:
      'A contact with a character outside the Basic Multilingual Plane (an emoji) fails in storage: 500 (a 3-byte UTF-8 column).',
    expectedChecks: ['malformed-input', 'not-a-server-error'],
    apply: (parts) =>
      guardContacts(parts, (fields) => {
        if (strings(fields).some((s) => ASTRAL.test(s))) throw new Error('Incorrect string value for column');
      }),
  },
  {
    name: 'long-notes-500',
    kind: 'fault',
    area: 'schema',
    description: `notes longer than ${NOTES_COLUMN_BYTES} UTF-8 bytes fail in storage: 500 (a column shorter than the contract's maxLength).`,
    expectedChecks: ['malformed-input', 'not-a-server-error'],
    apply: (parts) =>
      guardContacts(parts, (fields) => {
        if (typeof fields.notes === 'string' && Buffer.byteLength(fields.notes) > NOTES_COLUMN_BYTES)
          throw new Error('value too long for column notes');
      }),
  },
  {
    name: 'invalid-utf8-replaced',
    kind: 'fault',
    area: 'schema',
    description:
      'A body that is not UTF-8 is decoded with U+FFFD replacement characters (Buffer.toString) and stored, instead of a 422 on body.',
    expectedChecks: ['malformed-input'],
    apply: (parts) => ({ ...parts, parseJson: (bytes) => parts.parseJson(Buffer.from(bytes.toString('utf8'))) }),
  },
  {
    name: 'lone-surrogate-stored',
    kind: 'fault',
    area: 'schema',
    description:
      'A string holding a lone surrogate escape ("\\ud800") is accepted and stored, instead of a 422 on its path.',
    expectedChecks: ['malformed-input'],
    apply: keepLoneSurrogates,
  },
  {
    name: 'bad-percent-encoding-ignored',
    kind: 'fault',
    area: 'schema',
    description:
      'A query value that is not percent-encoded UTF-8 is decoded leniently (%zz kept, %ff as U+FFFD), so a search silently matches nothing instead of a 422 on the parameter.',
    expectedChecks: ['malformed-input'],
    apply: (parts) => ({
      ...parts,
      readRequest(req) {
        const { malformedQuery: _dropped, ...raw } = parts.readRequest(req);
        return raw;
      },
    }),
  },
  {
    name: 'lenient-boolean-flags',
    kind: 'fault',
    area: 'schema',
    description:
      'Boolean query flags (dryRun, upsertByExternalId) take "1", "yes" and "on" as true and anything else as false, instead of a 422.',
    expectedChecks: ['validation-params'],
    apply: (parts) =>
      rewriteQuery(parts, (query, raw) => {
        const route = parts.route(raw);
        if (route.kind !== 'operation') return;
        for (const param of route.operation.parameters) {
          if (param.in !== 'query' || param.schema.type !== 'boolean' || !query.has(param.name)) continue;
          const given = query.get(param.name)!.toLowerCase();
          query.set(param.name, String(['true', '1', 'yes', 'on'].includes(given)));
        }
      }),
  },
];
