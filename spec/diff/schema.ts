/**
 * Compares two versions of a request or response schema constraint by
 * constraint. In a request a narrowed constraint refuses inputs that were
 * valid; in a response a widened one sends what clients were told cannot occur.
 * @see https://json-schema.org/draft/2020-12/json-schema-validation
 */
import type { ChangeSink } from './change.js';
import { canonical, flatten, MIN_KEYWORDS, type Flat, type Part } from './flatten.js';
import { schemaRule, type Direction, type SchemaAspect, type Trend } from './rules.js';

export interface SchemaContext {
  sink: ChangeSink;
  direction: Direction;
  operation?: string;
  /** How messages name the value: `request body`, `query parameter limit`, `response 404 body`. */
  subject: string;
  /** True under an error status: a change of `error.code` is `error-code-changed`. */
  errorResponse?: boolean;
}

const ASPECT_OF_BOUND: Record<string, SchemaAspect> = {
  minimum: 'range',
  maximum: 'range',
  exclusiveMinimum: 'range',
  exclusiveMaximum: 'range',
  minLength: 'length',
  maxLength: 'length',
  minItems: 'items',
  maxItems: 'items',
  minProperties: 'properties-count',
  maxProperties: 'properties-count',
};
const ASPECT_OF_EXACT: Record<string, SchemaAspect> = { pattern: 'pattern', format: 'format', multipleOf: 'range' };

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const showList = (values: unknown[]) => values.map(show).join(', ');

let nextId = 0;
const ids = new WeakMap<object, number>();
const idOf = (value: unknown) => {
  if (!value || typeof value !== 'object') return String(value);
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = nextId++));
  return String(id);
};

export function compareSchemas(oldParts: Part[], newParts: Part[], ctx: SchemaContext): void {
  compare(oldParts, newParts, '', ctx, new Set());
}

function compare(oldParts: Part[], newParts: Part[], field: string, ctx: SchemaContext, seen: Set<string>): void {
  // The dereferenced document may be cyclic: a pair of subschemas already being compared further up is not entered again.
  const key = `${oldParts.map((p) => idOf(p.schema)).join(',')}|${newParts.map((p) => idOf(p.schema)).join(',')}`;
  if (seen.has(key)) return;
  seen.add(key);
  try {
    compareFlat(oldParts, newParts, field, ctx, seen);
  } finally {
    seen.delete(key);
  }
}

function compareFlat(oldParts: Part[], newParts: Part[], field: string, ctx: SchemaContext, seen: Set<string>): void {
  const o = flatten(oldParts);
  const n = flatten(newParts);
  const where = `${ctx.subject}${field ? ` ${field}` : ''}`;
  const emit = (aspect: SchemaAspect, trend: Trend, message: string, pointer?: string) => {
    ctx.sink.add({
      rule: schemaRule(ctx.direction, aspect, trend),
      ...(ctx.operation ? { operation: ctx.operation } : {}),
      pointer: pointer ?? n.pointer,
      side: 'head',
      message: `${where}: ${message}`,
    });
  };

  compareTypes(o, n, emit);
  compareValues(o, n, field, ctx, where, emit);
  compareBounds(o, n, ctx, emit);
  if (o.uniqueItems && !n.uniqueItems) emit('items', 'widened', 'uniqueItems dropped', o.uniqueItems.pointer);
  if (!o.uniqueItems && n.uniqueItems) emit('items', 'narrowed', 'uniqueItems added', n.uniqueItems.pointer);

  compareProperties(o, n, field, ctx, where, seen);
  compareRequired(o, n, ctx, where);
  compareAdditional(o, n, field, ctx, seen, emit);
  compareSub(o.items, n.items, `${field}[]`, 'items', ctx, seen, emit);
  compareSub(o.propertyNames, n.propertyNames, `${field}{name}`, 'additional-properties', ctx, seen, emit);
  compareVariants(o, n, field, ctx, seen, emit);
  compareConditionals(o, n, field, ctx, seen, emit);

  if (
    ctx.direction === 'request' &&
    o.default &&
    (!n.default || canonical(o.default.value) !== canonical(n.default.value))
  ) {
    ctx.sink.add({
      rule: 'default-changed',
      ...(ctx.operation ? { operation: ctx.operation } : {}),
      pointer: n.default?.pointer ?? o.default.pointer,
      side: n.default ? 'head' : 'base',
      message: `${where}: default ${show(o.default.value)} → ${n.default ? show(n.default.value) : 'none'}`,
    });
  } else if (ctx.direction === 'request' && !o.default && n.default) {
    ctx.sink.add({
      rule: 'default-added',
      ...(ctx.operation ? { operation: ctx.operation } : {}),
      pointer: n.default.pointer,
      side: 'head',
      message: `${where}: default ${show(n.default.value)} documented`,
    });
  }

  for (const keyword of new Set([...o.opaque.keys(), ...n.opaque.keys()])) {
    const before = o.opaque.get(keyword);
    const after = n.opaque.get(keyword);
    if (canonical(before?.value) === canonical(after?.value)) continue;
    // Without a subset test for these keywords, any change may refuse or produce something new.
    emit(
      'schema',
      ctx.direction === 'request' ? 'narrowed' : 'widened',
      `${keyword} changed`,
      after?.pointer ?? before!.pointer,
    );
  }
}

