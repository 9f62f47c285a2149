/**
 * Data faults (D3-D6): what is stored, merged, matched, counted and found
 * differs from what the contract says.
 */
import { CUSTOM_FIELDS, FULLNAME, RECORD_KEYS, TAGS } from '../contacts/model.js';
import { fieldValue } from '../store/query-model.js';
import type { Condition, ContactRecord } from '../types.js';
import { type CatalogueEntry, conditionsEvaluated, conditionsRewritten } from './fault.js';

/** A condition on a text field (not the tags list). */
const onText = (c: Condition) => c.field !== TAGS;

/** Read-only fields a body may carry (D6: accepted and ignored), each with the record's own key it is kept in. */
const READ_ONLY = RECORD_KEYS;

export const DATA: readonly CatalogueEntry[] = [
  {
    name: 'put-overwrites-omitted-fields',
    kind: 'fault',
    area: 'data',
    description: 'PUT (and upsert) replace the whole contact: fields left out of the body are lost.',
    expectedChecks: ['update-partial', 'dry-run-update'],
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
    name: 'put-applies-system-fields',
    kind: 'fault',
    area: 'data',
    description:
      'PUT (and upsert) store the read-only fullname, cdId, createdAt and updatedAt when the body carries them.',
    expectedChecks: ['update-ignores-system-fields'],
    apply: (parts) => ({
      ...parts,
      contacts: {
        ...parts.contacts,
        merge(record, fields, now) {
          const merged: ContactRecord = parts.contacts.merge(record, fields, now);
          const given = (key: string) =>
            Object.hasOwn(fields, key) && typeof fields[key] === 'string' ? (fields[key] as string) : undefined;
          const out = { ...merged, doc: { ...merged.doc, [FULLNAME]: given(FULLNAME) ?? merged.doc[FULLNAME] } };
          for (const [field, key] of READ_ONLY) out[key] = given(field) ?? out[key];
          return out;
        },
      },
    }),
  },
  {
    name: 'put-merges-tags',
    kind: 'fault',
    area: 'data',
    description: 'PUT adds the given tags to the existing ones instead of replacing the list.',
    expectedChecks: ['update-partial', 'dry-run-update'],
    apply: (parts) => ({
      ...parts,
      contacts: {
        ...parts.contacts,
        merge(record, fields, now) {
          const merged = parts.contacts.merge(record, fields, now);
          return {
            ...merged,
            doc: { ...merged.doc, [TAGS]: [...new Set([...record.doc[TAGS], ...merged.doc[TAGS]])] },
          };
        },
      },
    }),
  },
  {
    name: 'custom-fields-nested-in-reads',
    kind: 'fault',
    area: 'data',
    description: 'Contacts are read with their custom fields nested under customFields instead of flattened by slug.',
    expectedChecks: ['create-read-back', 'dry-run-create', 'dry-run-update'],
    apply: (parts) => ({
      ...parts,
      contacts: {
        ...parts.contacts,
        flatten(contact) {
          const flat = parts.contacts.flatten(contact);
          const custom = contact.doc[CUSTOM_FIELDS];
          const out = Object.fromEntries(Object.entries(flat).filter(([key]) => !Object.hasOwn(custom, key)));
          return { ...out, [CUSTOM_FIELDS]: { ...custom } };
        },
      },
    }),
  },
  {
    name: 'upsert-creates-duplicate',
    kind: 'fault',
    area: 'data',
    description: 'upsertByExternalId never finds the contact sharing an external ID, so it creates a duplicate.',
    expectedChecks: ['upsert-by-external-id', 'isolation-writes'],
    apply: (parts) => ({ ...parts, store: { ...parts.store, findByExternalIds: async () => undefined } }),
  },
  {
    name: 'count-only-off-by-one',
    kind: 'fault',
    area: 'data',
    description: 'countOnly answers one more than the number of matches.',
    expectedChecks: ['query-count-only', 'query-operators'],
    apply: (parts) => ({
      ...parts,
      store: {
        ...parts.store,
        count: async (workspaceId, conditions) => (await parts.store.count(workspaceId, conditions)) + 1,
      },
    }),
  },
  {
    name: 'query-ne-matches-nothing',
    kind: 'fault',
    area: 'data',
    description: 'The ne operator never matches, not even contacts lacking the field.',
    expectedChecks: ['query-operators'],
    apply: (parts) =>
      conditionsEvaluated(
        parts,
        (c) => c.op === 'ne',
        () => false,
      ),
  },
  {
    name: 'query-ne-excludes-missing',
    kind: 'fault',
    area: 'data',
    description: 'ne follows SQL NULL logic: a contact lacking the field is not matched, though D3 says it is.',
    expectedChecks: ['query-operators'],
    apply: (parts) =>
      conditionsRewritten(parts, (c) => (c.op === 'ne' ? [{ field: c.field, op: 'exists', value: true }, c] : [c])),
  },
  {
    name: 'query-contains-as-prefix',
    kind: 'fault',
    area: 'data',
    description: "contains on a text field matches only at the start of the value (LIKE 'x%' where '%x%' was meant).",
    expectedChecks: ['query-operators'],
    apply: (parts) =>
      conditionsRewritten(parts, (c) => (c.op === 'contains' && onText(c) ? [{ ...c, op: 'startsWith' }] : [c])),
  },
  {
    name: 'query-contains-case-sensitive',
    kind: 'fault',
    area: 'data',
    description: 'contains and startsWith on a text field are case-sensitive, though D3 says they fold case.',
    expectedChecks: ['query-operators'],
    apply: (parts) =>
      conditionsEvaluated(
        parts,
        (c) => (c.op === 'contains' || c.op === 'startsWith') && onText(c),
        (record, c) => {
          const value = fieldValue(record, c.field);
          if (typeof value !== 'string' || typeof c.value !== 'string') return false;
          return c.op === 'contains' ? value.includes(c.value) : value.startsWith(c.value);
        },
      ),
  },
  {
    name: 'search-ignores-q',
    kind: 'fault',
    area: 'data',
    description: 'GET /contacts/search ignores q and returns every contact (or every externalId match).',
    expectedChecks: ['search-text', 'search-pagination'],
    apply: (parts) => ({
      ...parts,
      store: {
        ...parts.store,
        search: (workspaceId, spec, page) => parts.store.search(workspaceId, { ...spec, terms: [] }, page),
      },
    }),
  },
];
