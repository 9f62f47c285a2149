/**
 * SQL fragments for PostgreSQL: text with `?` for each bound value, numbered
 * `$1, $2, ...` only when a statement is complete, so fragments compose in any
 * order. No fragment writes a `?` of its own: values are always bound, and the
 * only names in the text are field names that passed the schema's patterns.
 */

/** A fragment of SQL text with its bound values, in order. */
export interface Sql {
  sql: string;
  params: unknown[];
}

export const TRUE: Sql = { sql: 'TRUE', params: [] };
export const FALSE: Sql = { sql: 'FALSE', params: [] };

export const sql = (text: string, ...params: unknown[]): Sql => ({ sql: text, params });

export const and = (parts: Sql[]): Sql =>
  parts.length === 0
    ? TRUE
    : { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) };

export const or = (parts: Sql[]): Sql =>
  parts.length === 0
    ? FALSE
    : { sql: parts.map((p) => `(${p.sql})`).join(' OR '), params: parts.flatMap((p) => p.params) };

/** D3: `ne`, `nin` and `exists: false` hold where the field is absent, so NULL counts as false. */
export const not = (part: Sql): Sql => ({ sql: `NOT coalesce((${part.sql}), FALSE)`, params: part.params });

/** The statement PostgreSQL runs: each `?` numbered in order. */
export function numbered(fragment: Sql): { text: string; values: unknown[] } {
  let n = 0;
  const text = fragment.sql.replace(/\?/g, () => `$${++n}`);
  if (n !== fragment.params.length) throw new Error(`sql: ${n} placeholders for ${fragment.params.length} values`);
  return { text, values: fragment.params };
}

/** A JSON object key as an SQL string literal; keys reach here only after the schema's patterns. */
export function key(name: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`sql: unexpected key ${JSON.stringify(name)}`);
  return `'${name}'`;
}
