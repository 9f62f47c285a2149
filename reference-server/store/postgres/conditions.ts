/**
 * D3: query conditions to PostgreSQL SQL, with the SQLite store's semantics
 * (`../sqlite/conditions.ts`): type-strict comparisons, numbers as doubles, absent
 * fields false except for `ne`, `nin` and `exists: false`, instants through
 * `instantComparison`, tags and external IDs through their lookup tables, and
 * `contains`/`startsWith` over the folded copy of the document. Values are
 * always bound; strings through `storable`, as the store writes them.
 */
import type { Condition } from '../../types.js';
import { CD_ID, CREATED_AT, CUSTOM_FIELDS, EXTERNAL_IDS, TAGS, UPDATED_AT } from '../../contacts/model.js';
import { type Comparison, d3Operators, instantComparison, splitField } from '../query-model.js';
import { and, FALSE, key, not, or, type Sql, sql, TRUE } from './sql.js';
import { alignedContains, foldedNeedle, storable } from './text.js';

type Scalar = string | number | boolean;

/** Where a scalar field lives: `text` is its stored string (NULL when absent), `folded` the same folded. */
export interface ScalarTarget {
  kind: 'scalar';
  text: string;
  folded: string;
  /** Set where the stored value may be of any JSON type (custom fields): the jsonb value. */
  json?: string;
  /** The document path `eq` tests by containment (`q @> {...}`); absent for columns. */
  path?: readonly string[];
  instant?: boolean;
  /** The external system of `externalIds.<system>`. */
  external?: string;
}
export type Target = ScalarTarget | { kind: 'tags' };
export type Operator = (target: Target, value: unknown) => Sql;
export type Operators = Readonly<Record<string, Operator>>;

const TAGGED = 'c.id IN (SELECT contact_id FROM contact_tags WHERE tag';

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** A column outside the document; cdIds and instants are ASCII, which `lower` folds as JavaScript does. */
const column = (name: string, instant = false): ScalarTarget => ({
  kind: 'scalar',
  text: `c.${name}`,
  folded: `lower(c.${name} COLLATE "C")`,
  instant,
});

/** A member of the document: `->` down the path, `->>` for the last key. */
function member(path: readonly string[]): ScalarTarget {
  const keys = path.map(key);
  const inner = keys
    .slice(0, -1)
    .map((k) => ` -> ${k}`)
    .join('');
  const last = keys[keys.length - 1]!;
  return { kind: 'scalar', text: `(c.q${inner} ->> ${last})`, folded: `(c.folded${inner} ->> ${last})`, path };
}

/** The SQL target of a field the schema accepted (`QueryField`). */
export function targetOf(field: string): Target {
  if (field === TAGS) return { kind: 'tags' };
  if (field === CD_ID) return column('cd_id');
  if (field === CREATED_AT) return column('created_at', true);
  if (field === UPDATED_AT) return column('updated_at', true);
  const [head, name] = splitField(field);
  if (head === EXTERNAL_IDS && name) return { ...member([EXTERNAL_IDS, name]), external: name };
  if (head === CUSTOM_FIELDS && name) {
    return { ...member([CUSTOM_FIELDS, name]), json: `(c.q -> ${key(CUSTOM_FIELDS)} -> ${key(name)})` };
  }
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(field)) throw new Error(`query: unexpected field ${field}`);
  return member([field]);
}

const JSON_TYPE = { string: 'string', number: 'number', boolean: 'boolean' } as const;
const CAST = { string: '', number: '::float8', boolean: '::boolean' } as const;

/**
 * The stored value as comparable with `value`'s type, NULL where its type differs (D3 is
 * type-strict), or undefined where no stored value can have that type (a standard field or an
 * external ID holds strings only). CASE keeps the cast from ever seeing another type.
 */
function typed(target: ScalarTarget, value: Scalar): string | undefined {
  const type = typeof value as 'string' | 'number' | 'boolean';
  if (!target.json) return type === 'string' ? `${target.text} COLLATE "C"` : undefined;
  const stored = type === 'string' ? target.text : `${target.json}${CAST[type]}`;
  const valued = `CASE WHEN jsonb_typeof(${target.json}) = '${JSON_TYPE[type]}' THEN ${stored} END`;
  return type === 'string' ? `(${valued}) COLLATE "C"` : valued;
}

