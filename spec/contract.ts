/**
 * The compiled contract: `spec/openapi.yaml` loaded, validated and bundled once,
 * with a validator compiled for every parameter, request body, response body and
 * response header. The reference server and the conformance suite both take
 * routes, schemas, bounds and error codes from here and nowhere else.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { validateOpenApi } from './openapi-schema.js';
import { packagePath } from './package-root.js';
import { resolveVocabulary, type Vocabulary } from './vocabulary.js';

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export type JsonSchema = Record<string, unknown>;

/** A JSON Schema read structurally: the keywords the kit walks, typed; any other keyword unknown. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  maxProperties?: number;
  [keyword: string]: unknown;
}
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ParameterLocation = 'query' | 'header' | 'path';

export interface ParameterSpec {
  name: string;
  in: ParameterLocation;
  required: boolean;
  deprecated: boolean;
  schema: JsonSchema;
  validate: ValidateFunction;
}

export interface HeaderSpec {
  name: string;
  schema: JsonSchema;
  validate: ValidateFunction;
  /** The header's documented `example`, when it has one. */
  example?: unknown;
}

export interface ResponseSpec {
  status: string;
  description: string;
  schema?: JsonSchema;
  validate?: ValidateFunction;
  headers: HeaderSpec[];
  examples: unknown[];
}

export interface RequestBodySpec {
  required: boolean;
  mediaType: string;
  schema: JsonSchema;
  validate: ValidateFunction;
  examples: unknown[];
}

export interface OperationSpec {
  id: string;
  method: HttpMethod;
  /** The path template relative to the base path, e.g. `/contacts/{contactId}`. */
  path: string;
  summary: string;
  tags: string[];
  /** False only for operations whose `security` is `[]`. */
  secured: boolean;
  parameters: ParameterSpec[];
  body?: RequestBodySpec;
  responses: Map<string, ResponseSpec>;
}

export interface SecuritySpec {
  /** The HTTP auth scheme of the bearer security scheme, lower-case (`bearer`). */
  bearerScheme: string;
  /** The query parameter of the deprecated apiKey scheme (`apiKey`). */
  queryKeyName: string;
}

export interface ContractLimits {
  maxBodyBytes: number;
  idempotencyRetentionSeconds: number;
}

/** One key of the list order (D2): a `Contact` field and its direction. */
export interface OrderKey {
  field: string;
  direction: 'asc' | 'desc';
}

export type RouteMatch =
  | { kind: 'operation'; operation: OperationSpec; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: HttpMethod[] }
  | { kind: 'not-found' };

export interface Contract {
  /** The bundled document, internal `$ref`s kept: what GET /openapi.json serves. */
  document: JsonSchema;
  /** The base path every operation path is relative to (`/api/v2`). */
  basePath: string;
  operations: OperationSpec[];
  operation(id: string): OperationSpec;
  /** Routes a request path (with the base path) and method to an operation. */
  match(method: string, path: string): RouteMatch;
  /** Dereferenced component schemas by name. */
  schemas: Record<string, JsonSchema>;
  /** Compiles an extra schema with the contract's Ajv instance (same formats and keywords). */
  compile(schema: JsonSchema): ValidateFunction;
  /** The HTTP status that goes with each error code (`ErrorCode` in the spec). */
  errorStatus: Record<string, number>;
  security: SecuritySpec;
  limits: ContractLimits;
  /** D2: the order of every list, search and query page (`Contact` `x-list-order`). */
  listOrder: OrderKey[];
  /** D4: the fields whose words search's `q` matches (`Contact` `x-search-fields`). */
  searchFields: string[];
  /** D6: the body keys accepted and ignored on writes (`ContactFields` properties marked `x-system-managed`). */
  systemManaged: string[];
  /** The parameter, header, field and error-code names both sides use, each verified against the document. */
  names: Vocabulary;
}

export const DEFAULT_SPEC_PATH = packagePath('spec', 'openapi.yaml');

/**
 * The digest of a bundled document the build has validated in full against the
 * OpenAPI 3.1 schema (written by `spec/openapi-json.ts`). Checking a document
 * against that schema costs about half a second, so a load whose bundle has this
 * exact digest only dereferences it; any other document is validated.
 */
