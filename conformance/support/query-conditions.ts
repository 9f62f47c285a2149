/**
 * Query conditions worth asking about a known set of contacts: every field the
 * workspace can query (standard fields, `tags`, the timestamps, the set's
 * external-ID systems, the workspace's custom fields) with every operator the
 * schema's if/then rules allow on it, and operands drawn mostly from the set's
 * own values (equal values, ranges around them, substrings, prefixes in
 * another case, subsets) so that conditions split the set in varied ways.
 */
import * as fc from 'fast-check';
import { NAMES, type JsonSchema } from '../../spec/index.js';
import type { CheckContext } from '../types.js';
import { applicable, effectiveProperty } from '../generate/conditionals.js';
import { resolveOptions, type GenerateOptions } from '../generate/options.js';
import { alternatives } from '../generate/schema-algebra.js';
import { valid } from '../generate/valid.js';
import { workspaceSchemas } from '../generate/workspace-schemas.js';
import { contactShape } from './contact-model.js';
import type { Condition } from './conditions.js';
import { fieldValue, instantFields } from './query-model.js';

type Contact = Record<string, unknown>;

/** The fields to query: the schema's standard ones, the set's external-ID systems, the workspace's custom fields. */
function queryFields(ctx: CheckContext, batch: Contact[]): string[] {
  const shape = contactShape(ctx.contract);
  const field = (ctx.contract.schemas.QueryField as { anyOf: JsonSchema[] }).anyOf.find((b) => Array.isArray(b.enum));
  const systems = new Set(batch.flatMap((c) => Object.keys((c[shape.externalIds] as object) ?? {})));
  return [
    ...((field?.enum as string[]) ?? []),
    ...[...systems].map((s) => `${shape.externalIds}.${s}`),
    ...ctx.workspace.customFields.map((f) => `${shape.customFields}.${f.slug}`),
  ];
}

/** Every (field, op) pair the schema allows, with the operand's schema. */
export function operatorTable(
  ctx: CheckContext,
  batch: Contact[],
  options: GenerateOptions,
): Array<{ field: string; op: Condition['op']; value: JsonSchema }> {
  const condition = workspaceSchemas(ctx.contract, ctx.workspace).queryCondition;
  const o = resolveOptions(options);
  const [alt] = alternatives(condition);
  const props = alt!.schema.properties as Record<string, JsonSchema>;
  // The operators the schema lists are the ones the `QueryCondition` type lists.
  const ops = props.op!.enum as Array<Condition['op']>;
  const out: Array<{ field: string; op: Condition['op']; value: JsonSchema }> = [];
  for (const field of queryFields(ctx, batch)) {
    for (const op of ops) {
      const branches = applicable({ field, op }, alt!.conditionals, o);
      const allowed = branches.every((b) =>
        ['field', 'op'].every((k) => {
          const s = (b.properties as Record<string, JsonSchema> | undefined)?.[k];
          return !s || o.validator(s)?.({ field, op }[k]);
        }),
      );
      if (allowed) out.push({ field, op, value: effectiveProperty(props.value, branches, 'value') });
    }
  }
  return out;
}

const recase = fc.constantFrom(
  (s: string) => s,
  (s: string) => s.toUpperCase(),
  (s: string) => s.toLowerCase(),
);

function fromBatch(ctx: CheckContext, batch: Contact[], field: string, op: string): fc.Arbitrary<unknown> | undefined {
  const raw = batch.map((c) => fieldValue(ctx.contract, c, field)).filter((v) => v !== undefined);
  const scalars = field === NAMES.fields.tags ? raw.flat() : raw;
  if (scalars.length === 0) return undefined;
  const instant = instantFields(ctx.contract).has(field);
  // An instant may be written with another offset and still be the same instant.
  const one = fc
    .constantFrom(...scalars)
    .map((v) => (instant && typeof v === 'string' && v.endsWith('Z') ? v.replace(/Z$/, '+00:00') : v));
  const strings = scalars.filter((v): v is string => typeof v === 'string' && v.length > 0);
  switch (op) {
    case 'in':
    case 'nin':
      return fc.uniqueArray(one, { minLength: 1, maxLength: 3, selector: (v) => JSON.stringify(v) });
    case 'contains':
      if (field === NAMES.fields.tags) return one;
      // Substrings start anywhere (not mostly at 0, where contains and startsWith agree).
      return strings.length
        ? fc
            .tuple(fc.constantFrom(...strings), fc.noBias(fc.nat()), fc.nat(), recase)
            .map(([s, a, b, f]) => f([...s].slice(a % s.length, (a % s.length) + 1 + (b % 4)).join('')))
        : undefined;
    case 'startsWith':
      return strings.length
        ? fc
            .tuple(fc.constantFrom(...strings), fc.nat(), recase)
            .map(([s, n, f]) => f([...s].slice(0, 1 + (n % [...s].length)).join('')))
        : undefined;
    case 'exists':
      return undefined;
    default:
      return field === NAMES.fields.tags ? undefined : one;
  }
}

/** Conditions on `batch`, each valid by the workspace's query schema. */
export function conditionArbitrary(
  ctx: CheckContext,
  batch: Contact[],
  options: GenerateOptions,
): fc.Arbitrary<Condition> {
  const validate = ctx.contract.compile(workspaceSchemas(ctx.contract, ctx.workspace).queryCondition);
  // Each operator as often as any other, whatever the number of fields that take it.
  const byOp = new Map<string, Array<fc.Arbitrary<Condition>>>();
  for (const { field, op, value } of operatorTable(ctx, batch, options)) {
    const random = valid(value, options);
    const derived = fromBatch(ctx, batch, field, op);
    const operand = derived ? fc.oneof({ weight: 1, arbitrary: random }, { weight: 3, arbitrary: derived }) : random;
    byOp.set(op, [...(byOp.get(op) ?? []), operand.map((v): Condition => ({ field, op, value: v }))]);
  }
  return fc.oneof(...[...byOp.values()].map((entries) => fc.oneof(...entries))).filter((c) => validate(c));
}