type Emit = (aspect: SchemaAspect, trend: Trend, message: string, pointer?: string) => void;

function covers(types: Set<string> | undefined, type: string): boolean {
  return !types || types.has(type) || (type === 'integer' && types.has('number'));
}

function compareTypes(o: Flat, n: Flat, emit: Emit): void {
  const before = o.types?.value;
  const after = n.types?.value;
  const lost = before ? [...before].filter((t) => !covers(after, t)) : after ? ['any'] : [];
  const gained = after ? [...after].filter((t) => !covers(before, t)) : before ? ['any'] : [];
  const text = (types?: Set<string>) => (types ? [...types].join('|') : 'any');
  if (lost.length > 0) emit('type', 'narrowed', `type ${text(before)} → ${text(after)}`, n.types?.pointer);
  if (gained.length > 0)
    emit('type', 'widened', `type ${text(before)} → ${text(after)}`, n.types?.pointer ?? o.types?.pointer);
}

function compareValues(o: Flat, n: Flat, field: string, ctx: SchemaContext, where: string, emit: Emit): void {
  const before = o.values?.value;
  const after = n.values?.value;
  if (!before && !after) return;
  const has = (list: unknown[], v: unknown) => list.some((w) => canonical(w) === canonical(v));
  const removed = before && after ? before.filter((v) => !has(after, v)) : [];
  const added = before && after ? after.filter((v) => !has(before, v)) : [];
  if (ctx.direction === 'response' && ctx.errorResponse && field === 'error.code') {
    if (added.length > 0 || (before && !after)) {
      ctx.sink.add({
        rule: 'error-code-changed',
        ...(ctx.operation ? { operation: ctx.operation } : {}),
        pointer: n.values?.pointer ?? o.pointer,
        side: 'head',
        message: `${where}: ${before ? showList(before) : 'any'} → ${after ? showList(after) : 'any code'}`,
      });
      return;
    }
  }
  if (!before) emit('enum', 'narrowed', `restricted to ${showList(after!)}`, n.values!.pointer);
  else if (!after) emit('enum', 'widened', `no longer restricted to ${showList(before)}`, o.values!.pointer);
  if (removed.length > 0) emit('enum', 'narrowed', `${showList(removed)} no longer allowed`, n.values!.pointer);
  if (added.length > 0) emit('enum', 'widened', `${showList(added)} added`, n.values!.pointer);
}

