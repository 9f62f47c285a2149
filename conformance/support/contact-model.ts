/**
 * What the target should store for a contact, as a flattened read (D5, D6):
 * standard string fields as sent (an empty string clears one), `fullname`
 * derived from the name parts, `tags` and `externalIds` always present, each
 * custom field under its slug. PUT merges: supplied fields only,
 * `externalIds` and custom fields key by key, `tags` replaced as a whole.
 */
import { NAMES, type Contract, type JsonSchema } from '../../spec/index.js';
import type { CheckContext } from '../types.js';

export type Record_ = Record<string, unknown>;

export interface ContactShape {
  /** Writable standard string fields (`ContactFields` string properties that are not system-managed). */
  standard: string[];
  /** The parts `fullname` joins, in order (its `x-derived-from` in `ContactDraft`). */
  nameParts: readonly string[];
  fullname: string;
  externalIds: string;
  customFields: string;
}

export function contactShape(contract: Contract): ContactShape {
  const write = (contract.schemas.ContactFields as { properties: Record<string, JsonSchema> }).properties;
  const { fields, nameParts } = contract.names;
  return {
    standard: Object.keys(write).filter((k) => write[k]!.type === 'string' && !write[k]!['x-system-managed']),
    nameParts,
    fullname: fields.fullname,
    externalIds: fields.externalIds,
    customFields: fields.customFields,
  };
}

function derive(shape: ContactShape, out: Record_): Record_ {
  out[shape.fullname] = shape.nameParts
    .map((p) => out[p])
    .filter((v) => typeof v === 'string' && v !== '')
    .join(' ');
  return out;
}

/** The flattened record a create of `fields` should store (no cdId or timestamps). */
export function expectedDraft(contract: Contract, fields: Record_): Record_ {
  const shape = contactShape(contract);
  const out: Record_ = {};
  for (const k of shape.standard) if (typeof fields[k] === 'string' && fields[k] !== '') out[k] = fields[k];
  out[NAMES.fields.tags] = [...((fields[NAMES.fields.tags] as unknown[]) ?? [])];
  out[shape.externalIds] = { ...((fields[shape.externalIds] as Record_) ?? {}) };
  for (const [slug, value] of Object.entries((fields[shape.customFields] as Record_) ?? {})) out[slug] = value;
  return derive(shape, out);
}

/** The flattened record a PUT of `changes` onto `current` (a flattened read) should leave. */
export function mergedDraft(contract: Contract, current: Record_, changes: Record_): Record_ {
  const shape = contactShape(contract);
  const out: Record_ = { ...current };
  for (const k of shape.standard) {
    if (!(k in changes)) continue;
    if (changes[k] === '') delete out[k];
    else out[k] = changes[k];
  }
  if (NAMES.fields.tags in changes) out[NAMES.fields.tags] = [...(changes[NAMES.fields.tags] as unknown[])];
  out[shape.externalIds] = {
    ...((current[shape.externalIds] as Record_) ?? {}),
    ...((changes[shape.externalIds] as Record_) ?? {}),
  };
  for (const [slug, value] of Object.entries((changes[shape.customFields] as Record_) ?? {})) out[slug] = value;
  return derive(shape, out);
}

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v)?.slice(0, 120));
const sortedTags = (v: unknown) => (Array.isArray(v) ? JSON.stringify([...v].map(String).sort()) : JSON.stringify(v));
const sameMap = (a: unknown, b: unknown) =>
  a !== null &&
  b !== null &&
  typeof a === 'object' &&
  typeof b === 'object' &&
  !Array.isArray(b) &&
  Object.keys(a as object).length === Object.keys(b as object).length &&
  Object.entries(a as Record_).every(([k, v]) => Object.hasOwn(b as object, k) && (b as Record_)[k] === v);

/**
 * How `actual` departs from `expected`, field by field: the standard fields,
 * `fullname`, `tags` (as a set: the contract promises no order), `externalIds`
 * and every custom slug of the workspace. Keys the suite does not know are ignored.
 */
export function contactDifferences(
  ctx: Pick<CheckContext, 'contract' | 'workspace'>,
  expected: Record_,
  actual: Record_,
): string[] {
  const shape = contactShape(ctx.contract);
  const out: string[] = [];
  for (const k of [...shape.standard, shape.fullname, ...ctx.workspace.customFields.map((f) => f.slug)]) {
    if (expected[k] !== actual[k]) out.push(`${k}: expected ${show(expected[k])}, got ${show(actual[k])}`);
  }
  if (sortedTags(expected[NAMES.fields.tags]) !== sortedTags(actual[NAMES.fields.tags]))
    out.push(
      `${NAMES.fields.tags}: expected ${show(expected[NAMES.fields.tags])}, got ${show(actual[NAMES.fields.tags])}`,
    );
  if (!sameMap(expected[shape.externalIds], actual[shape.externalIds])) {
    out.push(
      `${shape.externalIds}: expected ${show(expected[shape.externalIds])}, got ${show(actual[shape.externalIds])}`,
    );
  }
  return out;
}
