/**
 * Just enough JSON Schema algebra to generate from the contract's request
 * schemas: `allOf` is merged into one schema, `anyOf`/`oneOf` are spread into
 * alternatives (a disjunctive normal form), and `if`/`then` pairs are kept as
 * conditionals to apply once the discriminating properties are known.
 * Nested schemas are not merged eagerly: a property both sides constrain
 * becomes `{ allOf: [a, b] }` and is normalised when it is generated.
 */
import type { JsonSchema } from '../../spec/index.js';

export interface Conditional {
  if: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
}

/** One way to satisfy a schema: a schema without allOf/anyOf/oneOf/if/then. */
export interface Alternative {
  schema: JsonSchema;
  conditionals: Conditional[];
  /** Extra patterns a string must match beyond `schema.pattern`. */
  patterns: string[];
  /** Properties an `anyOf`/`oneOf` branch of this alternative names (so it depends on them), `ITEMS`, `OTHER_VALUES`. */
  branchKeys: Set<string>;
}

const COMBINATORS = ['allOf', 'anyOf', 'oneOf', 'if', 'then', 'else'];

export function isSystemManaged(schema: unknown): boolean {
  return Boolean(schema && typeof schema === 'object' && (schema as JsonSchema)['x-system-managed']);
}

export function typesOf(schema: JsonSchema): string[] | undefined {
  const t = schema.type;
  if (t === undefined) return undefined;
  return Array.isArray(t) ? (t as string[]) : [t as string];
}

function intersectTypes(a?: string[], b?: string[]): string[] | undefined | null {
  if (!a) return b;
  if (!b) return a;
  const out: string[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x === y) out.push(x);
      else if (x === 'integer' && y === 'number') out.push('integer');
      else if (x === 'number' && y === 'integer') out.push('integer');
    }
  }
  const unique = [...new Set(out)];
  return unique.length ? unique : null;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** Merges two combinator-free schemas; null when nothing can satisfy both. */