function compareBounds(o: Flat, n: Flat, ctx: SchemaContext, emit: Emit): void {
  for (const keyword of new Set([...o.bounds.keys(), ...n.bounds.keys()])) {
    const before = o.bounds.get(keyword);
    const after = n.bounds.get(keyword);
    const aspect = ASPECT_OF_BOUND[keyword]!;
    const text = `${keyword} ${before?.value ?? 'none'} → ${after?.value ?? 'none'}`;
    if (before?.value === after?.value) continue;
    const isMin = MIN_KEYWORDS.includes(keyword);
    // A lower bound that rises, or an upper bound that falls (or appears), admits less.
    const narrowed = !before ? true : !after ? false : isMin ? after.value > before.value : after.value < before.value;
    emit(aspect, narrowed ? 'narrowed' : 'widened', text, after?.pointer ?? before?.pointer);
  }
  for (const keyword of new Set([...o.exact.keys(), ...n.exact.keys()])) {
    const before = o.exact.get(keyword);
    const after = n.exact.get(keyword);
    if (canonical(before?.value) === canonical(after?.value)) continue;
    const aspect = ASPECT_OF_EXACT[keyword]!;
    const text = `${keyword} ${before ? show(before.value) : 'none'} → ${after ? show(after.value) : 'none'}`;
    if (!before) emit(aspect, 'narrowed', text, after!.pointer);
    else if (!after) emit(aspect, 'widened', text, before.pointer);
    // Two different patterns or formats: neither is known to contain the other, so the change
    // counts as the harmful one for the direction.
    else emit(aspect, ctx.direction === 'request' ? 'narrowed' : 'widened', text, after.pointer);
  }
}

function compareProperties(
  o: Flat,
  n: Flat,
  field: string,
  ctx: SchemaContext,
  where: string,
  seen: Set<string>,
): void {
  const at = (name: string) => (field ? `${field}.${name}` : name);
  const base = { ...(ctx.operation ? { operation: ctx.operation } : {}) };
  for (const [name, parts] of o.properties) {
    const now = n.properties.get(name);
    if (!now) {
      const deprecated = ctx.direction === 'request' && flatten(parts).deprecated !== undefined;
      ctx.sink.add({
        ...base,
        rule: deprecated
          ? 'deprecated-input-removed'
          : ctx.direction === 'request'
            ? 'request-property-removed'
            : 'response-property-removed',
        pointer: parts[0]!.pointer,
        side: 'base',
        message: `${ctx.subject}: property ${at(name)} removed${deprecated ? ' (it was deprecated)' : ''}`,
      });
      continue;
    }
    const flatNow = flatten(now);
    if (flatNow.deprecated && !flatten(parts).deprecated) {
      ctx.sink.add({
        ...base,
        rule: 'property-deprecated',
        pointer: flatNow.deprecated,
        side: 'head',
        message: `${ctx.subject}: property ${at(name)} deprecated`,
      });
    }
    compare(parts, now, at(name), ctx, seen);
  }
  for (const [name, parts] of n.properties) {
    if (o.properties.has(name)) continue;
    ctx.sink.add({
      ...base,
      rule: ctx.direction === 'request' ? 'request-property-added' : 'response-property-added',
      pointer: parts[0]!.pointer,
      side: 'head',
      message: `${ctx.subject}: property ${at(name)} added`,
    });
  }
}

function compareRequired(o: Flat, n: Flat, ctx: SchemaContext, where: string): void {
  const base = { ...(ctx.operation ? { operation: ctx.operation } : {}) };
  for (const [name, pointer] of n.required) {
    if (o.required.has(name)) continue;
    ctx.sink.add({
      ...base,
      rule: ctx.direction === 'request' ? 'request-required-added' : 'response-required-added',
      pointer,
      side: 'head',
      message: `${where}: ${name} is now required`,
    });
  }
  for (const [name, pointer] of o.required) {
    if (n.required.has(name)) continue;
    // A removed response property is already reported as such.
    if (ctx.direction === 'response' && o.properties.has(name) && !n.properties.has(name)) continue;
    ctx.sink.add({
      ...base,
      rule: ctx.direction === 'request' ? 'request-required-removed' : 'response-required-removed',
      pointer,
      side: 'base',
      message: `${where}: ${name} is no longer required`,
    });
  }
}

