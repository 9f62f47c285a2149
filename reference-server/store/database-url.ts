/** What `--db` names, and how it may be shown (a URL's password never is). */

export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

/** The URL as it may be shown: the password, if any, replaced by `***`. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(a connection string that is not a URL)';
  }
}

/** The store `--db` names, as the server prints it. */
export function describeDb(db: string): string {
  if (isPostgresUrl(db)) return `PostgreSQL ${redactDatabaseUrl(db)}`;
  return db === ':memory:' || db === '' ? 'SQLite in memory' : `SQLite file ${db}`;
}
