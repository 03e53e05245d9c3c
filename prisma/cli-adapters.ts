// Driver adapters for the Prisma CLI (prisma.config.ts), NOT for the app (lib/db.ts uses its own).
//
// Prisma 6.19's JavaScript schema engine talks to the database through these adapters. Three gaps in
// @prisma/adapter-* 6.19.3 break `prisma migrate diff --from-migrations` (what scripts/prisma-db.mjs
// uses to write migrations) and `migrate dev`; `migrate deploy`/`status` do not hit them:
// - The engine applies each migration.sql to the shadow database as ONE executeRaw call. SQLite's
//   prepare() takes a single statement, so any migration with two statements fails (P3006,
//   "External error"). We run such scripts with exec() instead.
// - Introspecting PostgreSQL reads pg_catalog columns of types `name` and `"char"`, which adapter-pg
//   refuses ("Column type 'name' could not be deserialized"). Their values are plain strings, so we
//   report those columns as text. A multi-statement script on PostgreSQL returns one result per
//   statement; we hand the adapter the last one.
// - adapter-pg's own shadow database is the main database when configured with a connection string
//   (see prismaCliPgAdapter).
import { randomUUID } from "node:crypto";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

interface SqliteStatementLike {
  reader: boolean;
  bind(...args: unknown[]): SqliteStatementLike;
  run(...args: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
interface SqliteDatabaseLike {
  prepare(sql: string): SqliteStatementLike;
  exec(sql: string): unknown;
}

function runScriptsWithExec(adapter: SqliteAdapter): SqliteAdapter {
  const db = (adapter as unknown as { client: SqliteDatabaseLike }).client;
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => {
    try {
      return prepare(sql);
    } catch (error) {
      if (!(error instanceof RangeError) || !/more than one statement/i.test(error.message)) throw error;
      const script: SqliteStatementLike = {
        reader: false,
        bind: () => script,
        run: () => {
          db.exec(sql);
          return { changes: 0, lastInsertRowid: 0 };
        },
      };
      return script;
    }
  };
  return adapter;
}

export function prismaCliSqliteAdapter(filePath: string) {
  const inner = new PrismaBetterSQLite3({ url: filePath });
  return {
    provider: inner.provider as typeof inner.provider,
    adapterName: inner.adapterName,
    connect: async () => runScriptsWithExec(await inner.connect()),
    connectToShadowDb: async () => runScriptsWithExec(await inner.connectToShadowDb()),
  };
}

const TEXT = 25;
const TEXT_ARRAY = 1009;
// Built-in types adapter-pg has no mapping for, whose text form is all the schema engine needs.
const AS_TEXT = new Set([18 /* "char" */, 19 /* name */, 22 /* int2vector */, 24 /* regproc */, 30 /* oidvector */, 194 /* pg_node_tree */, 2205 /* regclass */, 2206 /* regtype */]);
const AS_TEXT_ARRAY = new Set([1002 /* "char"[] */, 1003 /* name[] */]);

interface PgResultLike {
  fields?: { dataTypeID: number }[];
  rowCount?: number | null;
}

function adaptCatalogResults(adapter: PgAdapter): PgAdapter {
  const pool = adapter.underlyingDriver();
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<PgResultLike | PgResultLike[]>;
  (pool as unknown as { query: typeof query }).query = async (...args: unknown[]) => {
    const raw = await query(...args);
    const result = Array.isArray(raw) ? (raw.at(-1) ?? { fields: [], rowCount: 0 }) : raw;
    for (const field of result?.fields ?? []) {
      if (AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT;
      else if (AS_TEXT_ARRAY.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY;
    }
    return result;
  };
  return adapter;
}

/** `schema`: DATABASE_URL's ?schema= (already taken out of connectionString), a plain identifier. */
export function prismaCliPgAdapter(connectionString: string, schema?: string) {
  const inner = new PrismaPg(
    { connectionString, ...(schema ? { options: `-c search_path=${schema}` } : {}) },
    schema ? { schema } : undefined,
  );
  return {
    provider: inner.provider as typeof inner.provider,
    adapterName: inner.adapterName,
    connect: async () => adaptCatalogResults(await inner.connect()),
    // NOT inner.connectToShadowDb(): it spreads `database` over a config whose connectionString wins
    // in pg, so its "shadow" is the main database, which the engine then fills (and may reset).
    connectToShadowDb: async () => {
      const main = await inner.connect();
      const database = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, "")}`;
      await main.executeScript(`CREATE DATABASE "${database}"`);
      const url = new URL(connectionString);
      url.pathname = `/${database}`;
      const shadow = adaptCatalogResults(await new PrismaPg({ connectionString: url.toString() }).connect());
      const disposeShadow = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await disposeShadow();
        try {
          await main.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
        } finally {
          await main.dispose();
        }
      };
      return shadow;
    },
  };
}