export const VALIDATED_DIGEST_PATH = packagePath('dist', 'spec', 'openapi.validated');

export function documentDigest(bundled: unknown): string {
  return createHash('sha256').update(JSON.stringify(bundled)).digest('hex');
}

function validatedByBuild(digest: string): boolean {
  return existsSync(VALIDATED_DIGEST_PATH) && readFileSync(VALIDATED_DIGEST_PATH, 'utf8').trim() === digest;
}

const HTTP_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** OpenAPI keywords that may appear in a 3.1 Schema Object beside JSON Schema's own. */
const OPENAPI_SCHEMA_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example'];

export function createAjv(extensionKeywords: Iterable<string> = []): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: false,
    allowUnionTypes: true,
    coerceTypes: false,
    useDefaults: false,
    validateFormats: true,
  });
  addFormats(ajv);
  ajv.addVocabulary([...OPENAPI_SCHEMA_KEYWORDS, ...extensionKeywords]);
  return ajv;
}

/** Every `x-` key used inside the document, so Ajv's strict mode accepts them as annotations. */
function extensionKeys(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) extensionKeys(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) found.add(key);
      extensionKeys(value, found);
    }
  }
  return found;
}

/**
 * The parts of the validated, dereferenced document read here (swagger-parser
 * has checked the shape against the OpenAPI 3.1 schema, and no `$ref` is left).
 * @see https://spec.openapis.org/oas/v3.1.0#openapi-object
 */
interface DocMedia {
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, { value?: unknown } | undefined>;
}
interface DocParameter {
  name: string;
  in: ParameterLocation;
  required?: boolean;
  deprecated?: boolean;
  schema?: JsonSchema;
}
interface DocResponse {
  description: string;
  content?: Record<string, DocMedia>;
  headers?: Record<string, { schema?: JsonSchema; example?: unknown }>;
}
interface DocOperation {
  operationId: string;
  summary: string;
  tags?: string[];
  security?: unknown[];
  parameters?: DocParameter[];
  requestBody?: { required?: boolean; content: Record<string, DocMedia> };
  responses?: Record<string, DocResponse>;
}
type DocPathItem = { parameters?: DocParameter[] } & Partial<Record<string, DocOperation>>;
interface DocSecurityScheme {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
}
interface Doc {
  paths?: Record<string, DocPathItem>;
  security?: unknown[];
  servers?: Array<{ url: string }>;
  'x-limits'?: unknown;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, DocSecurityScheme> };
}

function examplesOf(media: DocMedia): unknown[] {
  const out: unknown[] = [];
  if ('example' in media) out.push(media.example);
  for (const example of Object.values(media.examples ?? {})) {
    if (example && 'value' in example) out.push(example.value);
  }
  return out;
}

function pathMatcher(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (param) {
        names.push(param[1]!);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), names };
}

const cache = new Map<string, Promise<Contract>>();

/** Loads and compiles the contract once per spec path; later calls share the result. */
export function loadContract(specPath: string = DEFAULT_SPEC_PATH): Promise<Contract> {
  let loaded = cache.get(specPath);
  if (!loaded) {
    loaded = compileContract(specPath);
    cache.set(specPath, loaded);
    loaded.catch(() => cache.delete(specPath));
  }
  return loaded;
}

