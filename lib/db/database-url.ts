import path from "node:path";

// Which database Eventscope uses, from DATABASE_URL. Shared by lib/db.ts, prisma.config.ts and the
// tests so the app and the Prisma CLI always agree. Pure: no "server-only" so the Prisma CLI can load it.

export type DatabaseKind = "sqlite" | "postgres";

export type DatabaseTarget =
  | { kind: "sqlite"; /** absolute path of the database file */ filePath: string }
  | {
      kind: "postgres";
      /** DATABASE_URL as given */
      url: string;
      /** the URL for node-postgres: `url` without Prisma's `schema` parameter */
      connectionString: string;
      /** PostgreSQL schema from `?schema=` (Prisma's convention), when not the default search path */
      schema?: string;
    };

/** The embedded default, relative to the working directory. */
export const DEFAULT_SQLITE_FILE = ".data/eventscope.db";

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;
const FILE_URL = /^file:/i;

export function resolveDatabaseTarget(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): DatabaseTarget {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return { kind: "sqlite", filePath: path.resolve(cwd, DEFAULT_SQLITE_FILE) };
  if (POSTGRES_URL.test(raw)) return postgresTarget(raw);
  if (FILE_URL.test(raw)) return { kind: "sqlite", filePath: sqliteFilePath(raw, cwd) };
  // Only the scheme: the rest of a URL may hold a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1] ?? "(none)";
  throw new Error(
    `DATABASE_URL must start with postgres://, postgresql:// or file: (got scheme "${scheme}")`,
  );
}

function postgresTarget(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("DATABASE_URL is not a valid postgres:// URL");
  }
  const schema = parsed.searchParams.get("schema")?.trim() || undefined;
  if (!schema) return { kind: "postgres", url, connectionString: url };
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
    throw new Error("DATABASE_URL ?schema= must be a plain identifier (letters, digits, _)");
  }
  parsed.searchParams.delete("schema");
  return { kind: "postgres", url, connectionString: parsed.toString(), schema };
}

/**
 * `file:./x.db`, `file:x.db`, `file:/abs/x.db` and `file:///abs/x.db` all work; a query string
 * (`?connection_limit=1`) is ignored. Relative paths resolve against the working directory
 * (unlike Prisma's own rule, relative to the schema file), the same for the app and the CLI.
 */
export function sqliteFilePath(fileUrl: string, cwd: string = process.cwd()): string {
  let rest = fileUrl.replace(FILE_URL, "");
  const query = rest.indexOf("?");
  if (query >= 0) rest = rest.slice(0, query);
  if (rest.startsWith("//")) rest = rest.slice(2); // file:///abs -> /abs
  rest = decodeURIComponent(rest);
  if (!rest) throw new Error("DATABASE_URL file: URL has no path");
  return path.resolve(cwd, rest);
}
