import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { DatabaseKind, DatabaseTarget } from "./database-url";

// Applies the committed migrations (prisma/migrations or prisma/postgres/migrations) at start-up,
// without the Prisma CLI, which is not present in Next's standalone output.
//
// Bookkeeping is Prisma's own `_prisma_migrations` table (same DDL, sha256 checksum of migration.sql,
// same meaning of finished_at / rolled_back_at), so `prisma migrate deploy` / `migrate status` and this
// runner agree on what is applied, whichever ran first.
//
// Differences from `prisma migrate deploy`, on purpose:
// - Each migration runs in ONE transaction with its bookkeeping row: a failing migration leaves
//   nothing behind (no "failed migration" row to resolve by hand). So a migration must not contain
//   BEGIN/COMMIT, nor PostgreSQL statements that cannot run in a transaction (CREATE INDEX
//   CONCURRENTLY, ALTER SYSTEM, ...). Prisma-generated migrations never do.
// - The SQL goes to the driver unchanged: better-sqlite3 exec() and pg's simple-query protocol take
//   multi-statement scripts as they are (the JS schema engine splits PostgreSQL scripts on ";").
// Concurrency: SQLite takes the write lock (BEGIN IMMEDIATE) per migration and re-checks inside it;
// PostgreSQL holds Prisma's advisory lock (the same key as `prisma migrate deploy`) for the whole run.

export interface Migration {
  /** folder name, e.g. 20261124054216_init; migrations apply in name order */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql, as Prisma computes it */
  checksum: string;
}

export interface MigrationResult {
  /** names applied by this call, in order */
  applied: string[];
  /** how many migrations were already applied (by anyone) */
  alreadyApplied: number;
}

export interface ApplyOptions {
  /** folder holding the <name>/migration.sql folders; default: migrationsDirFor(kind) */
  migrationsDir?: string;
  log?: (message: string) => void;
}

/** Prisma's lock key: `prisma migrate deploy` and this runner exclude each other. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Where the committed migrations are, relative to the app's working directory. */
export function migrationsDirFor(kind: DatabaseKind, root: string = process.cwd()): string {
  return kind === "postgres"
    ? path.join(root, "prisma", "postgres", "migrations")
    : path.join(root, "prisma", "migrations");
}

export function readMigrations(dir: string, kind?: DatabaseKind): Migration[] {
  if (!fs.existsSync(dir)) {
    throw new Error(
      `No migrations folder at ${dir}. Run the app from the project root, and in Next's standalone ` +
        "output include prisma/**/migrations (next.config.js outputFileTracingIncludes; see docs/database.md).",
    );
  }
  if (kind) checkLockProvider(dir, kind);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    });
}

function checkLockProvider(dir: string, kind: DatabaseKind) {
  const lock = path.join(dir, "migration_lock.toml");
  if (!fs.existsSync(lock)) return;
  const provider = /^\s*provider\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(lock, "utf8"))?.[1];
  const expected = kind === "postgres" ? "postgresql" : "sqlite";
  if (provider && provider !== expected) {
    throw new Error(`${dir} holds ${provider} migrations, but the database is ${kind}`);
  }
}

export async function applyMigrations(target: DatabaseTarget, options: ApplyOptions = {}): Promise<MigrationResult> {
  const migrations = readMigrations(options.migrationsDir ?? migrationsDirFor(target.kind), target.kind);
  const log = options.log ?? ((message: string) => console.info(`[db] ${message}`));
  return target.kind === "postgres"
    ? applyPostgresMigrations(target, migrations, log)
    : applySqliteMigrations(target.filePath, migrations, log);
}

// ---------------------------------------------------------------------------------------------
// Bookkeeping shared by both databases

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

type Status = "applied" | "failed" | "pending";

function statusOf(name: string, rows: AppliedRow[]): Status {
  const live = rows.filter((row) => row.migration_name === name && row.rolled_back_at == null);
  if (live.some((row) => row.finished_at != null)) return "applied";
  if (live.length > 0) return "failed";
  return "pending";
}

function failedMigrationError(name: string) {
  return new Error(
    `Migration ${name} is recorded as failed in _prisma_migrations (a failed \`prisma migrate deploy\`). ` +
      "Fix the database, then mark it with `npx prisma migrate resolve --applied|--rolled-back " +
      `${name}\` before starting Eventscope again.`,
  );
}

