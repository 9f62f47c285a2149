/**
 * A JSON Schema 2020-12 subschema with its `allOf` merged into one set of
 * constraints, each keyword remembering the JSON pointer it came from. Two
 * versions are compared constraint by constraint, so moving a property into or
 * out of an `allOf` member is no change at all.
 */
import { pointerJoin } from './change.js';
import type { Doc } from './operations.js';

/** A subschema of the dereferenced document and where it sits in it. */
export interface Part {
  schema: unknown;
  pointer: string;
}

export interface Located<T> {
  value: T;
  pointer: string;
}

export interface Flat {
  pointer: string;
  /** Undefined when any type is allowed. */
  types?: Located<Set<string>>;
  /** From `enum` or `const`; undefined when any value is allowed. */
  values?: Located<unknown[]>;
  /** `minimum`, `maxLength`, `minItems`, …: the tightest value of every member. */
  bounds: Map<string, Located<number>>;
  /** `pattern`, `format`, `multipleOf`: compared for equality only. */
  exact: Map<string, Located<unknown>>;
  uniqueItems?: Located<true>;
  properties: Map<string, Part[]>;
  required: Map<string, string>;
  /** `closed` for `additionalProperties: false`; parts for a schema; undefined when open. */
  additional?: 'closed' | Part[];
  additionalPointer?: string;
  items: Part[];
  propertyNames: Part[];
  variants: Array<{ keyword: 'oneOf' | 'anyOf'; pointer: string; parts: Part[] }>;
  conditionals: Array<{ pointer: string; if: unknown; then?: Part; else?: Part }>;
  default?: Located<unknown>;
  deprecated?: string;
  /** Keywords compared as a whole (`not`, `patternProperties`, `prefixItems`, …). */
  opaque: Map<string, Located<unknown>>;
}

export const MIN_KEYWORDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
export const MAX_KEYWORDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const EXACT_KEYWORDS = ['pattern', 'format', 'multipleOf'];
/** Annotations and OpenAPI keywords that do not constrain a value. */
const IGNORED = new Set([
  'title',
  'description',
  'examples',
  'example',
  '$comment',
  '$id',
  '$schema',
  '$anchor',
  '$defs',
  '$dynamicAnchor',
  'readOnly',
  'writeOnly',
  'discriminator',
  'xml',
  'externalDocs',
  'contentSchema',
]);

