/**
 * Workspace-scope faults (D12): a read or write that forgets its workspace.
 * The store reads every workspace when given `null`.
 */
import type { CatalogueEntry } from './fault.js';

export const ISOLATION: readonly CatalogueEntry[] = [
  {
    name: 'list-shows-all-workspaces',
    kind: 'fault',
    area: 'isolation',
    description: 'GET /contacts lists the contacts of every workspace.',
    expectedChecks: ['isolation-reads'],
    apply: (parts) => ({
      ...parts,
      store: { ...parts.store, list: (_workspaceId, page) => parts.store.list(null, page) },
    }),
  },
  {
    name: 'query-ignores-workspace',
    kind: 'fault',
    area: 'isolation',
    description: 'POST /contacts/query matches contacts of every workspace.',
    expectedChecks: ['isolation-reads'],
    apply: (parts) => ({
      ...parts,
      store: { ...parts.store, query: (_workspaceId, filter, page) => parts.store.query(null, filter, page) },
    }),
  },
  {
    name: 'count-ignores-workspace',
    kind: 'fault',
    area: 'isolation',
    description: 'countOnly counts the matching contacts of every workspace.',
    expectedChecks: ['isolation-reads'],
    apply: (parts) => ({
      ...parts,
      store: { ...parts.store, count: (_workspaceId, filter) => parts.store.count(null, filter) },
    }),
  },
  {
    name: 'search-ignores-workspace',
    kind: 'fault',
    area: 'isolation',
    description: 'GET /contacts/search finds contacts of every workspace.',
    expectedChecks: ['isolation-reads'],
    apply: (parts) => ({
      ...parts,
      store: { ...parts.store, search: (_workspaceId, spec, page) => parts.store.search(null, spec, page) },
    }),
  },
  {
    name: 'put-ignores-workspace',
    kind: 'fault',
    area: 'isolation',
    description: "PUT /contacts/{id} finds the contact by id alone, so another workspace's contact is updated.",
    expectedChecks: ['isolation-writes'],
    apply: (parts) => ({
      ...parts,
      store: { ...parts.store, findById: (_workspaceId, cdId) => parts.store.findById(null, cdId) },
    }),
  },
  {
    name: 'upsert-matches-other-workspace',
    kind: 'fault',
    area: 'isolation',
    description:
      "An upsert matches a contact of any workspace sharing an external ID, and updates another workspace's contact.",
    expectedChecks: ['isolation-writes'],
    apply: (parts) => ({
      ...parts,
      store: {
        ...parts.store,
        findByExternalIds: (_workspaceId, entries) => parts.store.findByExternalIds(null, entries),
      },
    }),
  },
];
