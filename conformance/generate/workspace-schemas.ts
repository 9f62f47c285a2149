/**
 * The contract's request schemas narrowed to one workspace: `customFields`
 * admits exactly the workspace's slugs, each with its JSON type (D5), and a
 * query field `customFields.<slug>` names one of them (D3). A value generated
 * from these is one the target must accept; one broken here, it must refuse.
 */
import type { Contract, JsonSchema, SchemaNode } from '../../spec/index.js';
import type { WorkspaceInfo } from '../types.js';

export interface WorkspaceSchemas {
  createRequest: JsonSchema;
  updateRequest: JsonSchema;
  queryRequest: JsonSchema;
  queryCondition: JsonSchema;
  /** The writable contact fields (`ContactFields`), custom fields closed. */
  contactFields: JsonSchema;
  /** The `tags` property schema of `contactFields` (shared by create and update). */
  tags: JsonSchema;
  /** The property that holds custom fields on write (`customFields`). */
  customFieldsKey: string;
}

/** Deep-copies `root`, swapping each schema object found in `swaps` (by identity). */
function swapSchemas(root: unknown, swaps: Map<unknown, unknown>, seen = new Map<unknown, unknown>()): unknown {
  if (swaps.has(root)) return swaps.get(root);
  if (!root || typeof root !== 'object') return root;
  if (seen.has(root)) return seen.get(root);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(root) ? [] : {};
  seen.set(root, copy);
  for (const [k, v] of Object.entries(root)) (copy as Record<string, unknown>)[k] = swapSchemas(v, swaps, seen);
  return copy;
}

const narrowed = new WeakMap<Contract, WeakMap<WorkspaceInfo, WorkspaceSchemas>>();

/**
 * The schemas narrowed to `workspace`, built once per run's workspace: the
 * same objects every time, so validators and arbitraries built from them
 * (cached by schema identity) are built once too.
 */
export function workspaceSchemas(contract: Contract, workspace: WorkspaceInfo): WorkspaceSchemas {
  let byWorkspace = narrowed.get(contract);
  if (!byWorkspace) narrowed.set(contract, (byWorkspace = new WeakMap()));
  let schemas = byWorkspace.get(workspace);
  if (!schemas) byWorkspace.set(workspace, (schemas = buildWorkspaceSchemas(contract, workspace)));
  return schemas;
}

function buildWorkspaceSchemas(contract: Contract, workspace: WorkspaceInfo): WorkspaceSchemas {
  const s = contract.schemas as Record<string, SchemaNode & { properties: Record<string, SchemaNode> }>;
  const key = contract.names.fields.customFields;
  const fields = s.ContactFields;
  const open = fields.properties[key];
  const valueSchema = open.additionalProperties as JsonSchema;
  const closed: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    maxProperties: open.maxProperties,
    properties: Object.fromEntries(
      workspace.customFields.map((f) => [
        f.slug,
        f.type === 'string' ? { ...valueSchema, type: 'string' } : { type: f.type },
      ]),
    ),
  };
  const contactFields = { ...fields, properties: { ...fields.properties, [key]: closed } };

  const slugPattern = s.CustomFieldDefinition.properties.value.pattern;
  const queryField = {
    ...s.QueryField,
    anyOf: (s.QueryField.anyOf as JsonSchema[]).flatMap((branch) => {
      if (branch.pattern !== slugPattern) return [branch];
      return workspace.customFields.length
        ? [{ enum: workspace.customFields.map((f) => `${contract.names.customFieldPrefix}${f.slug}`) }]
        : [];
    }),
  };
  const swaps = new Map<unknown, unknown>([
    [fields, contactFields],
    [s.QueryField, queryField],
  ]);
  const queryCondition = swapSchemas(s.QueryCondition, swaps) as JsonSchema;
  swaps.set(s.QueryCondition, queryCondition);
  return {
    createRequest: swapSchemas(contract.operation('createContact').body!.schema, swaps) as JsonSchema,
    updateRequest: swapSchemas(contract.operation('updateContact').body!.schema, swaps) as JsonSchema,
    queryRequest: swapSchemas(contract.operation('queryContacts').body!.schema, swaps) as JsonSchema,
    queryCondition,
    contactFields,
    tags: fields.properties[contract.names.fields.tags],
    customFieldsKey: key,
  };
}
