/**
 * The contact's shape, taken from the spec's `ContactFields` (write) and
 * `ContactDraft` (read) schemas: which fields are plain strings, the order of a
 * flattened read, the external-ID cap. Only the names with a meaning of their
 * own (the name parts, the collections) are listed here, and start-up checks
 * each against the schemas; the searched fields of D4 come from the spec.
 */
import type { Contract, JsonSchema } from '../../spec/index.js';
import type { ContactDoc, ContactDraft, ContactRecord, CustomValue } from '../types.js';

export const NAME_PARTS = ['firstName', 'middleName', 'lastName'] as const;
export const FULLNAME = 'fullname';
export const TAGS = 'tags';
export const EXTERNAL_IDS = 'externalIds';
export const CUSTOM_FIELDS = 'customFields';
export const CD_ID = 'cdId';
export const CREATED_AT = 'createdAt';
export const UPDATED_AT = 'updatedAt';

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
  // D4: the fields whose words `q` matches, as the spec lists them (`x-search-fields`).
  const searched = contract.searchFields;
  for (const name of [TAGS, EXTERNAL_IDS, CD_ID, CREATED_AT, UPDATED_AT]) {
    if (!(name in read)) throw new Error(`spec: ContactDraft lacks ${name}`);
  }
  for (const name of [...NAME_PARTS, TAGS, EXTERNAL_IDS, CUSTOM_FIELDS]) {
    if (!(name in write)) throw new Error(`spec: ContactFields lacks ${name}`);
  }
  const maxExternalIds = Number(contract.schemas.ExternalIds?.maxProperties ?? Infinity);

  const fullname = (doc: Record<string, unknown>) =>
    NAME_PARTS.map((part) => doc[part])
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
        Object.hasOwn(fields, TAGS) ? [...(fields[TAGS] as string[])] : record.doc.tags,
        { ...record.doc.externalIds, ...((own(fields, EXTERNAL_IDS) as Record<string, string> | undefined) ?? {}) },
        {
          ...record.doc.customFields,
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
          for (const [slug, value] of Object.entries(contact.doc.customFields)) {
            Object.defineProperty(out, slug, { value, enumerable: true, writable: true, configurable: true });
          }
        }
        const value = key === CD_ID || key === CREATED_AT || key === UPDATED_AT ? record[key] : contact.doc[key];
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