const isObject = (value: unknown): value is Doc => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** A canonical string of a schema without annotations, for equality. */
export function canonical(value: unknown, seen = new WeakSet<object>()): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item, seen)).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value) ?? 'undefined';
  if (seen.has(value)) return '"[cycle]"';
  seen.add(value);
  const keys = Object.keys(value)
    .filter((key) => !IGNORED.has(key) && !key.startsWith('x-'))
    .sort();
  const text = `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key], seen)}`).join(',')}}`;
  seen.delete(value);
  return text;
}

function typeSet(type: unknown): Set<string> {
  return new Set((Array.isArray(type) ? type : [type]).map(String));
}

/** `integer` is a `number`; the intersection keeps the narrower name. */
function intersectTypes(a: Set<string>, b: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const type of a) {
    if (b.has(type)) out.add(type);
    else if (type === 'integer' && b.has('number')) out.add('integer');
  }
  for (const type of b) if (type === 'integer' && a.has('number')) out.add('integer');
  return out;
}

/** `allOf` members expanded in place, depth first. */
function expand(parts: Part[], out: Part[] = [], depth = 0): Part[] {
  for (const part of parts) {
    out.push(part);
    const allOf = isObject(part.schema) ? part.schema.allOf : undefined;
    if (Array.isArray(allOf) && depth < 32) {
      expand(
        allOf.map((schema, i) => ({ schema, pointer: pointerJoin(part.pointer, 'allOf', i) })),
        out,
        depth + 1,
      );
    }
  }
  return out;
}

export function flatten(parts: Part[]): Flat {
  const flat: Flat = {
    pointer: parts[0]?.pointer ?? '',
    bounds: new Map(),
    exact: new Map(),
    properties: new Map(),
    required: new Map(),
    items: [],
    propertyNames: [],
    variants: [],
    conditionals: [],
    opaque: new Map(),
  };
  for (const { schema, pointer } of expand(parts)) {
    if (!isObject(schema)) continue;
    const at = (key: string) => pointerJoin(pointer, key);
    for (const [key, value] of Object.entries(schema)) {
      if (IGNORED.has(key) || key.startsWith('x-') || key === 'allOf') continue;
      if (key === 'type') {
        const types = typeSet(value);
        flat.types = {
          value: flat.types ? intersectTypes(flat.types.value, types) : types,
          pointer: flat.types?.pointer ?? at(key),
        };
      } else if (key === 'enum' || key === 'const') {
        const values = key === 'const' ? [value] : (value as unknown[]);
        const kept = flat.values
          ? flat.values.value.filter((v) => values.some((w) => canonical(w) === canonical(v)))
          : values;
        flat.values = { value: kept, pointer: key === 'const' || !flat.values ? at(key) : flat.values.pointer };
      } else if (MIN_KEYWORDS.includes(key) || MAX_KEYWORDS.includes(key)) {
        const old = flat.bounds.get(key);
        const tighter = !old || (MIN_KEYWORDS.includes(key) ? Number(value) > old.value : Number(value) < old.value);
        if (tighter) flat.bounds.set(key, { value: Number(value), pointer: at(key) });
      } else if (EXACT_KEYWORDS.includes(key)) {
        const old = flat.exact.get(key);
        flat.exact.set(
          key,
          old && canonical(old.value) !== canonical(value)
            ? { value: `${String(old.value)} && ${String(value)}`, pointer: old.pointer }
            : { value, pointer: old?.pointer ?? at(key) },
        );
      } else if (key === 'uniqueItems') {
        if (value === true) flat.uniqueItems ??= { value: true, pointer: at(key) };
      } else if (key === 'properties' && isObject(value)) {
        for (const [name, sub] of Object.entries(value)) {
          const list = flat.properties.get(name) ?? [];
          list.push({ schema: sub, pointer: pointerJoin(pointer, 'properties', name) });
          flat.properties.set(name, list);
        }
      } else if (key === 'required' && Array.isArray(value)) {
        for (const name of value) if (!flat.required.has(String(name))) flat.required.set(String(name), at(key));
      } else if (key === 'additionalProperties') {
        if (value === false) flat.additional = 'closed';
        else if (isObject(value) && flat.additional !== 'closed')
          flat.additional = [...(flat.additional ?? []), { schema: value, pointer: at(key) }];
        if (value !== true) flat.additionalPointer ??= at(key);
      } else if (key === 'items' && value !== true) {
        flat.items.push({ schema: value, pointer: at(key) });
      } else if (key === 'propertyNames') {
        flat.propertyNames.push({ schema: value, pointer: at(key) });
      } else if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
        flat.variants.push({
          keyword: key,
          pointer: at(key),
          parts: value.map((sub, i) => ({ schema: sub, pointer: pointerJoin(pointer, key, i) })),
        });
      } else if (key === 'if') {
        flat.conditionals.push({
          pointer: at(key),
          if: value,
          ...('then' in schema ? { then: { schema: schema.then, pointer: at('then') } } : {}),
          ...('else' in schema ? { else: { schema: schema.else, pointer: at('else') } } : {}),
        });
      } else if (key === 'then' || key === 'else') {
        // Read with `if`.
      } else if (key === 'default') {
        flat.default ??= { value, pointer: at(key) };
      } else if (key === 'deprecated') {
        if (value === true) flat.deprecated ??= at(key);
      } else if (!flat.opaque.has(key)) {
        flat.opaque.set(key, { value, pointer: at(key) });
      }
    }
  }
  return flat;
}
