/**
 * `if`/`then` in an object schema (the query condition's operator rules): which
 * branches apply to a generated object, and the schema a property must then
 * satisfy.
 */
import type { JsonSchema } from '../../spec/index.js';
import type { Conditional } from './schema-algebra.js';
import type { ResolvedGenerateOptions } from './options.js';

/** The `then` (or `else`) schemas that apply to `value`. */
export function applicable(value: unknown, conditionals: Conditional[], o: ResolvedGenerateOptions): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const c of conditionals) {
    const test = o.validator({ type: 'object', ...c.if });
    const branch = test?.(value) ? c.then : c.else;
    if (branch) out.push(branch);
  }
  return out;
}

/** The property names the `if` of each conditional looks at. */
export function discriminators(conditionals: Conditional[]): Set<string> {
  const keys = new Set<string>();
  for (const c of conditionals) {
    for (const k of (c.if.required as string[]) ?? []) keys.add(k);
    for (const k of Object.keys((c.if.properties ?? {}) as object)) keys.add(k);
  }
  return keys;
}

/** Property `key`'s schema once the applicable branches are taken into account. */
export function effectiveProperty(base: JsonSchema | undefined, branches: JsonSchema[], key: string): JsonSchema {
  const parts = [
    base ?? {},
    ...branches.map((b) => (b.properties as Record<string, JsonSchema> | undefined)?.[key]).filter(Boolean),
  ];
  return parts.length === 1 ? parts[0]! : { allOf: parts as JsonSchema[] };
}

/** True when `value` satisfies every applicable branch, ignoring property `except`. */
export function branchesHold(
  value: Record<string, unknown>,
  branches: JsonSchema[],
  o: ResolvedGenerateOptions,
  except?: string,
): boolean {
  for (const b of branches) {
    for (const k of (b.required as string[]) ?? []) if (k !== except && !(k in value)) return false;
    for (const [k, s] of Object.entries((b.properties ?? {}) as Record<string, JsonSchema>)) {
      if (k === except || !(k in value)) continue;
      if (!o.validator(s)?.(value[k])) return false;
    }
  }
  return true;
}
