/**
 * Finds response fields the contract does not declare. They are allowed (the
 * seed's versioning policy: "Clients must ignore unknown response fields"), so
 * this only feeds an `info` finding. Objects that are open by design are not
 * searched: maps (`additionalProperties`/`patternProperties`), contacts, whose
 * custom fields appear flattened under workspace-defined slugs (D5), and the
 * served OpenAPI document, which the contract describes only by its head.
 */
import type { Contract, SchemaNode } from '../../spec/index.js';

type Schema = SchemaNode & { then?: SchemaNode; else?: SchemaNode; patternProperties?: unknown };

/** The schema and every subschema that applies to the same instance. */
function collectBranches(schema: Schema, out: Schema[]): Schema[] {
  if (!schema || typeof schema !== 'object' || out.includes(schema)) return out;
  out.push(schema);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const)
    for (const sub of schema[key] ?? []) collectBranches(sub, out);
  for (const key of ['then', 'else'] as const) if (schema[key]) collectBranches(schema[key]!, out);
  return out;
}

/** A schema and its branches; the contract's schemas are fixed, so each schema's list is found once. */
const branchesOf = new WeakMap<Schema, Schema[]>();
function branches(schema: Schema): Schema[] {
  if (!schema || typeof schema !== 'object') return [];
  let found = branchesOf.get(schema);
  if (!found) branchesOf.set(schema, (found = collectBranches(schema, [])));
  return found;
}

function isOpenObject(contract: Contract, all: Schema[]): boolean {
  const open = [contract.schemas.Contact, contract.schemas.ContactDraft, contract.schemas.OpenApiDocument];
  // A `$ref` with sibling keywords dereferences to a copy that shares the target's `properties`.
  const openProperties = open.map((s) => (s as Schema | undefined)?.properties).filter(Boolean);
  return all.some(
    (s) =>
      open.includes(s) ||
      openProperties.includes(s.properties) ||
      s.patternProperties !== undefined ||
      (s.additionalProperties !== undefined && s.additionalProperties !== false),
  );
}

/** The path of the first undeclared field of `value`, if any (`data.extra`, `[].nickname`). */
export function firstUndeclaredField(
  contract: Contract,
  schemas: Schema[],
  value: unknown,
  path = '',
  depth = 0,
): string | undefined {
  if (depth > 8 || value === null || typeof value !== 'object') return undefined;
  const all = schemas.flatMap((s) => branches(s));
  if (Array.isArray(value)) {
    const items = all.map((s) => s.items).filter((s): s is Schema => Boolean(s) && typeof s === 'object');
    for (const item of value.slice(0, 20)) {
      const found = firstUndeclaredField(contract, items, item, `${path}[]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (all.length === 0 || isOpenObject(contract, all)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const declared = all.map((s) => s.properties?.[key]).filter((s): s is Schema => Boolean(s));
    const where = path === '' ? key : `${path}.${key}`;
    if (declared.length === 0) return where;
    const found = firstUndeclaredField(contract, declared, child, where, depth + 1);
    if (found) return found;
  }
  return undefined;
}
