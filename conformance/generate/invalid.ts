/**
 * An arbitrary of values that break a (dereferenced) JSON Schema of the
 * contract at exactly one location, everything else valid, with the path of
 * that location: the `field` a server must name is `formatField(segments)`.
 *
 * Mutations: a wrong JSON type, a string too long/short or off its pattern,
 * format or enum, a number out of range, too many/few or duplicate items,
 * a missing required key, an unknown key where the object is closed, a key
 * that breaks `propertyNames`, too many/few keys, no `anyOf` branch held.
 * A property an `anyOf` branch depends on is mutated only under another
 * branch, so the object as a whole stays valid except at that property.
 */
import * as fc from 'fast-check';
import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from '../../spec/index.js';
import { alternatives, isSystemManaged, ITEMS, OTHER_VALUES, typesOf, type Alternative } from './schema-algebra.js';
import { applicable, branchesHold, effectiveProperty } from './conditionals.js';
import { resolveOptions, type GenerateOptions, type ResolvedGenerateOptions } from './options.js';
import { generate, generateAlternative, inferTypes, plainKey } from './valid.js';
import { text, textOfLength } from './text.js';

export interface InvalidValue {
  value: unknown;
  /** Where the value is invalid, relative to the schema's root (`['contact', 'tags', 2]`). */
  segments: Array<string | number>;
  /** Which kind of mutation made it invalid (`too-long`, `unknown-key`, …). */
  rule: string;
}

export function invalid(schema: JsonSchema, options: GenerateOptions): fc.Arbitrary<InvalidValue> {
  return invalidAt(schema, resolveOptions(options));
}

type Segments = Array<string | number>;
interface Candidate {
  rule: string;
  arb: fc.Arbitrary<unknown>;
  segments?: (value: unknown) => Segments;
}

const memo = new WeakMap<ResolvedGenerateOptions, Map<string, fc.Arbitrary<InvalidValue>>>();

function invalidAt(schema: JsonSchema, o: ResolvedGenerateOptions): fc.Arbitrary<InvalidValue> {
  let cache = memo.get(o);
  if (!cache) memo.set(o, (cache = new Map()));
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) return hit;

  const check = o.validator(schema);
  if (!check) throw new Error(`invalid: the contract's Ajv cannot compile ${key.slice(0, 200)}`);
  const alts = alternatives(schema);
  const here: Array<fc.Arbitrary<InvalidValue>> = [];
  for (const c of hereCandidates(alts, o)) {
    const arb = c.arb.filter((v) => !check(v));
    if (!viable(c.arb, check)) continue;
    here.push(arb.map((value) => ({ value, segments: c.segments?.(value) ?? [], rule: c.rule })));
  }
  // A child with many locations inside gets more of the draws, so deep fields get their share.
  const arbs: Array<fc.WeightedArbitrary<InvalidValue>> = alts.flatMap((alt) => childMutations(alt, o));
  if (here.length) arbs.push({ weight: 2, arbitrary: fc.oneof(...here) });
  if (arbs.length === 0) throw new Error(`invalid: no way to break ${key.slice(0, 200)}`);
  const out = fc.oneof(...arbs);
  cache.set(key, out);
  return out;
}

/** A strategy is kept only when some of its samples really break the schema. */
function viable(arb: fc.Arbitrary<unknown>, check: ValidateFunction): boolean {
  return fc.sample(arb, { numRuns: 40, seed: 7 }).some((v) => !check(v));
}

const KINDS: Array<[string, fc.Arbitrary<unknown>]> = [
  ['string', fc.constantFrom('x', '', 'true', '12')],
  ['integer', fc.integer({ min: -3, max: 12 })],
  ['number', fc.constantFrom(1.5, -0.25)],
  ['boolean', fc.boolean()],
  ['null', fc.constant(null)],
  ['array', fc.constantFrom([], ['x'], [1])],
  ['object', fc.constantFrom({}, { x: 1 })],
];

