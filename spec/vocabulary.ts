/**
 * The contract's vocabulary: every parameter, header, field and error-code name
 * that code on either side refers to by its meaning, written here once. The
 * compiled contract verifies each name against the document when it loads, so a
 * rename in `openapi.yaml` stops the reference server and the suite at start-up
 * instead of leaving a literal that silently no longer matches anything.
 *
 * Names are the only thing written here; what they mean (order, searched
 * fields, bounds, the status of a code) stays in the document.
 */
import type { JsonSchema, OperationSpec } from './contract.js';

export const NAMES = {
  /** Query parameters, by role. */
  query: {
    limit: 'limit',
    offset: 'offset',
    dryRun: 'dryRun',
    upsertByExternalId: 'upsertByExternalId',
    q: 'q',
    externalId: 'externalId',
    externalSystem: 'externalSystem',
  },
  /** Request header parameters. */
  requestHeaders: {
    idempotencyKey: 'Idempotency-Key',
  },
  /** Response headers some operation declares. */
  responseHeaders: {
    deprecation: 'Deprecation',
    warning: 'Warning',
    idempotentReplayed: 'Idempotent-Replayed',
  },
  /** Contact fields with a meaning of their own (`ContactDraft` or `ContactFields` properties). */
  fields: {
    id: 'cdId',
    fullname: 'fullname',
    tags: 'tags',
    externalIds: 'externalIds',
    customFields: 'customFields',
    createdAt: 'createdAt',
    updatedAt: 'updatedAt',
  },
  /** Error codes of the catalogue (`ErrorCode`). */
  codes: {
    unauthorized: 'UNAUTHORIZED',
    notFound: 'NOT_FOUND',
    methodNotAllowed: 'METHOD_NOT_ALLOWED',
    conflict: 'IDEMPOTENCY_CONFLICT',
    tooLarge: 'PAYLOAD_TOO_LARGE',
    mediaType: 'UNSUPPORTED_MEDIA_TYPE',
    validation: 'VALIDATION_ERROR',
    internal: 'INTERNAL_ERROR',
  },
} as const;

type Names = typeof NAMES;

export interface Vocabulary {
  query: Names['query'];
  requestHeaders: Names['requestHeaders'];
  responseHeaders: Names['responseHeaders'];
  fields: Names['fields'];
  codes: Names['codes'];
  /** The writable parts `fullname` joins, in order (its `x-derived-from`). */
  nameParts: readonly string[];
  /** A custom field's query field is this prefix and its slug (`customFields.`, D3). */
  customFieldPrefix: string;
  /**
   * The documented values of the headers a server sends as they are: the flag headers' `const`
   * (`Deprecation: true`, `Idempotent-Replayed: true`) and the `Warning` notice's `example` (D11).
   */
  headerValues: { deprecation: string; idempotentReplayed: string; warning: string };
}

interface VocabularySource {
  operations: readonly OperationSpec[];
  schemas: Record<string, JsonSchema>;
  errorCodes: readonly string[];
}

const propertiesOf = (schema: JsonSchema | undefined) =>
  (schema?.properties ?? {}) as Record<string, JsonSchema | undefined>;

/**
 * Checks every name against the document and derives the rest. Each missing
 * name is reported, all at once, so one load lists everything a rename broke.
 */
export function resolveVocabulary({ operations, schemas, errorCodes }: VocabularySource): Vocabulary {
  const problems: string[] = [];
  const parameters = operations.flatMap((op) => op.parameters);
  const hasParameter = (name: string, where: 'query' | 'header') =>
    parameters.some((p) => p.in === where && p.name === name);
  for (const name of Object.values(NAMES.query))
    if (!hasParameter(name, 'query')) problems.push(`no operation takes the query parameter ${name}`);
  for (const name of Object.values(NAMES.requestHeaders))
    if (!hasParameter(name, 'header')) problems.push(`no operation takes the header ${name}`);

  const responseHeaders = operations.flatMap((op) => [...op.responses.values()].flatMap((r) => r.headers));
  const declared = (name: string) => {
    const header = responseHeaders.find((h) => h.name === name);
    if (!header) problems.push(`no response declares the header ${name}`);
    return header;
  };
  for (const name of Object.values(NAMES.responseHeaders)) declared(name);
  const value = (name: string, of: 'const' | 'example'): string => {
    const header = responseHeaders.find((h) => h.name === name);
    const found = of === 'const' ? header?.schema.const : header?.example;
    if (header && typeof found !== 'string') problems.push(`the header ${name} has no string ${of}`);
    return typeof found === 'string' ? found : '';
  };
  const headerValues = {
    deprecation: value(NAMES.responseHeaders.deprecation, 'const'),
    idempotentReplayed: value(NAMES.responseHeaders.idempotentReplayed, 'const'),
    warning: value(NAMES.responseHeaders.warning, 'example'),
  };

  const read = propertiesOf(schemas.ContactDraft);
  const write = propertiesOf(schemas.ContactFields);
  for (const name of Object.values(NAMES.fields))
    if (!(name in read) && !(name in write)) problems.push(`no contact schema has the field ${name}`);

  const derivedFrom = read[NAMES.fields.fullname]?.['x-derived-from'];
  const nameParts = Array.isArray(derivedFrom) ? derivedFrom.filter((p): p is string => typeof p === 'string') : [];
  if (nameParts.length === 0 || nameParts.some((part) => !(part in write)))
    problems.push(`ContactDraft ${NAMES.fields.fullname} has no x-derived-from list of ContactFields fields`);

  // D3: the definition's `value` is the query field of the custom field; it must start with the prefix.
  const customFieldPrefix = `${NAMES.fields.customFields}.`;
  const valuePattern = propertiesOf(schemas.CustomFieldDefinition).value?.pattern;
  if (typeof valuePattern !== 'string' || !valuePattern.startsWith(`^${NAMES.fields.customFields}\\.`))
    problems.push(`CustomFieldDefinition value pattern ${JSON.stringify(valuePattern)} is not ^${customFieldPrefix}…`);

  for (const code of Object.values(NAMES.codes))
    if (!errorCodes.includes(code)) problems.push(`the error catalogue has no code ${code}`);

  if (problems.length > 0) throw new Error(`spec: the vocabulary does not match: ${problems.join('; ')}`);
  return { ...NAMES, nameParts, customFieldPrefix, headerValues };
}