const bound = (value: Scalar): { sql: string; param: unknown } =>
  typeof value === 'string'
    ? { sql: '?', param: storable(value) }
    : typeof value === 'number'
      ? { sql: '?::float8', param: value }
      : { sql: '?::boolean', param: value };

function compare(target: Target, value: unknown, cmp: Comparison): Sql {
  if (target.kind !== 'scalar' || !isScalar(value)) return FALSE;
  let operand: Scalar = value;
  if (target.instant) {
    const instant = instantComparison(value, cmp);
    if (!instant) return FALSE;
    ({ iso: operand, cmp } = instant);
  }
  const stored = typed(target, operand);
  if (stored === undefined) return FALSE;
  // D3: a JSON number is the double it denotes; float8 is that double on both sides.
  const right = bound(operand);
  return sql(`${stored} ${cmp} ${right.sql}`, right.param);
}

/** `{ a: { b: value } }` for the path `[a, b]`. */
const nested = (path: readonly string[], value: Scalar): unknown =>
  path.reduceRight<unknown>((inner, name) => ({ [name]: inner }), typeof value === 'string' ? storable(value) : value);

function eq(target: Target, value: unknown): Sql {
  if (target.kind === 'scalar' && isScalar(value)) {
    if (target.external !== undefined) {
      if (typeof value !== 'string') return FALSE;
      // Served by external_ids_by_value rather than a scan.
      return sql(
        'c.id IN (SELECT contact_id FROM external_ids WHERE value = ? AND system = ?)',
        storable(value),
        target.external,
      );
    }
    if (target.path && typed(target, value) !== undefined) {
      // Containment is type-strict, and two equal doubles have one shortest JSON text: it is D3's
      // equality, and the document's GIN index serves it.
      return sql('c.q @> ?::jsonb', JSON.stringify(nested(target.path, value)));
    }
  }
  return compare(target, value, '=');
}

function anyOf(target: Target, value: unknown): Sql {
  const values = Array.isArray(value) ? value : [];
  if (target.kind === 'tags') {
    const tags = values.filter((v): v is string => typeof v === 'string').map(storable);
    return tags.length === 0 ? FALSE : sql(`${TAGGED} = ANY(?::text[]))`, tags);
  }
  return or(values.map((v) => eq(target, v)));
}

function textMatch(kind: 'contains' | 'startsWith'): Operator {
  return (target, value) => {
    if (typeof value !== 'string') return FALSE;
    if (target.kind === 'tags') return kind === 'contains' ? sql(`${TAGGED} = ?)`, storable(value)) : FALSE;
    const needle = foldedNeedle(value);
    // A non-string never matches, as in SQLite's cd_contains.
    const isText = target.json ? [sql(`jsonb_typeof(${target.json}) = 'string'`)] : [];
    if (kind === 'startsWith') return and([...isText, sql(`starts_with(${target.folded}, ?)`, needle)]);
    const aligned = alignedContains(needle);
    return and([
      ...isText,
      sql(`strpos(${target.folded}, ?) > 0`, needle),
      ...(aligned ? [sql(`${target.folded} ~ ?`, aligned)] : []),
    ]);
  };
}

function exists(target: Target, value: unknown): Sql {
  const present =
    target.kind === 'tags'
      ? sql(
          `jsonb_array_length(CASE WHEN jsonb_typeof(c.q -> ${key(TAGS)}) = 'array' THEN c.q -> ${key(TAGS)} END) > 0`,
        )
      : sql(`${target.text} IS NOT NULL`);
  return value === true ? present : not(present);
}

/** The operators of D3, by `op` (the same names as the SQLite store's). */
export const OPERATORS: Operators = d3Operators({
  eq,
  compare,
  anyOf,
  not,
  contains: textMatch('contains'),
  startsWith: textMatch('startsWith'),
  exists,
});

/** D3: every condition must hold (AND); no conditions select every contact. */
export function compileConditions(conditions: readonly Condition[], operators: Operators = OPERATORS): Sql {
  if (conditions.length === 0) return TRUE;
  return and(
    conditions.map((c) => {
      const operator = Object.hasOwn(operators, c.op) ? operators[c.op] : undefined;
      if (!operator) throw new Error(`query: no operator ${c.op}`);
      return operator(targetOf(c.field), c.value);
    }),
  );
}
