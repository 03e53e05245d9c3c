import "server-only";
import type { Prisma as SqlitePrisma, PrismaClient as SqlitePrismaClient } from "@/generated/prisma/sqlite/client";
import type { Prisma as PostgresPrisma, PrismaClient as PostgresPrismaClient } from "@/generated/prisma/postgres/client";
import { resolveDatabaseTarget, type DatabaseKind, type DatabaseTarget } from "./db/database-url";
import { applyMigrations, type ApplyOptions } from "./db/migrate";
import { DomainError } from "@/lib/errors";
import { runtimeMode, serverlessDatabaseProblem } from "./runtime-mode";

// The Prisma client singleton. SQLite (.data/eventscope.db) unless DATABASE_URL says otherwise;
// PostgreSQL for postgres:// or postgresql:// URLs (docs/database.md). The first getDb() applies
// pending migrations (lib/db/migrate.ts) before handing out the client, in `next dev`, `next start`
// and the standalone server alike.

/**
 * The client type callers use. Both generated clients come from one source schema
 * (prisma/schema.prisma), so they have the same models; the SQLite one is the common denominator
 * (PostgreSQL-only query options such as `mode: "insensitive"` are not available, on purpose).
 */
export type Db = SqlitePrismaClient;
export type { DatabaseKind } from "./db/database-url";

// Compile-time proof that the PostgreSQL client, handed out as a Db, has the same models with the
// same columns (it would not if prisma/postgres/schema.prisma were stale or edited by hand).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Columns<TypeMap, M> = TypeMap extends { model: Record<string, unknown> }
  ? M extends keyof TypeMap["model"]
    ? TypeMap["model"][M] extends { payload: { scalars: infer S } }
      ? S
      : never
    : never
  : never;
type ClientsAgree = Same<SqlitePrisma.ModelName, PostgresPrisma.ModelName> extends true
  ? { [M in SqlitePrisma.ModelName]: Same<Columns<SqlitePrisma.TypeMap, M>, Columns<PostgresPrisma.TypeMap, M>> }[SqlitePrisma.ModelName]
  : false;
type Assert<T extends true> = T;
export type DbClientsAgree = Assert<ClientsAgree>;

interface DbState {
  promise?: Promise<Db>;
}

// On globalThis: Next dev re-evaluates modules on every change, which would open a new client
// (and re-check migrations) each time.
const globalForDb = globalThis as typeof globalThis & { __eventscopeDb?: DbState };
const state: DbState = (globalForDb.__eventscopeDb ??= {});

/** "sqlite" or "postgres", from DATABASE_URL (throws on an unsupported URL scheme). */
export function getDatabaseKind(): DatabaseKind {
  return resolveDatabaseTarget(process.env).kind;
}

/**
 * The shared client, ready to use: on the first call it creates the SQLite folder and file if
 * needed and applies pending migrations. A failed start (say PostgreSQL is down) is not cached:
 * the next call tries again.
 */
export function getDb(): Promise<Db> {
  if (!state.promise) {
    const opening = Promise.resolve()
      .then(() => openDb(resolveDatabaseTarget(process.env)));
    state.promise = opening;
    opening.catch(() => {
      if (state.promise === opening) state.promise = undefined;
    });
  }
  return state.promise;
}

/** Disconnects the shared client; the next getDb() opens a new one (tests, graceful shutdown). */
export async function disconnectDb(): Promise<void> {
  const pending = state.promise;
  state.promise = undefined;
  const client = await pending?.catch(() => undefined);
  await client?.$disconnect();
}

/** A new client for `target`, after applying its pending migrations. getDb() is the usual entry. */
export async function openDb(target: DatabaseTarget, options: ApplyOptions = {}): Promise<Db> {
  // Serverless mode loses a SQLite file with its instance: refuse before creating one.
  const problem = serverlessDatabaseProblem(runtimeMode(), target.kind);
  if (problem) throw new DomainError("store-misconfigured", problem);
  await applyMigrations(target, options);
  if (target.kind === "postgres") {
    const [{ PrismaClient }, { PrismaPg }] = await Promise.all([
      import("@/generated/prisma/postgres/client"),
      import("@prisma/adapter-pg"),
    ]);
    // `schema` makes the client qualify table names (DATABASE_URL ...?schema=name).
    const adapter = new PrismaPg({ connectionString: target.connectionString }, target.schema ? { schema: target.schema } : undefined);
    const client: PostgresPrismaClient = new PrismaClient({ adapter });
    return client as unknown as Db;
  }
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
    import("@/generated/prisma/sqlite/client"),
    import("@prisma/adapter-better-sqlite3"),
  ]);
  // The busy timeout covers a write that waits for another connection's write (WAL mode, set by
  // the migration runner, lets reads go on meanwhile).
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: target.filePath, timeout: 10_000 }) });
}
