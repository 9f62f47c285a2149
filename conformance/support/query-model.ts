/**
 * D3's query semantics evaluated in memory over flattened contacts, the
 * oracle the query checks compare the target with. Comparisons are
 * type-strict; strings order by code point; `createdAt`/`updatedAt` compare
 * as instants; `contains`/`startsWith` ignore case (`toLowerCase`); a field
 * the contact lacks fails every operator but `ne`, `nin` and `exists: false`.
 * On `tags`: `contains` has the exact tag, `in` any of, `nin` none of,
 * `exists` at least one.
 */
import { NAMES, type Contract } from '../../spec/index.js';
import { contactShape } from './contact-model.js';
import type { Condition } from './conditions.js';

type Contact = Record<string, unknown>;
type Scalar = string | number | boolean;

/** The fields compared as instants: the read-only timestamps (`format: date-time` in `ContactDraft`). */
export function instantFields(contract: Contract): Set<string> {
  const read = (contract.schemas.ContactDraft as { properties: Record<string, { format?: string }> }).properties;
  return new Set(Object.keys(read).filter((k) => read[k]!.format === 'date-time'));
}

/** The value a condition's field designates on a flattened contact (undefined when it lacks it). */
export function fieldValue(contract: Contract, contact: Contact, field: string): unknown {
  const shape = contactShape(contract);
  const dot = field.indexOf('.');
  if (dot > 0) {
    const [head, key] = [field.slice(0, dot), field.slice(dot + 1)];
    if (head === shape.externalIds) return (contact[shape.externalIds] as Record<string, unknown> | undefined)?.[key];
    if (head === shape.customFields) return contact[key];
  }
  return contact[field];
}

function codePointCompare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Orders two values of one type; undefined when they cannot be compared (D3: then false). */
function order(stored: unknown, operand: unknown, instant: boolean): number | undefined {
  if (instant) {
    if (typeof stored !== 'string' || typeof operand !== 'string') return undefined;
    const [a, b] = [Date.parse(stored), Date.parse(operand)];
    return Number.isNaN(a) || Number.isNaN(b) ? undefined : a - b;
  }
  if (typeof stored !== typeof operand) return undefined;
  if (typeof stored === 'string') return codePointCompare(stored, operand as string);
  if (typeof stored === 'number') return stored - (operand as number);
  if (typeof stored === 'boolean') return Number(stored) - Number(operand as boolean);
  return undefined;
}

export function matches(contract: Contract, contact: Contact, c: Condition): boolean {
  const value = fieldValue(contract, contact, c.field);
  if (c.field === NAMES.fields.tags) {
    const tags = Array.isArray(value) ? (value as unknown[]) : [];
    const list = Array.isArray(c.value) ? (c.value as unknown[]) : [];
    switch (c.op) {
      case 'contains':
        return tags.includes(c.value);
      case 'in':
        return list.some((v) => tags.includes(v));
      case 'nin':
        return !list.some((v) => tags.includes(v));
      case 'exists':
        return tags.length > 0 === c.value;
      default:
        throw new Error(`query model: ${c.op} on ${NAMES.fields.tags}`);
    }
  }
  const instant = instantFields(contract).has(c.field);
  const eq = (v: unknown) => order(value, v, instant) === 0;
  if (c.op === 'exists') return (value !== undefined) === c.value;
  if (c.op === 'ne') return value === undefined || !eq(c.value);
  if (c.op === 'nin') return value === undefined || !(c.value as Scalar[]).some(eq);
  if (value === undefined) return false;
  const cmp = order(value, c.value, instant);
  switch (c.op) {
    case 'eq':
      return cmp === 0;
    case 'gt':
      return cmp !== undefined && cmp > 0;
    case 'gte':
      return cmp !== undefined && cmp >= 0;
    case 'lt':
      return cmp !== undefined && cmp < 0;
    case 'lte':
      return cmp !== undefined && cmp <= 0;
    case 'in':
      return (c.value as Scalar[]).some(eq);
    case 'contains':
      return (
        typeof value === 'string' && typeof c.value === 'string' && value.toLowerCase().includes(c.value.toLowerCase())
      );
    case 'startsWith':
      return (
        typeof value === 'string' &&
        typeof c.value === 'string' &&
        value.toLowerCase().startsWith(c.value.toLowerCase())
      );
    default:
      throw new Error(`query model: unknown operator ${c.op}`);
  }
}

/** True when `text`'s case mapping is not one code point to one (`İ`, `ß`): implementations may fold it differently. */
export function caseAmbiguous(text: string): boolean {
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if ([...lower].length !== 1 || [...upper].length !== 1 || upper.toLowerCase() !== lower) return true;
  }
  return false;
}
