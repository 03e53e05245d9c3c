import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "@/lib/db/database-url";
import { applyMigrations, migrationsDirFor, readMigrations } from "@/lib/db/migrate";

// The start-up migration runner (lib/db/migrate.ts) against a fresh SQLite file and a throwaway
// PostgreSQL database: real migrations, re-runs, concurrency, failures, and agreement with the
// Prisma CLI on the _prisma_migrations table.

const ROOT = path.resolve(__dirname, "../..");
const ADMIN_URL = process.env.EVENTSCOPE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PRISMA_CLI = path.join(ROOT, "node_modules/prisma/build/index.js");
const quiet = { log: () => {} };

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-db-test-"));
const createdDatabases: string[] = [];

function databaseUrl(name: string, base = ADMIN_URL) {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createPgDatabase(): Promise<DatabaseTarget & { kind: "postgres" }> {
  const name = `eventscope_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  createdDatabases.push(name);
  const url = databaseUrl(name);
  return { kind: "postgres", url, connectionString: url };
}

async function pgRows<T extends pg.QueryResultRow>(target: { connectionString: string }, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function sqliteTarget(name: string): DatabaseTarget & { kind: "sqlite" } {
  return { kind: "sqlite", filePath: path.join(tmpRoot, name, "nested", "eventscope.db") };
}

function sqliteRows<T>(filePath: string, sql: string): T[] {
  const db = new Database(filePath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** A migrations folder made of the given SQL scripts, named 0001_a, 0002_b, ... */
function fixtureMigrations(kind: "sqlite" | "postgres", scripts: string[]): string {
  const dir = fs.mkdtempSync(path.join(tmpRoot, `fixture-${kind}-`));
  fs.writeFileSync(path.join(dir, "migration_lock.toml"), `provider = "${kind === "postgres" ? "postgresql" : "sqlite"}"\n`);
  scripts.forEach((sql, index) => {
    const name = `${String(index + 1).padStart(4, "0")}_${String.fromCharCode(97 + index)}`;
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  });
  return dir;
}

function prismaCli(args: string[], databaseUrlValue: string) {
  return spawnSync(process.execPath, [PRISMA_CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrlValue, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
}

const projectMigrations = {
  sqlite: readMigrations(migrationsDirFor("sqlite", ROOT)).map((m) => m.name),
  postgres: readMigrations(migrationsDirFor("postgres", ROOT)).map((m) => m.name),
};

beforeAll(async () => {
  // Fail early and clearly when PostgreSQL is not there.
  await adminQuery("SELECT 1");
});

afterAll(async () => {
  for (const name of createdDatabases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

describe("SQLite migrations", () => {
  it("creates the folder and file, applies every migration once, and records them like Prisma", async () => {
    const target = sqliteTarget("fresh");
    const first = await applyMigrations(target, { migrationsDir: migrationsDirFor("sqlite", ROOT), ...quiet });
    expect(first).toEqual({ applied: projectMigrations.sqlite, alreadyApplied: 0 });
    expect(fs.existsSync(target.filePath)).toBe(true);

    const tables = sqliteRows<{ name: string }>(target.filePath, "SELECT name FROM sqlite_master WHERE type = 'table'").map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(["_prisma_migrations", "StoredCluster"]));
    const rows = sqliteRows<Record<string, unknown>>(target.filePath, "SELECT * FROM _prisma_migrations ORDER BY migration_name");
    const files = readMigrations(migrationsDirFor("sqlite", ROOT));
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(files.map((m) => [m.name, m.checksum, 1]));
    expect(rows[0]?.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);

    const again = await applyMigrations(target, { migrationsDir: migrationsDirFor("sqlite", ROOT), ...quiet });
    expect(again).toEqual({ applied: [], alreadyApplied: projectMigrations.sqlite.length });
    expect(sqliteRows(target.filePath, "SELECT * FROM _prisma_migrations")).toHaveLength(rows.length);
  });

  it("agrees with the Prisma CLI: `migrate status` is clean after the runner, the runner is a no-op after `migrate deploy`", async () => {
    const ours = sqliteTarget("cli-status");
    await applyMigrations(ours, quiet);
    const status = prismaCli(["migrate", "status"], `file:${ours.filePath}`);
    expect(status.stdout + status.stderr).toContain("Database schema is up to date");
    expect(status.status).toBe(0);

    const theirs = sqliteTarget("cli-deploy");
    fs.mkdirSync(path.dirname(theirs.filePath), { recursive: true });
    const deploy = prismaCli(["migrate", "deploy"], `file:${theirs.filePath}`);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(0);
    expect(await applyMigrations(theirs, quiet)).toEqual({ applied: [], alreadyApplied: projectMigrations.sqlite.length });
  }, 300_000);

  it("rolls back a failing migration completely and keeps the earlier ones", async () => {
    const target = sqliteTarget("failing");
    const dir = fixtureMigrations("sqlite", [
      'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);',
      'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "A" ("id") VALUES (1);\nTHIS IS NOT SQL;',
    ]);
    await expect(applyMigrations(target, { migrationsDir: dir, ...quiet })).rejects.toThrow(/0002_b failed and was rolled back/);
    const tables = sqliteRows<{ name: string }>(target.filePath, "SELECT name FROM sqlite_master WHERE type = 'table'").map((t) => t.name);
    expect(tables).toContain("A");
    expect(tables).not.toContain("B");
    expect(sqliteRows(target.filePath, 'SELECT * FROM "A"')).toHaveLength(0);
    expect(sqliteRows<{ migration_name: string }>(target.filePath, "SELECT migration_name FROM _prisma_migrations").map((r) => r.migration_name)).toEqual(["0001_a"]);
  });

  it("runs Prisma's table-redefining migrations (foreign keys off, then checked) without losing rows", async () => {
    const target = sqliteTarget("redefine");
    // What `prisma migrate diff` writes for SQLite when a referenced table changes shape.
    const dir = fixtureMigrations("sqlite", [
      `CREATE TABLE "Job" ("id" TEXT NOT NULL PRIMARY KEY, "kind" TEXT NOT NULL, "big" BIGINT NOT NULL DEFAULT 0);
CREATE TABLE "JobEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jobId" TEXT NOT NULL,
    CONSTRAINT "JobEvent_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "Job" ("id", "kind") VALUES ('j1', 'requeue');
INSERT INTO "JobEvent" ("jobId") VALUES ('j1'), ('j1');`,
      `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL DEFAULT 'requeue'
);
INSERT INTO "new_Job" ("id", "kind") SELECT "id", "kind" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;`,
    ]);
    expect((await applyMigrations(target, { migrationsDir: dir, ...quiet })).applied).toEqual(["0001_a", "0002_b"]);
    // Without foreign keys off, DROP TABLE "Job" would have cascaded to the events.
    expect(sqliteRows(target.filePath, 'SELECT * FROM "JobEvent"')).toHaveLength(2);
    expect(sqliteRows<{ name: string }>(target.filePath, 'PRAGMA table_info("Job")').map((c) => c.name)).toEqual(["id", "kind"]);

    const broken = sqliteTarget("broken-fk");
    const brokenDir = fixtureMigrations("sqlite", [
      'CREATE TABLE "P" ("id" TEXT PRIMARY KEY);\nCREATE TABLE "C" ("p" TEXT REFERENCES "P" ("id"));',
      "INSERT INTO \"C\" (\"p\") VALUES ('nobody');",
    ]);
    await expect(applyMigrations(broken, { migrationsDir: brokenDir, ...quiet })).rejects.toThrow(/broken foreign key/);
  });

  it("refuses to start over a migration Prisma recorded as failed", async () => {
    const target = sqliteTarget("recorded-failure");
    const dir = fixtureMigrations("sqlite", ['CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);']);
    fs.mkdirSync(path.dirname(target.filePath), { recursive: true });
    const db = new Database(target.filePath);
    db.exec(`CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0);
      INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES ('x', 'y', '0001_a', 'boom');`);
    db.close();
    await expect(applyMigrations(target, { migrationsDir: dir, ...quiet })).rejects.toThrow(/recorded as failed.*migrate resolve/s);
  });

  it("applies each migration once when several processes start at the same time", async () => {
    const target = sqliteTarget("processes");
    // Slow enough (a few hundred ms) that the processes overlap; CREATE TABLE fails if run twice.
    const dir = fixtureMigrations("sqlite", [
      'CREATE TABLE "T" ("x" INTEGER NOT NULL);',
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) INSERT INTO "T" ("x") SELECT x FROM c;\nCREATE TABLE "U" ("id" INTEGER);',
    ]);
    const startAt = Date.now() + 4000; // all processes start applying at the same moment
    // A CommonJS .ts entry: tsx cannot resolve the runner's dynamic driver imports from an ESM one.
    const script = path.join(tmpRoot, "apply-migrations.ts");
    fs.writeFileSync(
      script,
      `import { applyMigrations } from ${JSON.stringify(path.join(ROOT, "lib/db/migrate"))};