async function compileContract(specPath: string): Promise<Contract> {
  const parser = new SwaggerParser();
  const bundled = (await SwaggerParser.bundle(specPath)) as unknown as JsonSchema;
  const document = structuredClone(bundled);
  // validate() checks the document against the OpenAPI 3.1 schema and dereferences it; a
  // document the build validated already (the same bundle, byte for byte) is only dereferenced.
  const copy = structuredClone(bundled) as never;
  const validated = validatedByBuild(documentDigest(bundled));
  const api = (validated ? await parser.dereference(copy) : await validateOpenApi(copy)) as unknown as Doc;

  const ajv = createAjv(extensionKeys(api));
  const extraValidators = new Map<string, ValidateFunction>();
  const extraByIdentity = new WeakMap<JsonSchema, ValidateFunction>();
  const compileNow = (schema: JsonSchema, where: string): ValidateFunction => {
    try {
      return ajv.compile(schema);
    } catch (error) {
      throw new Error(`spec: the schema of ${where} does not compile: ${(error as Error).message}`);
    }
  };
  // The build compiled every schema of a document it validated, so its validators can wait for
  // their first use; any other document's schemas are all compiled now, failing the load if one
  // does not compile.
  const compile = validated ? lazyValidator(compileNow) : compileNow;

  const operations: OperationSpec[] = [];
  const matchers: Array<{ path: string; regex: RegExp; names: string[]; byMethod: Map<HttpMethod, OperationSpec> }> =
    [];
  for (const [path, item] of Object.entries(api.paths ?? {})) {
    const { regex, names } = pathMatcher(path);
    const byMethod = new Map<HttpMethod, OperationSpec>();
    for (const method of HTTP_METHODS) {
      const op = item[method.toLowerCase()] as DocOperation | undefined;
      if (!op) continue;
      const id: string = op.operationId;
      const where = (part: string) => `${id} (${method} ${path}) ${part}`;
      const rawParams = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      const parameters: ParameterSpec[] = rawParams.map((p) => ({
        name: p.name,
        in: p.in,
        required: Boolean(p.required),
        deprecated: Boolean(p.deprecated),
        schema: p.schema ?? {},
        validate: compile(p.schema ?? {}, where(`parameter ${p.name}`)),
      }));
      let body: RequestBodySpec | undefined;
      if (op.requestBody) {
        const [mediaType, media] = Object.entries(op.requestBody.content)[0]!;
        body = {
          required: Boolean(op.requestBody.required),
          mediaType,
          schema: media.schema ?? {},
          validate: compile(media.schema ?? {}, where('request body')),
          examples: examplesOf(media),
        };
      }
      const responses = new Map<string, ResponseSpec>();
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const media = response.content?.['application/json'];
        responses.set(status, {
          status,
          description: response.description,
          schema: media?.schema,
          validate: media?.schema ? compile(media.schema, where(`response ${status}`)) : undefined,
          headers: Object.entries(response.headers ?? {}).map(([name, header]) => ({
            name,
            schema: header.schema ?? {},
            validate: compile(header.schema ?? {}, where(`response ${status} header ${name}`)),
            example: header.example,
          })),
          examples: media ? examplesOf(media) : [],
        });
      }
      const security = op.security ?? api.security ?? [];
      const spec: OperationSpec = {
        id,
        method,
        path,
        summary: op.summary,
        tags: op.tags ?? [],
        secured: security.length > 0,
        parameters,
        body,
        responses,
      };
      operations.push(spec);
      byMethod.set(method, spec);
    }
    matchers.push({ path, regex, names, byMethod });
  }
  // Literal paths win over templated ones (`/contacts/query` before `/contacts/{contactId}`).
  matchers.sort((a, b) => Number(a.names.length > 0) - Number(b.names.length > 0));

  const basePath = new URL(api.servers?.[0]?.url ?? 'http://localhost/').pathname.replace(/\/$/, '');
  const byId = new Map(operations.map((op) => [op.id, op]));

  const errorCode = api.components.schemas.ErrorCode;
  const errorStatus = errorCode['x-http-status'] as Record<string, number>;
  for (const code of errorCode.enum as string[]) {
    if (typeof errorStatus[code] !== 'number') throw new Error(`spec: ErrorCode ${code} has no x-http-status`);
  }

  const { listOrder, searchFields, systemManaged } = contactRules(api.components.schemas);
  const vocabulary = resolveVocabulary({
    operations,
    schemas: api.components.schemas,
    errorCodes: errorCode.enum as string[],
  });

  const schemes = api.components.securitySchemes;
  const bearer = Object.values(schemes).find((s) => s.type === 'http');
  const queryKey = Object.values(schemes).find((s) => s.type === 'apiKey' && s.in === 'query');

  return {
    document,
    basePath,
    operations,
    operation(id) {
      const op = byId.get(id);
      if (!op) throw new Error(`spec: no operation ${id}`);
      return op;
    },
    match(method, fullPath) {
      if (!fullPath.startsWith(`${basePath}/`)) return { kind: 'not-found' };
      const path = fullPath.slice(basePath.length);
      for (const m of matchers) {
        const found = m.regex.exec(path);
        if (!found) continue;
        const operation = m.byMethod.get(method.toUpperCase() as HttpMethod);
        if (!operation) return { kind: 'method-not-allowed', allow: [...m.byMethod.keys()] };
        const pathParams: Record<string, string> = {};
        m.names.forEach((name, i) => {
          pathParams[name] = safeDecode(found[i + 1]!);
        });
        return { kind: 'operation', operation, pathParams };
      }
      return { kind: 'not-found' };
    },
    schemas: api.components.schemas,
    compile: (schema) => {
      // The same object is often compiled again (a check asks on every call): found by identity first.
      let validate = extraByIdentity.get(schema);
      if (validate) return validate;
      // Schemas built at run time (narrowed to a workspace, say) may be new objects with an earlier one's text.
      const text = JSON.stringify(schema);
      validate = extraValidators.get(text);
      if (!validate) extraValidators.set(text, (validate = compileNow(schema, 'an extra schema')));
      extraByIdentity.set(schema, validate);
      return validate;
    },
    errorStatus,
    security: {
      bearerScheme: String(bearer?.scheme ?? 'bearer').toLowerCase(),
      queryKeyName: queryKey?.name ?? 'apiKey',
    },
    limits: api['x-limits'] as ContractLimits,
    listOrder,
    searchFields,
    systemManaged,
    names: vocabulary,
  };
}

