/**
 * The contact's shape, taken from the spec's `ContactFields` (write) and
 * `ContactDraft` (read) schemas: which fields are plain strings, the order of a
 * flattened read, the external-ID cap, the parts `fullname` joins. The names
 * with a meaning of their own (the collections, the id and timestamps) are the
 * contract's vocabulary; the searched fields of D4 come from the spec.
 */
import { type Contract, type JsonSchema, NAMES } from '../../spec/index.js';
import type { components } from '../../spec/types.gen.js';
import type { ContactDoc, ContactDraft, ContactRecord, CustomValue } from '../types.js';

type Schemas = components['schemas'];
/** The write bodies' one key, checked by the compiler against the types generated from the spec. */
export const CONTACT = 'contact' satisfies keyof Schemas['CreateContactRequest'] &
  keyof Schemas['UpdateContactRequest'];

// The vocabulary's field names; the contract's load checks each against the schemas.
export const {
  fullname: FULLNAME,
  tags: TAGS,
  externalIds: EXTERNAL_IDS,
  customFields: CUSTOM_FIELDS,
  id: CD_ID,
  createdAt: CREATED_AT,
  updatedAt: UPDATED_AT,
} = NAMES.fields;

/** The id and timestamps live beside the document, as the store's own columns: the record key of each. */
export const RECORD_KEYS: ReadonlyArray<readonly [string, 'cdId' | 'createdAt' | 'updatedAt']> = [
  [CD_ID, 'cdId'],
  [CREATED_AT, 'createdAt'],
  [UPDATED_AT, 'updatedAt'],
];

/** The write fields a contact body may carry, as parsed and validated. */
export type ContactFields = Record<string, unknown>;

export interface ContactModel {
  /** Writable standard string fields (D5), in schema order. */
  standardFields: readonly string[];
  /** Every key a flattened read may carry apart from custom slugs (`ContactDraft`). */
  readFields: readonly string[];
  maxExternalIds: number;
  build(fields: ContactFields, workspaceId: string, createdBy: string | null): ContactDraft;
  merge(record: ContactRecord, fields: ContactFields, now: number): ContactRecord;
  flatten(contact: ContactDraft | ContactRecord): Record<string, unknown>;
  searchText(doc: ContactDoc): string;
}

const own = (object: ContactFields, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

function properties(schema: JsonSchema | undefined, name: string): Record<string, JsonSchema> {
  const props = schema?.properties as Record<string, JsonSchema> | undefined;
  if (!props) throw new Error(`spec: schema ${name} has no properties`);
  return props;
}

export function createContactModel(contract: Contract): ContactModel {
  const write = properties(contract.schemas.ContactFields, 'ContactFields');
  const read = properties(contract.schemas.ContactDraft, 'ContactDraft');
  const standardFields = Object.keys(write).filter(
    (key) => write[key]!.type === 'string' && !write[key]!['x-system-managed'],
  );
  const readFields = Object.keys(read);
  const recordKey = new Map(RECORD_KEYS);
  // D4: the fields whose words `q` matches, as the spec lists them (`x-search-fields`).
  const searched = contract.searchFields;
  // The vocabulary only knows each name is in one of the two schemas; the model needs them in these.
  for (const name of [TAGS, EXTERNAL_IDS, CD_ID, CREATED_AT, UPDATED_AT]) {
    if (!(name in read)) throw new Error(`spec: ContactDraft lacks ${name}`);
  }
  for (const name of [TAGS, EXTERNAL_IDS, CUSTOM_FIELDS]) {
    if (!(name in write)) throw new Error(`spec: ContactFields lacks ${name}`);
  }
  const { nameParts } = contract.names;
  const maxExternalIds = Number(contract.schemas.ExternalIds?.maxProperties ?? Infinity);

  const fullname = (doc: Record<string, unknown>) =>
    nameParts
      .map((part) => doc[part])
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .join(' ');

  /**
   * D6: an empty string clears a standard field, so only non-empty strings are kept. The keys
   * come from the schema's own list, never from input, so plain assignment is safe here.
   */
  function assemble(
    pick: (field: string) => unknown,
    tags: string[],
    externalIds: Record<string, string>,
    customFields: Record<string, CustomValue>,
  ): ContactDoc {
    const doc: Record<string, unknown> = {};
    for (const field of standardFields) {
      const value = pick(field);
      if (typeof value === 'string' && value !== '') doc[field] = value;
    }
    doc[FULLNAME] = fullname(doc);
    doc[TAGS] = tags;
    doc[EXTERNAL_IDS] = externalIds;
    doc[CUSTOM_FIELDS] = customFields;
    return doc as ContactDoc;
  }

  return {
    standardFields,
    readFields,
    maxExternalIds,
    build(fields, workspaceId, createdBy) {
      const doc = assemble(
        (field) => own(fields, field),
        [...((own(fields, TAGS) as string[] | undefined) ?? [])],
        { ...((own(fields, EXTERNAL_IDS) as Record<string, string> | undefined) ?? {}) },
        { ...((own(fields, CUSTOM_FIELDS) as Record<string, CustomValue> | undefined) ?? {}) },
      );
      return { workspaceId, createdBy, doc };
    },
    // D6: only supplied fields change; externalIds and customFields merge key by key; tags are replaced.
    merge(record, fields, now) {
      const doc = assemble(
        (field) => (Object.hasOwn(fields, field) ? fields[field] : record.doc[field]),
        Object.hasOwn(fields, TAGS) ? [...(fields[TAGS] as string[])] : record.doc[TAGS],
        { ...record.doc[EXTERNAL_IDS], ...((own(fields, EXTERNAL_IDS) as Record<string, string> | undefined) ?? {}) },
        {
          ...record.doc[CUSTOM_FIELDS],
          ...((own(fields, CUSTOM_FIELDS) as Record<string, CustomValue> | undefined) ?? {}),
        },
      );
      return { ...record, doc, updatedAt: new Date(now).toISOString() };
    },
    // D5: standard keys in the spec's order, then custom values by slug, then the timestamps.
    flatten(contact) {
      const record = contact as Partial<ContactRecord>;
      const out: Record<string, unknown> = {};
      for (const key of readFields) {
        if (key === CREATED_AT) {
          // Custom slugs come from stored data: define them, so not even `__proto__` could be a setter.
          for (const [slug, value] of Object.entries(contact.doc[CUSTOM_FIELDS])) {
            Object.defineProperty(out, slug, { value, enumerable: true, writable: true, configurable: true });
          }
        }
        const column = recordKey.get(key);
        const value = column === undefined ? contact.doc[key] : record[column];
        if (value !== undefined) out[key] = value;
      }
      return out;
    },
    searchText(doc) {
      const words = searched.flatMap((field) => doc[field]).filter((v): v is string => typeof v === 'string');
      return words.join(' ');
    },
  };
}
