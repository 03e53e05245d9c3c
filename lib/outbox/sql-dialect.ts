import { SQL_IDENTIFIER } from "./source-schema";

// What differs between PostgreSQL and MySQL/MariaDB in the outbox queries: quoting, placeholders,
// time arithmetic and casts. Identifiers are checked against SQL_IDENTIFIER again here, so a name
// that did not come through the config schema still cannot reach SQL unquoted. Pure.

export type DialectName = "postgres" | "mysql";

export interface Dialect {
  name: DialectName;
  /** A quoted identifier; throws for anything that is not an identifier. */
  ident(name: string): string;
  /** The n-th (1-based) placeholder. */
  param(n: number): string;
  /** The column's value as text (ids and timestamps compared across types, cursors). */
  text(sql: string): string;
  /** Seconds between the (timestamp) expression and now, as a number. */
  ageSeconds(sql: string): string;
  /** now() minus a whole number of seconds given as the placeholder `placeholder`. */
  secondsAgo(placeholder: string): string;
  now: string;
  /** Case-insensitive "contains" with the placeholder as the pattern (escape \). */
  contains(sql: string, placeholder: string): string;
}

export function checkedIdent(name: string): string {
  if (!SQL_IDENTIFIER.test(name)) throw new Error(`not an SQL identifier: ${JSON.stringify(name.slice(0, 80))}`);
  return name;
}

export const postgresDialect: Dialect = {
  name: "postgres",
  ident: (name) => `"${checkedIdent(name)}"`,
  param: (n) => `$${n}`,
  text: (sql) => `${sql}::text`,
  ageSeconds: (sql) => `EXTRACT(EPOCH FROM (now() - ${sql}))::float8`,
  secondsAgo: (p) => `now() - make_interval(secs => ${p}::float8)`,
  now: "now()",
  contains: (sql, p) => `${sql}::text ILIKE ${p}`,
};

export const mysqlDialect: Dialect = {
  name: "mysql",
  ident: (name) => `\`${checkedIdent(name)}\``,
  param: () => "?",
  text: (sql) => `CAST(${sql} AS CHAR)`,
  ageSeconds: (sql) => `(TIMESTAMPDIFF(MICROSECOND, ${sql}, NOW(6)) / 1000000)`,
  secondsAgo: (p) => `NOW(6) - INTERVAL ${p} SECOND`,
  now: "NOW(6)",
  contains: (sql, p) => `LOWER(CAST(${sql} AS CHAR)) LIKE LOWER(${p})`,
};

/** "schema.table" -> quoted parts joined by a dot. */
export function qualifiedTable(dialect: Dialect, parts: { schema?: string; table: string }): string {
  return parts.schema ? `${dialect.ident(parts.schema)}.${dialect.ident(parts.table)}` : dialect.ident(parts.table);
}

/** A search text as a LIKE pattern matching it anywhere, with %, _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