function warnOnChangedChecksums(migrations: Migration[], rows: AppliedRow[], log: (m: string) => void) {
  for (const migration of migrations) {
    const row = rows.find((r) => r.migration_name === migration.name && r.finished_at != null && r.rolled_back_at == null);
    if (row && row.checksum !== migration.checksum) {
      log(`warning: migration ${migration.name} was edited after it was applied (checksum differs); it is not re-applied`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite

const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** The format @prisma/adapter-better-sqlite3 (and so `prisma migrate deploy`) writes. */
const sqliteTimestamp = (date: Date) => date.toISOString().replace("Z", "+00:00");

/** Busy timeout: how long a second process waits for the one applying a migration. */
const SQLITE_LOCK_WAIT_MS = 120_000;

/**
 * Switching a file to WAL needs a moment of exclusive access, and SQLite answers SQLITE_BUSY at
 * once (without its busy handler) when several processes open a fresh file together: retry then.
 */
async function switchToWal(db: { pragma(source: string, options?: { simple?: boolean }): unknown }): Promise<void> {
  const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      if (String(db.pragma("journal_mode", { simple: true })).toLowerCase() === "wal") return;
      db.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, 20 * 2 ** attempt)));
    }
  }
}

export async function applySqliteMigrations(
  filePath: string,
  migrations: Migration[],
  log: (message: string) => void = () => {},
): Promise<MigrationResult> {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(filePath, { timeout: SQLITE_LOCK_WAIT_MS });
  try {
    // WAL lets the app read while another connection writes; it is a property of the file.
    await switchToWal(db);
    db.exec(SQLITE_MIGRATIONS_TABLE);
    const readRows = () =>
      db.prepare(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`).all() as AppliedRow[];

    const before = readRows();
    warnOnChangedChecksums(migrations, before, log);
    const result: MigrationResult = { applied: [], alreadyApplied: 0 };
    for (const migration of migrations) {
      const status = statusOf(migration.name, before);
      if (status === "failed") throw failedMigrationError(migration.name);
      if (status === "applied") {
        result.alreadyApplied++;
        continue;
      }
      // Prisma's table-redefining migrations need foreign keys off, which SQLite only allows outside
      // a transaction; foreign_key_check below still refuses a migration that leaves bad references.
      db.pragma("foreign_keys = OFF");
      try {
        db.exec("BEGIN IMMEDIATE");
        try {
          const now = statusOf(migration.name, readRows()); // another process may have won the race
          if (now === "failed") throw failedMigrationError(migration.name);
          if (now === "applied") {
            db.exec("COMMIT");
            result.alreadyApplied++;
            continue;
          }
          const startedAt = new Date();
          db.exec(migration.sql);
          const violations = db.pragma("foreign_key_check") as unknown[];
          if (violations.length > 0) {
            throw new Error(`migration ${migration.name} leaves ${violations.length} broken foreign key reference(s)`);
          }
          db.prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          ).run(randomUUID(), migration.checksum, sqliteTimestamp(new Date()), migration.name, sqliteTimestamp(startedAt));
          db.exec("COMMIT");
        } catch (error) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw migrationError(migration.name, error);
        }
      } finally {
        db.pragma("foreign_keys = ON");
      }
      result.applied.push(migration.name);
      log(`applied migration ${migration.name}`);
    }
    return result;
  } finally {
    db.close();
  }
}

function migrationError(name: string, error: unknown) {
  if (error instanceof Error && error.message.includes(name)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`migration ${name} failed and was rolled back: ${reason}`, { cause: error });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function applyPostgresMigrations(
  target: Extract<DatabaseTarget, { kind: "postgres" }>,
  migrations: Migration[],
  log: (message: string) => void = () => {},
): Promise<MigrationResult> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: target.connectionString, application_name: "eventscope-migrate" });
  await client.connect();
  try {
    // Blocks while another process (this runner or `prisma migrate deploy`) migrates this database.
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      if (target.schema) {
        const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [target.schema]);
        if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdentifier(target.schema)}`);
        await client.query(`SET search_path TO ${quoteIdentifier(target.schema)}`);
      }
      await client.query(POSTGRES_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations",
      );
      warnOnChangedChecksums(migrations, rows, log);
      const result: MigrationResult = { applied: [], alreadyApplied: 0 };
      for (const migration of migrations) {
        const status = statusOf(migration.name, rows);
        if (status === "failed") throw failedMigrationError(migration.name);
        if (status === "applied") {
          result.alreadyApplied++;
          continue;
        }
        const startedAt = new Date();
        await client.query("BEGIN");
        try {
          await client.query(migration.sql); // no parameters: simple protocol, multi-statement OK
          await client.query(
            `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw migrationError(migration.name, error);
        }
        result.applied.push(migration.name);
        log(`applied migration ${migration.name}`);
      }
      return result;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}