/** The rules D2, D4 and D6 state as extensions on the contact schemas; a missing or stray one stops the load. */
function contactRules(
  schemas: Record<string, JsonSchema>,
): Pick<Contract, 'listOrder' | 'searchFields' | 'systemManaged'> {
  const contact = schemas.Contact ?? {};
  const read = (schemas.ContactDraft?.properties ?? {}) as Record<string, JsonSchema>;
  const write = (schemas.ContactFields?.properties ?? {}) as Record<string, JsonSchema>;
  const order = contact['x-list-order'];
  if (!Array.isArray(order) || order.length === 0) throw new Error('spec: Contact has no x-list-order');
  const listOrder: OrderKey[] = (order as Array<Partial<OrderKey> | null>).map((key) => {
    if (
      !key ||
      typeof key.field !== 'string' ||
      !(key.field in read) ||
      (key.direction !== 'asc' && key.direction !== 'desc')
    ) {
      throw new Error(
        `spec: Contact x-list-order entry ${JSON.stringify(key)} is not a ContactDraft field with direction asc or desc`,
      );
    }
    return { field: key.field, direction: key.direction };
  });
  const fields = contact['x-search-fields'];
  if (!Array.isArray(fields) || fields.length === 0) throw new Error('spec: Contact has no x-search-fields');
  for (const field of fields) {
    if (typeof field !== 'string' || !(field in read))
      throw new Error(`spec: Contact x-search-fields names ${JSON.stringify(field)}, not a ContactDraft field`);
  }
  const systemManaged = Object.keys(write).filter((key) => write[key]?.['x-system-managed'] === true);
  if (systemManaged.length === 0) throw new Error('spec: ContactFields marks no field x-system-managed');
  return { listOrder, searchFields: [...fields], systemManaged };
}

/** A validator compiled on its first call; `errors` is the compiled one's after each call. */
function lazyValidator(
  compile: (schema: JsonSchema, where: string) => ValidateFunction,
): (schema: JsonSchema, where: string) => ValidateFunction {
  return (schema, where) => {
    let compiled: ValidateFunction | undefined;
    const validate = ((data: unknown) => {
      compiled ??= compile(schema, where);
      const valid = compiled(data);
      validate.errors = compiled.errors;
      return valid;
    }) as ValidateFunction;
    validate.errors = null;
    return validate;
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