function allows(types: string[], kind: string): boolean {
  return types.includes(kind) || (kind === 'integer' && types.includes('number'));
}

// Each keeps the value well-formed Unicode: a newline goes after the first code point, not code unit.
const corruptions: Array<(s: string) => string> = [
  (s) => ` ${s}`,
  (s) => `${s} `,
  (s) => {
    const [first = '', ...rest] = s;
    return `${first}\n${rest.join('')}`;
  },
  (s) => s.toUpperCase(),
  (s) => s.replace(/[@T:]/u, '~'),
  (s) => `${s}%%`,
];

function hereCandidates(alts: Alternative[], o: ResolvedGenerateOptions): Candidate[] {
  const out: Candidate[] = [];
  const declared = alts.map((a) => typesOf(a.schema));
  if (declared.every(Boolean)) {
    const types = declared.flat() as string[];
    for (const [kind, arb] of KINDS) if (!allows(types, kind)) out.push({ rule: 'wrong-type', arb });
  }
  for (const alt of alts) {
    const s = alt.schema;
    const types = typesOf(s) ?? inferTypes(s);
    if (types.includes('string')) {
      if (typeof s.maxLength === 'number') out.push({ rule: 'too-long', arb: textOfLength(s.maxLength + 1) });
      if (typeof s.minLength === 'number' && s.minLength > 0)
        out.push({ rule: 'too-short', arb: textOfLength(s.minLength - 1) });
      const base = generateAlternative(alt, o).filter((v): v is string => typeof v === 'string');
      const rule = s.enum ? 'enum' : s.format ? 'format' : s.pattern ? 'pattern' : 'string';
      out.push({ rule, arb: fc.tuple(base, fc.constantFrom(...corruptions)).map(([v, f]) => f(v)) });
      out.push({ rule, arb: text({ typical: 8, edges: false }) });
    }
    if (types.includes('integer') || types.includes('number')) {
      const step = types.includes('integer') ? 1 : 0.5;
      if (typeof s.minimum === 'number') out.push({ rule: 'below-minimum', arb: fc.constant(s.minimum - step) });
      if (typeof s.maximum === 'number') out.push({ rule: 'above-maximum', arb: fc.constant(s.maximum + step) });
      if (typeof s.exclusiveMinimum === 'number')
        out.push({ rule: 'below-minimum', arb: fc.constant(s.exclusiveMinimum) });
      if (typeof s.exclusiveMaximum === 'number')
        out.push({ rule: 'above-maximum', arb: fc.constant(s.exclusiveMaximum) });
    }
    if (types.includes('array')) out.push(...arrayCandidates(s, o));
    if (types.includes('object')) out.push(...objectCandidates(alt, alts, o));
  }
  return out;
}

function arrayCandidates(s: JsonSchema, o: ResolvedGenerateOptions): Candidate[] {
  const item = generate((s.items as JsonSchema) ?? {}, o);
  const many = (n: number) =>
    s.uniqueItems
      ? fc.uniqueArray(item, { minLength: n, maxLength: n, selector: (v) => JSON.stringify(v) })
      : fc.array(item, { minLength: n, maxLength: n });
  const out: Candidate[] = [];
  const max = s.maxItems as number | undefined;
  const min = (s.minItems as number) ?? 0;
  if (max !== undefined && max < 200) out.push({ rule: 'too-many-items', arb: many(max + 1) });
  if (min > 0) out.push({ rule: 'too-few-items', arb: many(min - 1) });
  if (s.uniqueItems && (max ?? Infinity) >= 2) {
    const upTo = Math.max(1, Math.min((max ?? Infinity) - 1, min + o.maxItems));
    const items = fc.uniqueArray(item, {
      minLength: Math.max(1, min - 1),
      maxLength: upTo,
      selector: (v) => JSON.stringify(v),
    });
    out.push({ rule: 'duplicate-items', arb: items.map((a) => [...a, a[0]]) });
  }
  return out;
}