function mergeTwo(a: Alternative, b: Alternative): Alternative | null {
  const s: JsonSchema = { ...a.schema };
  const o = b.schema;
  const patterns = [...a.patterns, ...b.patterns];
  const types = intersectTypes(typesOf(a.schema), typesOf(o));
  if (types === null) return null;
  if (types) s.type = types.length === 1 ? types[0] : types;

  for (const key of ['minLength', 'minimum', 'minItems', 'minProperties', 'exclusiveMinimum']) {
    if (typeof o[key] === 'number') s[key] = Math.max(o[key] as number, (s[key] as number) ?? -Infinity);
  }
  for (const key of ['maxLength', 'maximum', 'maxItems', 'maxProperties', 'exclusiveMaximum']) {
    if (typeof o[key] === 'number') s[key] = Math.min(o[key] as number, (s[key] as number) ?? Infinity);
  }
  if (o.uniqueItems) s.uniqueItems = true;

  let choices: unknown[] | undefined = (s.enum as unknown[]) ?? ('const' in s ? [s.const] : undefined);
  const other: unknown[] | undefined = (o.enum as unknown[]) ?? ('const' in o ? [o.const] : undefined);
  if (other) choices = choices ? choices.filter((c) => other.some((d) => same(c, d))) : other;
  if (choices) {
    delete s.const;
    if (choices.length === 0) return null;
    s.enum = choices;
  }

  if (typeof o.pattern === 'string') {
    if (typeof s.pattern !== 'string') s.pattern = o.pattern;
    else if (s.pattern !== o.pattern) patterns.push(o.pattern);
  }
  if (typeof o.format === 'string') {
    if (typeof s.format === 'string' && s.format !== o.format) return null;
    s.format = o.format;
  }

  // Objects: a closed side admits only its own properties.
  const aProps = (a.schema.properties ?? {}) as Record<string, JsonSchema>;
  const bProps = (o.properties ?? {}) as Record<string, JsonSchema>;
  if (a.schema.properties || o.properties) {
    const props: Record<string, JsonSchema> = {};
    for (const [k, v] of Object.entries(aProps)) props[k] = k in bProps ? { allOf: [v, bProps[k]!] } : v;
    for (const [k, v] of Object.entries(bProps)) if (!(k in aProps)) props[k] = v;
    for (const [closed, open] of [
      [a.schema, bProps],
      [o, aProps],
    ] as const) {
      if (closed.additionalProperties !== false) continue;
      const own = (closed.properties ?? {}) as Record<string, JsonSchema>;
      for (const k of Object.keys(open)) if (!(k in own)) delete props[k];
    }
    s.properties = props;
  }
  if (o.required) s.required = [...new Set([...((s.required as string[]) ?? []), ...(o.required as string[])])];
  if (s.additionalProperties === false || o.additionalProperties === false) {
    const allowed = new Set(Object.keys((s.properties ?? {}) as object));
    if (((s.required as string[]) ?? []).some((k) => !allowed.has(k))) return null;
    s.additionalProperties = false;
  } else if (o.additionalProperties !== undefined) {
    s.additionalProperties =
      s.additionalProperties === undefined
        ? o.additionalProperties
        : { allOf: [s.additionalProperties, o.additionalProperties] };
  }
  for (const key of ['propertyNames', 'items']) {
    if (o[key] !== undefined) s[key] = s[key] === undefined ? o[key] : { allOf: [s[key], o[key]] };
  }
  for (const [min, max] of [
    ['minLength', 'maxLength'],
    ['minItems', 'maxItems'],
    ['minProperties', 'maxProperties'],
    ['minimum', 'maximum'],
  ]) {
    if (typeof s[min!] === 'number' && typeof s[max!] === 'number' && (s[min!] as number) > (s[max!] as number))
      return null;
  }
  return {
    schema: s,
    conditionals: [...a.conditionals, ...b.conditionals],
    patterns,
    branchKeys: new Set([...a.branchKeys, ...b.branchKeys]),
  };
}

/** Stands in `branchKeys` for an array's items or an object's other values. */
export const ITEMS = Symbol('items').toString();
export const OTHER_VALUES = Symbol('additionalProperties').toString();

function keysNamed(schema: JsonSchema): string[] {
  const keys = [...((schema.required as string[]) ?? []), ...Object.keys((schema.properties ?? {}) as object)];
  if (schema.items !== undefined) keys.push(ITEMS);
  if (schema.additionalProperties !== undefined || schema.propertyNames !== undefined) keys.push(OTHER_VALUES);
  return keys;
}

/** The ways to satisfy `schema`, each free of combinators. Unsatisfiable branches are dropped. */
export function alternatives(schema: JsonSchema): Alternative[] {
  const base: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) if (!COMBINATORS.includes(k)) base[k] = v;
  const conditionals: Conditional[] = schema.if
    ? [{ if: schema.if as JsonSchema, then: schema.then as JsonSchema, else: schema.else as JsonSchema }]
    : [];
  let alts: Alternative[] = [{ schema: base, conditionals, patterns: [], branchKeys: new Set() }];
  const cross = (options: Alternative[]) => {
    const next: Alternative[] = [];
    for (const x of alts)
      for (const y of options) {
        const m = mergeTwo(x, y);
        if (m) next.push(m);
      }
    alts = next;
  };
  for (const part of (schema.allOf as JsonSchema[]) ?? []) cross(alternatives(part));
  for (const key of ['anyOf', 'oneOf']) {
    const branches = schema[key] as JsonSchema[] | undefined;
    if (!branches) continue;
    cross(
      branches.flatMap((branch) =>
        alternatives(branch).map((alt) => ({ ...alt, branchKeys: new Set([...alt.branchKeys, ...keysNamed(branch)]) })),
      ),
    );
  }
  return alts;
}
