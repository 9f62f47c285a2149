/**
 * An arbitrary of values that satisfy a (dereferenced) JSON Schema of the
 * contract: types and unions, enum/const, patterns, lengths, formats (checked
 * by the contract's own Ajv), numeric bounds, arrays, objects with optional
 * and extra keys, allOf/anyOf/oneOf and if/then. `x-system-managed`
 * properties are left out unless required.
 */
import * as fc from 'fast-check';
import type { JsonSchema } from '../../spec/index.js';
import { alternatives, isSystemManaged, typesOf, type Alternative } from './schema-algebra.js';
import { applicable, branchesHold, discriminators, effectiveProperty } from './conditionals.js';
import { resolveOptions, type GenerateOptions, type ResolvedGenerateOptions } from './options.js';
import { codePointLength, text } from './text.js';

export function valid(schema: JsonSchema, options: GenerateOptions): fc.Arbitrary<unknown> {
  return generate(schema, resolveOptions(options));
}

const REJECT = Symbol('reject');

// Building an arbitrary (a pattern's above all) costs far more than drawing from it.
const built = new WeakMap<ResolvedGenerateOptions, WeakMap<JsonSchema, fc.Arbitrary<unknown>>>();
const patterns = new Map<string, fc.Arbitrary<string>>();

export function generate(schema: JsonSchema, o: ResolvedGenerateOptions): fc.Arbitrary<unknown> {
  const override = o.overrides.get(schema);
  if (override) return override;
  let cache = built.get(o);
  if (!cache) built.set(o, (cache = new WeakMap()));
  const hit = cache.get(schema);
  if (hit) return hit;
  const alts = alternatives(schema);
  if (alts.length === 0) throw new Error(`generate: nothing satisfies ${JSON.stringify(schema).slice(0, 200)}`);
  const arbs = alts.map((alt) => generateAlternative(alt, o));
  const arb = arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
  cache.set(schema, arb);
  return arb;
}

function matching(pattern: string): fc.Arbitrary<string> {
  let arb = patterns.get(pattern);
  if (!arb) patterns.set(pattern, (arb = fc.stringMatching(new RegExp(generationPattern(pattern), 'u'))));
  return arb;
}

export function inferTypes(s: JsonSchema): string[] {
  const declared = typesOf(s);
  if (declared) return declared;
  if (s.properties || s.required || s.additionalProperties !== undefined || s.propertyNames) return ['object'];
  if (s.items || s.minItems !== undefined || s.maxItems !== undefined) return ['array'];
  if (s.pattern || s.format || s.minLength !== undefined || s.maxLength !== undefined) return ['string'];
  return ['string', 'integer', 'boolean', 'null'];
}

export function generateAlternative(alt: Alternative, o: ResolvedGenerateOptions): fc.Arbitrary<unknown> {
  const s = alt.schema;
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if ('const' in s) return fc.constant(s.const);
  const arbs = inferTypes(s).map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string':
        return stringOf(s, alt.patterns, o);
      case 'integer':
      case 'number':
        return numberOf(s, type === 'integer');
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return arrayOf(s, o);
      default:
        return objectOf(alt, o);
    }
  });
  return arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
}

const emailLike = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}$/),
    fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/),
    fc.constantFrom('com', 'org', 'example', 'co.uk', 'io'),
  )
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

const instant = fc
  .tuple(
    fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
    fc.nat(2),
  )
  .map(([d, style]) =>
    style === 0
      ? d.toISOString()
      : style === 1
        ? d.toISOString().replace(/\.\d{3}Z$/, 'Z')
        : d.toISOString().replace('Z', '+00:00'),
  );

function stringOf(s: JsonSchema, patterns: string[], o: ResolvedGenerateOptions): fc.Arbitrary<string> {
  const min = s.minLength as number | undefined;
  const max = s.maxLength as number | undefined;
  const fits = (v: string) => {
    const n = codePointLength(v);
    return n >= (min ?? 0) && n <= (max ?? Infinity) && patterns.every((p) => new RegExp(p, 'u').test(v));
  };
  if (typeof s.format === 'string') {
    const shape: JsonSchema = { type: 'string', format: s.format };
    if (typeof s.pattern === 'string') shape.pattern = s.pattern;
    const check = o.validator(shape);
    const base =
      s.format === 'email' ? fc.oneof(emailLike, fc.emailAddress()) : s.format === 'date-time' ? instant : fc.string();
    return base.filter((v) => fits(v) && Boolean(check?.(v)));
  }
  if (typeof s.pattern === 'string') {
    const re = new RegExp(s.pattern, 'u');
    return matching(s.pattern).filter((v) => fits(v) && re.test(v));
  }
  return text({ minLength: min, maxLength: max, typical: o.maxTextLength, edges: o.edgeLengths }).filter(fits);
}

const VISIBLE = '!-~\\u00c0-\\u024f\\u0400-\\u04ff\\u4e00-\\u4e2f\\u{1f600}-\\u{1f64f}';

/**
 * The pattern with `\\S` and `.` narrowed to a sample of characters: fast-check
 * generates a negated class by rejection, which is slow. Values are still
 * tested against the real pattern.
 */
export function generationPattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      i++;
      if (next === 'S' && !inClass) out += `[${VISIBLE}]`;
      else out += c + (next ?? '');
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    out += c === '.' && !inClass ? `[ ${VISIBLE}]` : c;
  }
  return out;
}

