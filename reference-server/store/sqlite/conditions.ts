/**
 * D3: query conditions to SQL. A condition's field becomes a target (an SQL
 * expression over `contacts c`), its op one entry of the operators table. All
 * values are bound parameters; only field names checked against the schema's
 * own patterns are ever written into the SQL text.
 */
import type { Condition } from '../../types.js';
import { CD_ID, CREATED_AT, CUSTOM_FIELDS, EXTERNAL_IDS, TAGS, UPDATED_AT } from '../../contacts/model.js';
import { type Comparison, d3Operators, fold, instantComparison, splitField } from '../query-model.js';

/** A SQL fragment with its bound parameters, in order. */
export interface Sql {
  sql: string;
  params: unknown[];
}

export type Scalar = string | number | boolean;
export type Target =
  /** `typeExpr` is set where the stored value may be of any JSON type (custom fields). */
  { kind: 'scalar'; expr: Sql; typeExpr?: Sql; instant?: boolean; external?: string } | { kind: 'tags' };
export type Operator = (target: Target, value: unknown) => Sql;
export type Operators = Readonly<Record<string, Operator>>;

export const TRUE: Sql = { sql: '1', params: [] };
export const FALSE: Sql = { sql: '0', params: [] };
/**
 * How a condition on tags finds the contacts holding them, from the tag index the store keeps
 * (`contact_tags`). `drive`: the read starts from the tag's entries, then sorts what it found into
 * the list order; cheap when few contacts hold the tags. `probe`: the read walks the list order and
 * looks each contact up in the tag index; it stops after one page, so it is cheap when many do.
 * SQLite's planner keeps no per-value counts, so the store chooses (`tagPlanner` in contacts.ts).
 */
export type TagPlan = (tags: readonly string[]) => 'drive' | 'probe';
/** Without a store to ask: drive from the index (tests, and every count, which needs no order). */
const DRIVE: TagPlan = () => 'drive';

function tagged(tags: readonly string[], plan: TagPlan): Sql {
  const list = placeholders(tags.length);
  const sql =
    plan(tags) === 'drive'
      ? `c.id IN (SELECT contact_id FROM contact_tags WHERE tag IN (${list}))`
      : `EXISTS (SELECT 1 FROM contact_tags t WHERE t.tag IN (${list}) AND t.contact_id = c.id)`;
  return { sql, params: [...tags] };
}

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const bind = (v: Scalar) => (typeof v === 'boolean' ? Number(v) : v);
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
export const and = (parts: Sql[]): Sql =>
  parts.length === 0
    ? TRUE
    : { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) };
const or = (parts: Sql[]): Sql =>
  parts.length === 0
    ? FALSE
    : { sql: parts.map((p) => `(${p.sql})`).join(' OR '), params: parts.flatMap((p) => p.params) };
/** D3: `ne`, `nin` and `exists: false` hold where the field is absent, so NULL counts as false. */
const not = (part: Sql): Sql => ({ sql: `NOT coalesce((${part.sql}), 0)`, params: part.params });

const jsonPath = (...keys: string[]) => `$${keys.map((k) => `."${k}"`).join('')}`;

/** The SQL target of a field the schema accepted (`QueryField`). */
export function targetOf(field: string): Target {
  if (field === TAGS) return { kind: 'tags' };
  if (field === CD_ID) return { kind: 'scalar', expr: { sql: 'c.cd_id', params: [] } };
  if (field === CREATED_AT) return { kind: 'scalar', expr: { sql: 'c.created_at', params: [] }, instant: true };
  if (field === UPDATED_AT) return { kind: 'scalar', expr: { sql: 'c.updated_at', params: [] }, instant: true };
  const [head, key] = splitField(field);
  if (head === EXTERNAL_IDS && key) {
    return {
      kind: 'scalar',
      expr: { sql: 'json_extract(c.doc, ?)', params: [jsonPath(EXTERNAL_IDS, key)] },
      external: key,
    };
  }
  if (head === CUSTOM_FIELDS && key) {
    const path = jsonPath(CUSTOM_FIELDS, key);
    return {
      kind: 'scalar',
      expr: { sql: 'json_extract(c.doc, ?)', params: [path] },
      typeExpr: { sql: 'json_type(c.doc, ?)', params: [path] },
    };
  }
  // A standard string field: the path is written literally so `contacts_by_email` can serve it.
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(field)) throw new Error(`query: unexpected field ${field}`);
  return { kind: 'scalar', expr: { sql: `json_extract(c.doc, '$.${field}')`, params: [] } };
}

