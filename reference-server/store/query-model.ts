/**
 * D3's field model, shared by every store: how a condition's field names a
 * value of a contact, and how text is folded for `contains` and `startsWith`.
 */
import { CD_ID, CREATED_AT, CUSTOM_FIELDS, EXTERNAL_IDS, TAGS, UPDATED_AT } from '../contacts/model.js';
import type { Contract, SchemaNode } from '../../spec/index.js';
import { parseInstant } from './instant.js';
import type { ContactRecord } from '../types.js';

/** `customFields.tier` → [`customFields`, `tier`]; a plain field → [field, undefined]. */
export function splitField(field: string): [string, string | undefined] {
  const dot = field.indexOf('.');
  return dot < 0 ? [field, undefined] : [field.slice(0, dot), field.slice(dot + 1)];
}

/** Case-insensitive matching for `contains` and `startsWith` compares text folded by this. */
export const fold = (text: string): string => text.toLowerCase();

/** The value a query field names in a stored contact (undefined where the contact lacks it). */
export function fieldValue(record: ContactRecord, field: string): unknown {
  if (field === CD_ID) return record.cdId;
  if (field === CREATED_AT) return record.createdAt;
  if (field === UPDATED_AT) return record.updatedAt;
  if (field === TAGS) return record.doc[TAGS];
  const [head, key] = splitField(field);
  if ((head === EXTERNAL_IDS || head === CUSTOM_FIELDS) && key !== undefined) {
    const values = record.doc[head] as Record<string, unknown>;
    return Object.hasOwn(values, key) ? values[key] : undefined;
  }
  return Object.hasOwn(record.doc, field) ? record.doc[field] : undefined;
}

/** Start-up fails, naming it, when the spec has a query `op` the store does not evaluate. */
export function checkQueryOps(contract: Contract, ops: ReadonlySet<string>): void {
  const declared = (contract.schemas.QueryCondition as SchemaNode | undefined)?.properties?.op?.enum;
  if (!Array.isArray(declared) || declared.length === 0) throw new Error('spec: QueryCondition has no op enum');
  for (const op of declared) {
    if (typeof op !== 'string' || !ops.has(op))
      throw new Error(`reference server: no operator for the query op ${String(op)}`);
  }
}

export type Comparison = '=' | '>' | '>=' | '<' | '<=';

/**
 * D3 on `createdAt`/`updatedAt`: the value as the stored text of its instant (millisecond
 * precision) and the comparison that keeps its meaning against that text. An instant between two
 * milliseconds moves the bound (`>=` becomes `>`, `<` becomes `<=`, `=` matches nothing); undefined
 * when no stored instant can match.
 */
export function instantComparison(value: unknown, cmp: Comparison): { iso: string; cmp: Comparison } | undefined {
  const instant = typeof value === 'string' ? parseInstant(value) : undefined;
  if (!instant) return undefined;
  if (instant.exact) return { iso: instant.iso, cmp };
  if (cmp === '=') return undefined;
  return { iso: instant.iso, cmp: cmp === '>=' ? '>' : cmp === '<' ? '<=' : cmp };
}

/** The comparisons and tests a store builds its D3 operators from, over its own targets and fragments. */
export interface OperatorParts<Target, Fragment> {
  eq(target: Target, value: unknown): Fragment;
  compare(target: Target, value: unknown, cmp: Comparison): Fragment;
  anyOf(target: Target, value: unknown): Fragment;
  /** D3: holds where the part does not, absent fields included. */
  not(part: Fragment): Fragment;
  contains(target: Target, value: unknown): Fragment;
  startsWith(target: Target, value: unknown): Fragment;
  exists(target: Target, value: unknown): Fragment;
}

/** D3's operators, by `op`, from a store's parts: `ne` and `nin` are the negations of `eq` and `in`. */
export function d3Operators<Target, Fragment>(
  p: OperatorParts<Target, Fragment>,
): Readonly<Record<string, (target: Target, value: unknown) => Fragment>> {
  return {
    eq: p.eq,
    ne: (t, v) => p.not(p.eq(t, v)),
    gt: (t, v) => p.compare(t, v, '>'),
    gte: (t, v) => p.compare(t, v, '>='),
    lt: (t, v) => p.compare(t, v, '<'),
    lte: (t, v) => p.compare(t, v, '<='),
    in: p.anyOf,
    nin: (t, v) => p.not(p.anyOf(t, v)),
    contains: p.contains,
    startsWith: p.startsWith,
    exists: p.exists,
  };
}
