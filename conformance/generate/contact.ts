/**
 * Valid `contact` objects for POST /contacts in the target's workspace: the
 * standard fields from `ContactFields` (unicode, edge lengths), the create
 * request's `anyOf` (a non-empty first name, last name or email), custom
 * fields of the workspace with their JSON types, and `tags` that always hold
 * the run tag, so everything the suite writes can be found and counted.
 */
import * as fc from 'fast-check';
import { NAMES, type JsonSchema } from '../../spec/index.js';
import type { CheckContext } from '../types.js';
import type { GenerateOptions } from './options.js';
import { valid } from './valid.js';
import { workspaceSchemas, type WorkspaceSchemas } from './workspace-schemas.js';

type Ctx = Pick<CheckContext, 'contract' | 'workspace' | 'config'>;

const sharedOptions = new WeakMap<WorkspaceSchemas, Map<string, GenerateOptions>>();

/**
 * The generator options every contact-shaped arbitrary of a run shares: tags
 * carry the run tag. One object per workspace and run tag, so arbitraries
 * built with them (cached per options object) are built once per run.
 */
export function contactOptions(
  ctx: Ctx,
  schemas: WorkspaceSchemas = workspaceSchemas(ctx.contract, ctx.workspace),
): GenerateOptions {
  let byTag = sharedOptions.get(schemas);
  if (!byTag) sharedOptions.set(schemas, (byTag = new Map()));
  let options = byTag.get(ctx.config.runTag);
  if (!options) byTag.set(ctx.config.runTag, (options = buildContactOptions(ctx, schemas)));
  return options;
}

function buildContactOptions(ctx: Ctx, schemas: WorkspaceSchemas): GenerateOptions {
  const tags = schemas.tags;
  const others = valid(
    { ...tags, maxItems: Math.max(0, ((tags.maxItems as number) ?? 50) - 1) },
    { compile: ctx.contract.compile },
  );
  const tagged = (others as fc.Arbitrary<string[]>).map((list) => [
    ctx.config.runTag,
    ...list.filter((t) => t !== ctx.config.runTag),
  ]);
  return { compile: ctx.contract.compile, overrides: new Map<JsonSchema, fc.Arbitrary<unknown>>([[tags, tagged]]) };
}

/** The request body's `contact` property schema. */
export function contactSchema(request: JsonSchema): JsonSchema {
  const [name] = (request.required as string[]) ?? [];
  const schema = name ? (request.properties as Record<string, JsonSchema> | undefined)?.[name] : undefined;
  if (!name || !schema) throw new Error('spec: the request body has no required contact property');
  return schema;
}

/** `schema` with the tags property required. */
function withTags(schema: JsonSchema): JsonSchema {
  return { ...schema, required: [...((schema.required as string[]) ?? []), NAMES.fields.tags] };
}

export function contactFields(ctx: Ctx): fc.Arbitrary<Record<string, unknown>> {
  const schemas = workspaceSchemas(ctx.contract, ctx.workspace);
  return valid(withTags(contactSchema(schemas.createRequest)), contactOptions(ctx, schemas)) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

/**
 * A valid `contact` for PUT: some of the writable fields. When it replaces
 * `tags` (D6: tags are replaced as a whole) the new list keeps the run tag.
 */
export function contactChanges(ctx: Ctx): fc.Arbitrary<Record<string, unknown>> {
  const schemas = workspaceSchemas(ctx.contract, ctx.workspace);
  return valid(contactSchema(schemas.updateRequest), contactOptions(ctx, schemas)) as fc.Arbitrary<
    Record<string, unknown>
  >;
}