/** D3: comparisons are type-strict; `eq 5` never matches `"5"`. Undefined: no stored value can match. */
function typeGuard(target: Extract<Target, { kind: 'scalar' }>, value: Scalar): Sql | undefined {
  if (!target.typeExpr) return typeof value === 'string' ? TRUE : undefined;
  const types =
    typeof value === 'string' ? `('text')` : typeof value === 'number' ? `('integer', 'real')` : `('true', 'false')`;
  return { sql: `${target.typeExpr.sql} IN ${types}`, params: target.typeExpr.params };
}

function compare(target: Target, value: unknown, cmp: Comparison): Sql {
  if (target.kind !== 'scalar' || !isScalar(value)) return FALSE;
  let bound: Scalar = value;
  if (target.instant) {
    const instant = instantComparison(value, cmp);
    if (!instant) return FALSE;
    ({ iso: bound, cmp } = instant);
  }
  const guard = typeGuard(target, bound);
  if (!guard) return FALSE;
  // D3: a JSON number is the double it denotes. SQLite reads a long integer's text exactly, as
  // int64, while the client's value is the double that text rounds to: compare both as doubles.
  const stored = typeof bound === 'number' ? `CAST(${target.expr.sql} AS REAL)` : target.expr.sql;
  const test = { sql: `${stored} ${cmp} ?`, params: [...target.expr.params, bind(bound)] };
  return guard === TRUE ? test : and([guard, test]);
}

function eq(target: Target, value: unknown): Sql {
  if (target.kind === 'scalar' && target.external !== undefined && typeof value === 'string') {
    // Served by external_ids_by_value rather than a scan.
    return {
      sql: 'c.id IN (SELECT contact_id FROM external_ids WHERE value = ? AND system = ?)',
      params: [value, target.external],
    };
  }
  return compare(target, value, '=');
}

function anyOf(plan: TagPlan): Operator {
  return (target, value) => {
    const values = Array.isArray(value) ? value : [];
    if (target.kind === 'tags') {
      const tags = values.filter((v) => typeof v === 'string');
      return tags.length === 0 ? FALSE : tagged(tags, plan);
    }
    return or(values.map((v) => eq(target, v)));
  };
}

function textMatch(fn: string, plan: TagPlan): Operator {
  return (target, value) => {
    if (typeof value !== 'string') return FALSE;
    if (target.kind === 'tags') return fn === 'cd_contains' ? tagged([value], plan) : FALSE;
    return { sql: `${fn}(${target.expr.sql}, ?)`, params: [...target.expr.params, fold(value)] };
  };
}

function exists(target: Target, value: unknown): Sql {
  const present: Sql =
    target.kind === 'tags'
      ? { sql: `json_array_length(c.doc, '$.${TAGS}') > 0`, params: [] }
      : { sql: `${target.expr.sql} IS NOT NULL`, params: target.expr.params };
  return value === true ? present : not(present);
}

/** The operators of D3, by `op`; conditions on tags take the plan `plan` chooses. */
export const sqliteOperators = (plan: TagPlan): Operators =>
  d3Operators({
    eq,
    compare,
    anyOf: anyOf(plan),
    not,
    contains: textMatch('cd_contains', plan),
    startsWith: textMatch('cd_starts_with', plan),
    exists,
  });
export const OPERATORS: Operators = sqliteOperators(DRIVE);

/** D3: every condition must hold (AND); no conditions select every contact. */
export function compileConditions(conditions: readonly Condition[], operators: Operators): Sql {
  return and(
    conditions.map((c) => {
      const operator = Object.hasOwn(operators, c.op) ? operators[c.op] : undefined;
      if (!operator) throw new Error(`query: no operator ${c.op}`);
      return operator(targetOf(c.field), c.value);
    }),
  );
}