function compareAdditional(o: Flat, n: Flat, field: string, ctx: SchemaContext, seen: Set<string>, emit: Emit): void {
  const state = (flat: Flat) => (flat.additional === 'closed' ? 'closed' : flat.additional ? 'schema' : 'open');
  const before = state(o);
  const after = state(n);
  const pointer = n.additionalPointer ?? o.additionalPointer;
  if (before === after) {
    if (before === 'schema') compare(o.additional as Part[], n.additional as Part[], `${field}{*}`, ctx, seen);
    return;
  }
  const rank = { closed: 0, schema: 1, open: 2 } as const;
  emit(
    'additional-properties',
    rank[after] < rank[before] ? 'narrowed' : 'widened',
    `additionalProperties ${before} → ${after}`,
    pointer,
  );
}

function compareSub(
  before: Part[],
  after: Part[],
  field: string,
  aspect: SchemaAspect,
  ctx: SchemaContext,
  seen: Set<string>,
  emit: Emit,
): void {
  if (before.length > 0 && after.length > 0) compare(before, after, field, ctx, seen);
  else if (after.length > 0) emit(aspect, 'narrowed', `${field} constrained`, after[0]!.pointer);
  else if (before.length > 0) emit(aspect, 'widened', `${field} no longer constrained`, before[0]!.pointer);
}

/** The parent's own type and bounds, as a part that applies beside each of its branches. */
function parentOf(flat: Flat): Part {
  const schema: Record<string, unknown> = Object.fromEntries(
    [...flat.bounds].map(([keyword, bound]) => [keyword, bound.value]),
  );
  if (flat.types) schema.type = [...flat.types.value];
  return { schema, pointer: flat.pointer };
}

function compareVariants(o: Flat, n: Flat, field: string, ctx: SchemaContext, seen: Set<string>, emit: Emit): void {
  const count = Math.max(o.variants.length, n.variants.length);
  for (let g = 0; g < count; g++) {
    const before = o.variants[g];
    const after = n.variants[g];
    if (!before) {
      emit('variant', 'narrowed', `${after!.keyword} added`, after!.pointer);
      continue;
    }
    if (!after) {
      emit('variant', 'widened', `${before.keyword} removed`, before.pointer);
      continue;
    }
    // Pair identical branches first, then the rest in order; what is left was added or removed.
    const left = [...before.parts];
    const right = [...after.parts];
    for (let i = left.length - 1; i >= 0; i--) {
      const j = right.findIndex((part) => canonical(part.schema) === canonical(left[i]!.schema));
      if (j >= 0) {
        left.splice(i, 1);
        right.splice(j, 1);
      }
    }
    const pairs = Math.min(left.length, right.length);
    // A branch applies together with its parent: a constraint the parent already has narrows nothing.
    for (let i = 0; i < pairs; i++) compare([parentOf(o), left[i]!], [parentOf(n), right[i]!], field, ctx, seen);
    for (const part of left.slice(pairs))
      emit('variant', 'narrowed', `a ${before.keyword} branch removed`, part.pointer);
    for (const part of right.slice(pairs)) emit('variant', 'widened', `a ${after.keyword} branch added`, part.pointer);
  }
}

function compareConditionals(o: Flat, n: Flat, field: string, ctx: SchemaContext, seen: Set<string>, emit: Emit): void {
  const count = Math.max(o.conditionals.length, n.conditionals.length);
  for (let i = 0; i < count; i++) {
    const before = o.conditionals[i];
    const after = n.conditionals[i];
    if (!before || !after || canonical(before.if) !== canonical(after.if)) {
      emit(
        'schema',
        ctx.direction === 'request' ? 'narrowed' : 'widened',
        'if/then/else changed',
        after?.pointer ?? before!.pointer,
      );
      continue;
    }
    for (const branch of ['then', 'else'] as const) {
      compareSub(
        before[branch] ? [before[branch]] : [],
        after[branch] ? [after[branch]] : [],
        field,
        'schema',
        ctx,
        seen,
        emit,
      );
    }
  }
}