function numberOf(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exMin = s.exclusiveMinimum as number | undefined;
  const exMax = s.exclusiveMaximum as number | undefined;
  if (integer) {
    const fmt = s.format === 'int32' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
    const min = Math.max(
      (s.minimum as number) ?? -fmt - (s.format === 'int32' ? 1 : 0),
      exMin !== undefined ? Math.floor(exMin) + 1 : -Infinity,
    );
    const max = Math.min((s.maximum as number) ?? fmt, exMax !== undefined ? Math.ceil(exMax) - 1 : Infinity);
    const small = fc.integer({ min: Math.max(min, -1000), max: Math.min(max, 1000) });
    const usable = Math.max(min, -1000) <= Math.min(max, 1000);
    return fc.oneof(
      { weight: 6, arbitrary: usable ? small : fc.integer({ min, max }) },
      { weight: 1, arbitrary: fc.integer({ min, max }) },
      { weight: 1, arbitrary: fc.constantFrom(min, max) },
    );
  }
  const min = (s.minimum as number) ?? -Number.MAX_VALUE;
  const max = (s.maximum as number) ?? Number.MAX_VALUE;
  return fc
    .oneof(
      fc.integer({ min: Math.max(Math.ceil(min), -1e6), max: Math.min(Math.floor(max), 1e6) }),
      fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
    )
    .filter((n) => (exMin === undefined || n > exMin) && (exMax === undefined || n < exMax))
    .map((n) => (n === 0 ? 0 : n));
}

function arrayOf(s: JsonSchema, o: ResolvedGenerateOptions): fc.Arbitrary<unknown[]> {
  const item = generate((s.items as JsonSchema) ?? {}, o);
  const minLength = (s.minItems as number) ?? 0;
  const maxLength = Math.min((s.maxItems as number) ?? Infinity, minLength + o.maxItems);
  return s.uniqueItems
    ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(item, { minLength, maxLength });
}

/** A key that is a plain identifier: it reads the same in every `field` notation. */
export const plainKey = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/);

function objectOf(alt: Alternative, o: ResolvedGenerateOptions): fc.Arbitrary<Record<string, unknown>> {
  const s = alt.schema;
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = (s.required as string[]) ?? [];
  const minProps = (s.minProperties as number) ?? 0;
  const maxProps = (s.maxProperties as number) ?? Infinity;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, schema] of Object.entries(properties)) {
    if (isSystemManaged(schema) && !required.includes(key)) continue;
    model[key] = generate(schema, o);
  }
  for (const key of required) model[key] ??= generate({}, o);
  const optional = Object.keys(model).filter((key) => !required.includes(key));
  // fc.record includes each optional key about five times in six: with more optional keys than
  // `maxProperties` leaves room for, almost no record fits, so pick at most that many keys first.
  const room = maxProps - required.length;
  const record =
    optional.length <= room
      ? fc.record(model, { requiredKeys: required })
      : fc
          .subarray(optional, { minLength: 0, maxLength: Math.max(0, room) })
          .chain((keys) => fc.record(Object.fromEntries([...required, ...keys].map((key) => [key, model[key]!]))));

  const additional = s.additionalProperties;
  const open = (additional !== undefined && additional !== false) || s.propertyNames !== undefined;
  const extra = open
    ? fc.uniqueArray(
        fc.tuple(
          s.propertyNames ? (generate(s.propertyNames as JsonSchema, o) as fc.Arbitrary<string>) : plainKey,
          generate(typeof additional === 'object' ? (additional as JsonSchema) : {}, o),
        ),
        { maxLength: Math.min(o.maxExtraKeys, Math.max(0, room)), selector: ([k]) => k },
      )
    : fc.constant([] as Array<[string, unknown]>);

  let out: fc.Arbitrary<Record<string, unknown> | typeof REJECT> = fc.tuple(record, extra).map(([r, e]) => {
    const value: Record<string, unknown> = { ...r };
    // Extra keys only while there is room for them: the filter below must reject almost nothing.
    for (const [k, v] of e) if (!(k in properties) && Object.keys(value).length < maxProps) value[k] = v;
    return value;
  });
  if (alt.conditionals.length) out = out.chain((value) => withConditionals(value as Record<string, unknown>, alt, o));
  return out.filter(
    (v): v is Record<string, unknown> =>
      v !== REJECT && Object.keys(v).length >= minProps && Object.keys(v).length <= maxProps,
  );
}

/** Regenerates the properties an applicable `then` constrains; rejects when a discriminator breaks one. */
function withConditionals(
  value: Record<string, unknown>,
  alt: Alternative,
  o: ResolvedGenerateOptions,
): fc.Arbitrary<Record<string, unknown> | typeof REJECT> {
  const branches = applicable(value, alt.conditionals, o);
  const fixed = discriminators(alt.conditionals);
  const properties = (alt.schema.properties ?? {}) as Record<string, JsonSchema>;
  const redo: Record<string, fc.Arbitrary<unknown>> = {};
  for (const key of new Set(branches.flatMap((b) => Object.keys((b.properties ?? {}) as object)))) {
    if (!(key in value) || fixed.has(key)) continue;
    redo[key] = generate(effectiveProperty(properties[key], branches, key), o);
  }
  return fc.record(redo).map((changed) => {
    const next = { ...value, ...changed };
    const after = applicable(next, alt.conditionals, o);
    const sameBranches = after.length === branches.length && after.every((b, i) => b === branches[i]);
    return sameBranches && branchesHold(next, after, o) ? next : REJECT;
  });
}