function objectCandidates(alt: Alternative, alts: Alternative[], o: ResolvedGenerateOptions): Candidate[] {
  const s = alt.schema;
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const asObject = (a: Alternative) =>
    generateAlternative({ ...a, schema: { ...a.schema, type: 'object' } }, o) as fc.Arbitrary<Record<string, unknown>>;
  const base = asObject(alt);
  const out: Candidate[] = [];
  const everywhere = ((s.required as string[]) ?? []).filter(
    (k) => !alt.branchKeys.has(k) && alts.every((a) => ((a.schema.required as string[]) ?? []).includes(k)),
  );
  for (const key of everywhere) {
    out.push({ rule: 'missing-required', arb: base.map((v) => omit(v, key)), segments: () => [key] });
  }
  const lastKey = (v: unknown) => [Object.keys(v as object).at(-1)!];
  // A key added beyond maxProperties would break that rule first.
  const roomy = base.filter((v) => Object.keys(v).length < ((s.maxProperties as number) ?? Infinity));
  if (s.additionalProperties === false) {
    const unknown = plainKey.filter((k) => !(k in props));
    out.push({
      rule: 'unknown-key',
      arb: fc.tuple(roomy, unknown, fc.constantFrom<unknown>('x', 1, true)).map(([v, k, x]) => withKey(v, k, x)),
      segments: lastKey,
    });
  }
  if (s.propertyNames) {
    const names = o.validator(s.propertyNames as JsonSchema);
    const bad = fc
      .tuple(plainKey, fc.constantFrom(...corruptions.slice(3)))
      .map(([k, f]) => f(k))
      .filter((k) => /^[A-Za-z0-9_~%]+$/.test(k) && !(k in props) && !names?.(k));
    const value = generate(typeof s.additionalProperties === 'object' ? (s.additionalProperties as JsonSchema) : {}, o);
    out.push({
      rule: 'property-name',
      arb: fc.tuple(roomy, bad, value).map(([v, k, x]) => withKey(v, k, x)),
      segments: lastKey,
    });
  }
  const maxProps = s.maxProperties as number | undefined;
  if (maxProps !== undefined && maxProps <= 60 && s.additionalProperties !== false && Object.keys(props).length === 0) {
    const key = s.propertyNames ? (generate(s.propertyNames as JsonSchema, o) as fc.Arbitrary<string>) : plainKey;
    const value = generate(typeof s.additionalProperties === 'object' ? (s.additionalProperties as JsonSchema) : {}, o);
    const entries = fc.uniqueArray(fc.tuple(key, value), {
      minLength: maxProps + 1,
      maxLength: maxProps + 1,
      selector: ([k]) => k,
    });
    out.push({ rule: 'too-many-keys', arb: entries.map((e) => Object.fromEntries(e)) });
  }
  if (((s.minProperties as number) ?? 0) > 0 && alts.every((a) => !((a.schema.required as string[]) ?? []).length)) {
    out.push({ rule: 'too-few-keys', arb: fc.constant({}) });
  }
  if (alt.branchKeys.size) {
    const dependent = new Set(alts.flatMap((a) => [...a.branchKeys]));
    const rest = Object.fromEntries(Object.entries(props).filter(([k]) => !dependent.has(k)));
    const required = ((s.required as string[]) ?? []).filter((k) => !dependent.has(k));
    out.push({
      rule: 'no-branch',
      arb: asObject({ ...alt, schema: { ...s, properties: rest, required }, branchKeys: new Set() }),
    });
  }
  return out;
}

