/**
 * The fault catalogue: deliberate, named bugs for proving the conformance
 * suite. Each fault wraps or replaces one part of the parts record
 * (`parts.ts`); the correct code never asks whether a fault is on.
 */
import type { Parts } from './parts.js';
import { FALSE } from './store/conditions.js';

export type FaultArea = 'auth' | 'isolation' | 'paging' | 'idempotency' | 'dry-run' | 'envelope' | 'data' | 'schema';

export interface Fault {
  name: string;
  area: FaultArea;
  description: string;
  apply(parts: Parts): Parts;
}

export const FAULTS: readonly Fault[] = [
  {
    name: 'auth-accepts-unknown-key',
    area: 'auth',
    description: 'Any presented key, known or not, is accepted as the first workspace\'s.',
    apply: (parts) => ({
      ...parts,
      authenticate(raw) {
        const result = parts.authenticate(raw);
        if (result.kind !== 'denied' || result.via === 'none') return result;
        return { kind: 'granted', via: result.via, workspace: parts.workspaces.all()[0]! };
      },
    }),
  },
  {
    name: 'deprecation-header-missing',
    area: 'auth',
    description: 'Responses to requests using the apiKey query parameter lack Deprecation and Warning.',
    apply: (parts) => ({
      ...parts,
      finalize: (state, response) => parts.finalize({ ...state, auth: undefined }, response),
    }),
  },
  {
    name: 'list-shows-all-workspaces',
    area: 'isolation',
    description: 'GET /contacts lists the contacts of every workspace.',
    apply: (parts) => ({ ...parts, store: { ...parts.store, list: (_workspaceId, page) => parts.store.list(null, page) } }),
  },
  {
    name: 'list-offset-off-by-one',
    area: 'paging',
    description: 'GET /contacts skips one contact more than offset says.',
    apply: (parts) => ({
      ...parts,
      store: { ...parts.store, list: (workspaceId, page) => parts.store.list(workspaceId, { ...page, offset: page.offset + 1 }) },
    }),
  },
  {
    name: 'idempotency-replay-reexecutes',
    area: 'idempotency',
    description: 'A repeated Idempotency-Key executes the request again instead of replaying it.',
    apply: (parts) => ({
      ...parts,
      idempotency: {
        ...parts.idempotency,
        lookup: (scope, print) => {
          const found = parts.idempotency.lookup(scope, print);
          return found.kind === 'replay' ? { kind: 'miss' } : found;
        },
      },
    }),
  },
  {
    name: 'idempotency-ignores-body',
    area: 'idempotency',
    description: 'The same key with a different body replays the first response instead of a 409.',
    apply: (parts) => ({ ...parts, idempotency: { ...parts.idempotency, fingerprintOf: (ctx) => `${ctx.raw.method} ${ctx.raw.path}` } }),
  },
  {
    name: 'dry-run-writes',
    area: 'dry-run',
    description: '?dryRun=true answers with a preview but writes the contact anyway.',
    apply: (parts) => ({
      ...parts,
      writes: {
        ...parts.writes,
        preview(plan, current) {
          current.writes.apply(plan, current);
          return parts.writes.preview(plan, current);
        },
      },
    }),
  },
  {
    name: 'error-field-missing',
    area: 'envelope',
    description: 'Error envelopes never carry field, not even on validation errors.',
    apply: (parts) => ({ ...parts, render: ({ field: _field, ...error }) => parts.render(error) }),
  },
  {
    name: 'put-overwrites-omitted-fields',
    area: 'data',
    description: 'PUT (and upsert) replace the whole contact: fields left out of the body are lost.',
    apply: (parts) => ({
      ...parts,
      contacts: {
        ...parts.contacts,
        merge: (record, fields, now) =>
          parts.contacts.merge({ ...record, doc: parts.contacts.build({}, record.workspaceId, null).doc }, fields, now),
      },
    }),
  },
  {
    name: 'count-only-off-by-one',
    area: 'data',
    description: 'countOnly answers one more than the number of matches.',
    apply: (parts) => ({ ...parts, store: { ...parts.store, count: (workspaceId, filter) => parts.store.count(workspaceId, filter) + 1 } }),
  },
  {
    name: 'query-ne-matches-nothing',
    area: 'data',
    description: 'The ne operator never matches, not even contacts lacking the field.',
    apply: (parts) => ({ ...parts, operators: { ...parts.operators, ne: () => FALSE } }),
  },
  {
    name: 'search-ignores-q',
    area: 'data',
    description: 'GET /contacts/search ignores q and returns every contact (or every externalId match).',
    apply: (parts) => ({
      ...parts,
      store: { ...parts.store, search: (workspaceId, spec, page) => parts.store.search(workspaceId, { ...spec, terms: [] }, page) },
    }),
  },
  {
    name: 'contact-missing-tags',
    area: 'schema',
    description: 'Contacts are read back without their required tags array.',
    apply: (parts) => ({
      ...parts,
      contacts: {
        ...parts.contacts,
        flatten: (contact) => {
          const { tags: _tags, ...rest } = parts.contacts.flatten(contact);
          return rest;
        },
      },
    }),
  },
  {
    name: 'openapi-requires-auth',
    area: 'schema',
    description: 'GET /openapi.json demands an API key.',
    apply: (parts) => ({ ...parts, requiresAuth: () => true }),
  },
];

/** The faults named, in order; an unknown name is an error that lists the catalogue. */
export function resolveFaults(names: readonly string[], catalogue: readonly Fault[] = FAULTS): Fault[] {
  return names.map((name) => {
    const fault = catalogue.find((f) => f.name === name);
    if (!fault) throw new Error(`unknown fault "${name}"; known faults: ${catalogue.map((f) => f.name).join(', ')}`);
    return fault;
  });
}

export function applyFaults(parts: Parts, faults: readonly Fault[]): Parts {
  return faults.reduce((current, fault) => fault.apply(current), parts);
}

export function listFaults(catalogue: readonly Fault[] = FAULTS): Array<Pick<Fault, 'name' | 'area' | 'description'>> {
  return catalogue.map(({ name, area, description }) => ({ name, area, description }));
}