setTimeout(() => {
  applyMigrations({ kind: "sqlite", filePath: ${JSON.stringify(target.filePath)} }, { migrationsDir: ${JSON.stringify(dir)}, log: () => {} })
    .then((result) => console.log(JSON.stringify(result)), (error) => { console.error(error); process.exitCode = 1; });
}, ${startAt} - Date.now());
`,
    );
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          // The react-server condition makes `import "server-only"` load outside Next.
          const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", script], {
            cwd: ROOT,
            stdio: ["ignore", "pipe", "pipe"],
          });
          let out = "";
          child.stdout.on("data", (chunk) => (out += chunk));
          child.stderr.on("data", (chunk) => (out += chunk));
          child.on("close", (code) => resolve({ code, out }));
        }),
      ),
    );
    for (const run of runs) expect(run.code, run.out).toBe(0);
    const results = runs.map((run) => JSON.parse(run.out.trim().split("\n").at(-1) ?? "{}") as { applied: string[] });
    expect(results.flatMap((r) => r.applied).sort()).toEqual(["0001_a", "0002_b"]);
    expect(sqliteRows<{ n: number }>(target.filePath, 'SELECT count(*) AS n FROM "T"')[0]?.n).toBe(300000);
    expect(sqliteRows(target.filePath, "SELECT * FROM _prisma_migrations")).toHaveLength(2);
  }, 300_000);
});

describe("PostgreSQL migrations", () => {
  it("applies every migration once into a fresh database and records them like Prisma", async () => {
    const target = await createPgDatabase();
    const first = await applyMigrations(target, quiet);
    expect(first).toEqual({ applied: projectMigrations.postgres, alreadyApplied: 0 });
    const tables = await pgRows<{ table_name: string }>(target, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["_prisma_migrations", "StoredCluster"]));
    const rows = await pgRows<{ migration_name: string; checksum: string; applied_steps_count: number; finished_at: Date | null }>(
      target,
      "SELECT * FROM _prisma_migrations ORDER BY migration_name",
    );
    const files = readMigrations(migrationsDirFor("postgres", ROOT));
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(files.map((m) => [m.name, m.checksum, 1]));
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);

    expect(await applyMigrations(target, quiet)).toEqual({ applied: [], alreadyApplied: projectMigrations.postgres.length });
    expect(await pgRows(target, "SELECT * FROM _prisma_migrations")).toHaveLength(rows.length);
  });

  it("agrees with the Prisma CLI in both directions", async () => {
    const ours = await createPgDatabase();
    await applyMigrations(ours, quiet);
    const status = prismaCli(["migrate", "status"], ours.url);
    expect(status.stdout + status.stderr).toContain("Database schema is up to date");
    expect(status.status).toBe(0);

    const theirs = await createPgDatabase();
    const deploy = prismaCli(["migrate", "deploy"], theirs.url);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(0);
    expect(await applyMigrations(theirs, quiet)).toEqual({ applied: [], alreadyApplied: projectMigrations.postgres.length });
  }, 300_000);

  it("applies once when two applyMigrations calls race on one database", async () => {
    const target = await createPgDatabase();
    // pg_sleep keeps the first runner inside its migration while the second one asks for the lock;
    // CREATE TABLE would fail if the migration ran twice.
    const dir = fixtureMigrations("postgres", [
      'CREATE TABLE "T" ("x" INTEGER NOT NULL);\nSELECT pg_sleep(0.5);\nINSERT INTO "T" VALUES (1);',
      'CREATE TABLE "U" ("id" INTEGER);',
    ]);
    const results = await Promise.all([
      applyMigrations(target, { migrationsDir: dir, ...quiet }),
      applyMigrations(target, { migrationsDir: dir, ...quiet }),
    ]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(["0001_a", "0002_b"]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 2]);
    expect(await pgRows(target, 'SELECT * FROM "T"')).toHaveLength(1);
    expect(await pgRows(target, "SELECT * FROM _prisma_migrations")).toHaveLength(2);
  });

  it("rolls back a failing migration completely and keeps the earlier ones", async () => {
    const target = await createPgDatabase();
    const dir = fixtureMigrations("postgres", [
      'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);',
      // A semicolon inside a literal: the script goes to PostgreSQL whole, not split on ";".
      `CREATE TABLE "B" ("note" TEXT DEFAULT 'a;b');\nINSERT INTO "A" VALUES (1);\nSELECT no_such_function();`,
    ]);
    await expect(applyMigrations(target, { migrationsDir: dir, ...quiet })).rejects.toThrow(/0002_b failed and was rolled back.*no_such_function/s);
    const tables = await pgRows<{ table_name: string }>(target, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.map((t) => t.table_name)).not.toContain("B");
    expect(await pgRows(target, 'SELECT * FROM "A"')).toHaveLength(0);
    expect((await pgRows<{ migration_name: string }>(target, "SELECT migration_name FROM _prisma_migrations")).map((r) => r.migration_name)).toEqual(["0001_a"]);

    // The fixed second migration applies; the first (same text, same checksum) is not re-run.
    const fixed = fixtureMigrations("postgres", ['CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);', `CREATE TABLE "B" ("note" TEXT DEFAULT 'a;b');`]);
    expect((await applyMigrations(target, { migrationsDir: fixed, ...quiet })).applied).toEqual(["0002_b"]);
    expect((await pgRows<{ column_default: string }>(target, "SELECT column_default FROM information_schema.columns WHERE table_name = 'B'"))[0]?.column_default).toContain("a;b");
  });

  it("honours ?schema= from DATABASE_URL", async () => {
    const base = await createPgDatabase();
    const target: DatabaseTarget = { ...base, url: `${base.url}?schema=console`, schema: "console" };
    expect((await applyMigrations(target, quiet)).applied).toEqual(projectMigrations.postgres);
    const tables = await pgRows<{ table_schema: string; table_name: string }>(
      base,
      "SELECT table_schema, table_name FROM information_schema.tables WHERE table_name IN ('StoredCluster', '_prisma_migrations') ORDER BY 2",
    );
    expect(tables).toEqual([
      { table_schema: "console", table_name: "StoredCluster" },
      { table_schema: "console", table_name: "_prisma_migrations" },
    ]);
  });
});

describe("committed migrations", () => {
  it("match prisma/schema.prisma and its PostgreSQL copy (`npm run db:check`)", () => {
    const check = spawnSync(process.execPath, [path.join(ROOT, "scripts/prisma-db.mjs"), "check"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "", EVENTSCOPE_SHADOW_PG_URL: ADMIN_URL },
      encoding: "utf8",
    });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain("in sync");
  }, 300_000);
});