/** Roughly how many locations a value of this schema has (capped), to weight the draw. */
function locations(schema: JsonSchema, depth = 0): number {
  const alt = alternatives(schema)[0];
  if (!alt || depth > 3) return 1;
  const s = alt.schema;
  let n = 1;
  for (const p of Object.values((s.properties ?? {}) as Record<string, JsonSchema>))
    if (!isSystemManaged(p)) n += locations(p, depth + 1);
  if (s.items) n += locations(s.items as JsonSchema, depth + 1);
  if (typeof s.additionalProperties === 'object') n += locations(s.additionalProperties as JsonSchema, depth + 1);
  return Math.min(n, 12);
}

function childMutations(alt: Alternative, o: ResolvedGenerateOptions): Array<fc.WeightedArbitrary<InvalidValue>> {
  const s = alt.schema;
  const types = typesOf(s) ?? [];
  const out: Array<fc.WeightedArbitrary<InvalidValue>> = [];
  // Inside a value an anyOf branch shapes, the branch as a whole is what fails.
  if (types.includes('array') && s.items && !alt.branchKeys.has(ITEMS)) {
    const min = Math.max(1, (s.minItems as number) ?? 0);
    const max = Math.max(min, Math.min((s.maxItems as number) ?? Infinity, min + o.maxItems));
    const item = generate(s.items as JsonSchema, o);
    const items = s.uniqueItems
      ? fc.uniqueArray(item, { minLength: min, maxLength: max, selector: (v) => JSON.stringify(v) })
      : fc.array(item, { minLength: min, maxLength: max });
    const bad = invalidAt(s.items as JsonSchema, o);
    out.push({
      weight: 2 + locations(s.items as JsonSchema),
      arbitrary: fc.tuple(items, fc.nat(), bad).map(([a, n, r]) => {
        const i = n % a.length;
        const value = [...a];
        value[i] = r.value;
        return { value, segments: [i, ...r.segments], rule: r.rule };
      }),
    });
  }
  if (!types.includes('object')) return out;
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, schema] of Object.entries(props)) {
    if (isSystemManaged(schema) || alt.branchKeys.has(key)) continue;
    const forced = {
      ...alt,
      schema: { ...s, type: 'object', required: [...new Set([...((s.required as string[]) ?? []), key])] },
    };
    const base = generateAlternative(forced, o) as fc.Arbitrary<Record<string, unknown>>;
    out.push({
      weight: 2 + locations(schema),
      arbitrary: base
        .chain((obj) => {
          const effective = effectiveProperty(schema, applicable(obj, alt.conditionals, o), key);
          return invalidAt(effective, o).map((r) => ({
            value: withKey(obj, key, r.value),
            segments: [key, ...r.segments],
            rule: r.rule,
          }));
        })
        .filter((r) =>
          branchesHold(r.value as Record<string, unknown>, applicable(r.value, alt.conditionals, o), o, key),
        ),
    });
  }
  const additional = s.additionalProperties;
  if (typeof additional === 'object' && additional !== null && !alt.branchKeys.has(OTHER_VALUES)) {
    const maxProps = (s.maxProperties as number) ?? Infinity;
    const base = (
      generateAlternative({ ...alt, schema: { ...s, type: 'object' } }, o) as fc.Arbitrary<Record<string, unknown>>
    ).filter((v) => Object.keys(v).length < maxProps);
    const key = s.propertyNames ? (generate(s.propertyNames as JsonSchema, o) as fc.Arbitrary<string>) : plainKey;
    out.push({
      weight: 2 + locations(additional as JsonSchema),
      arbitrary: fc
        .tuple(base, key, invalidAt(additional as JsonSchema, o))
        // An all-digit key would read as an array index in `field` (`externalIds[8]`).
        .filter(([v, k]) => !(k in v) && !(k in props) && !/^\d+$/.test(k))
        .map(([v, k, r]) => ({ value: withKey(v, k, r.value), segments: [k, ...r.segments], rule: r.rule })),
    });
  }
  return out;
}

function omit(v: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = v;
  return rest;
}

/** Sets a key as an own data property, whatever its name. */
function withKey(v: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out = { ...v };
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}
