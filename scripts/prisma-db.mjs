#!/usr/bin/env node
// Database schema tooling for Eventscope: one source schema (SQLite, prisma/schema.prisma), a generated
// PostgreSQL copy (prisma/postgres/schema.prisma), two committed migration folders, two generated clients.
//
//   node scripts/prisma-db.mjs schema [--check]          write (or check) the PostgreSQL schema from the source
//   node scripts/prisma-db.mjs generate [--if-available] both Prisma clients into generated/prisma/
//   node scripts/prisma-db.mjs migration <name>          schema + a new migration in BOTH folders + generate
//   node scripts/prisma-db.mjs check                     schema in sync and both migration folders match it
//
// `migration` and `check` need a PostgreSQL server for Prisma's temporary shadow database: DATABASE_URL
// when it is a postgres URL, else EVENTSCOPE_SHADOW_PG_URL, else postgresql://postgres@127.0.0.1:5432/postgres.
// Nothing here downloads anything: Prisma 6.19 with the JS schema engine (prisma.config.ts) runs offline.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const TARGETS = {
  sqlite: {
    provider: "sqlite",
    schema: "prisma/schema.prisma",
    migrations: "prisma/migrations",
    lockProvider: "sqlite",
  },
  postgres: {
    provider: "postgresql",
    schema: "prisma/postgres/schema.prisma",
    migrations: "prisma/postgres/migrations",
    lockProvider: "postgresql",
  },
};

const GENERATED_BANNER = [
  "// GENERATED from prisma/schema.prisma by scripts/prisma-db.mjs. DO NOT EDIT.",
  "// Change prisma/schema.prisma, then run `npm run db:schema` (or `npm run db:migration -- <name>`).",
  "// A unit test (tests/unit/db-schema-sync.test.ts) fails when this file is out of date.",
];

const DEFAULT_SHADOW_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const PLACEHOLDER_PG_URL = "postgresql://placeholder@127.0.0.1:5432/placeholder";

/**
 * The PostgreSQL schema for a source (SQLite) schema text: the leading comment block becomes a
 * "generated" banner, the datasource provider becomes postgresql, and the client output moves from
 * .../sqlite to .../postgres (re-relativised from prisma/postgres/). Everything else is copied, so
 * both clients have the same models. Throws when the source does not have the expected shape.
 */
export function renderPostgresSchema(source) {
  const text = source.replace(/\r\n/g, "\n");
  const lines = text.split("\n");
  let start = 0;
  while (start < lines.length && (lines[start].startsWith("//") || lines[start].trim() === "")) start++;
  let body = lines.slice(start).join("\n");

  body = replaceInBlock(body, /^datasource\s+\w+\s*\{/m, /(^\s*provider\s*=\s*)"sqlite"/m, '$1"postgresql"', 'provider = "sqlite"');
  body = replaceInBlock(body, /^generator\s+client\s*\{/m, /(^\s*output\s*=\s*)"([^"]+)"/m, (_match, lead, output) => {
    const fromSource = path.posix.join("prisma", output);
    if (!fromSource.endsWith("/sqlite")) {
      throw new Error(`generator client output must end with /sqlite (got "${output}")`);
    }
    const pgOutput = path.posix.relative("prisma/postgres", fromSource.replace(/\/sqlite$/, "/postgres"));
    return `${lead}"${pgOutput}"`;
  }, "output = \".../sqlite\"");

  return `${GENERATED_BANNER.join("\n")}\n\n${body.endsWith("\n") ? body : `${body}\n`}`;
}

function replaceInBlock(text, blockStart, pattern, replacement, what) {
  const open = blockStart.exec(text);
  if (!open) throw new Error(`source schema has no block matching ${blockStart}`);
  const close = text.indexOf("\n}", open.index);
  if (close < 0) throw new Error(`unterminated block at ${blockStart}`);
  const block = text.slice(open.index, close);
  if (!pattern.test(block)) throw new Error(`source schema: expected ${what} in the ${open[0]} block`);
  return text.slice(0, open.index) + block.replace(pattern, replacement) + text.slice(close);
}

export function readSourceSchema(root = ROOT) {
  return fs.readFileSync(path.join(root, TARGETS.sqlite.schema), "utf8");
}

/** True when prisma/postgres/schema.prisma is exactly what the source renders to. */
export function isPostgresSchemaInSync(root = ROOT) {
  const file = path.join(root, TARGETS.postgres.schema);
  return fs.existsSync(file) && fs.readFileSync(file, "utf8") === renderPostgresSchema(readSourceSchema(root));
}

function writePostgresSchema() {
  const file = path.join(ROOT, TARGETS.postgres.schema);
  const next = renderPostgresSchema(readSourceSchema());
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
  if (current === next) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Prisma CLI (run with this Node, no npx: faster, and no registry lookups)

function resolvePrismaCli() {
  try {
    return createRequire(import.meta.url).resolve("prisma/build/index.js");
  } catch {
    return null;
  }
}
const prismaCli = resolvePrismaCli();

function prisma(args, databaseUrl, { capture = false } = {}) {
  if (!prismaCli) throw new Error("the prisma package is not installed (it is a devDependency): run npm install");
  const result = spawnSync(process.execPath, [prismaCli, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    stdio: capture ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    encoding: "utf8",
  });
  if (result.error) throw result.error;
  return result;
}

function prismaOrDie(args, databaseUrl) {
  const result = prisma(args, databaseUrl, { capture: true });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    throw new Error(`prisma ${args.join(" ")} failed (exit ${result.status})`);
  }
  return result;
}

/** A DATABASE_URL for the CLI: the real one when it matches the target, else a harmless one. */
function urlFor(kind) {
  const current = process.env.DATABASE_URL?.trim() ?? "";
  const isPg = /^postgres(?:ql)?:\/\//i.test(current);
  if (kind === "postgres") return isPg ? current : PLACEHOLDER_PG_URL;
  // `prisma generate` only needs a value of the right kind; it opens nothing.
  return current.startsWith("file:") ? current : "file:./.data/eventscope.db";
}

function shadowPgUrl() {
  const current = process.env.DATABASE_URL?.trim() ?? "";
  if (/^postgres(?:ql)?:\/\//i.test(current)) return current;
  return process.env.EVENTSCOPE_SHADOW_PG_URL?.trim() || DEFAULT_SHADOW_PG_URL;
}

function generateClients() {
  for (const kind of ["sqlite", "postgres"]) {
    prismaOrDie(["generate", "--schema", TARGETS[kind].schema], urlFor(kind));
    console.log(`generated the ${kind} Prisma client (${TARGETS[kind].schema})`);
  }
}

function migrationDirs(kind) {
  const dir = path.join(ROOT, TARGETS[kind].migrations);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/** SQL that takes the committed migrations of `kind` to its schema ("" when there is nothing to do). */
function pendingSql(kind) {
  const target = TARGETS[kind];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-diff-"));
  try {
    const out = path.join(tmp, "diff.sql");
    // Even with no migrations yet: --from-empty would add a `CREATE SCHEMA IF NOT EXISTS "public"` to
    // the first PostgreSQL migration, which needs the CREATE privilege on the database.
    ensureLockFile(kind);
    // SQLite: the shadow database is in memory, but the CLI also opens the "main" file: a throwaway one.
    const url = kind === "postgres" ? shadowPgUrl() : `file:${path.join(tmp, "main.db")}`;
    prismaOrDie(
      ["migrate", "diff", "--from-migrations", target.migrations, "--to-schema-datamodel", target.schema, "--script", "--output", out],
      url,
    );
    const sql = fs.readFileSync(out, "utf8");
    return isEmptyMigration(sql) ? "" : sql;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function isEmptyMigration(sql) {
  return sql
    .split("\n")
    .map((line) => line.trim())
    .every((line) => line === "" || line.startsWith("--"));
}

function timestamp(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

function ensureLockFile(kind) {
  const file = path.join(ROOT, TARGETS[kind].migrations, "migration_lock.toml");
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    "# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\n" +
      `provider = "${TARGETS[kind].lockProvider}"\n`,
  );
}

function createMigration(rawName) {
  const name = String(rawName ?? "")
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) throw new Error("usage: npm run db:migration -- <name>   (e.g. add_jobs)");

  if (writePostgresSchema()) console.log(`wrote ${TARGETS.postgres.schema}`);
  const sql = { sqlite: pendingSql("sqlite"), postgres: pendingSql("postgres") };
  if (!sql.sqlite && !sql.postgres) {
    console.log("No schema changes: both migration folders already match prisma/schema.prisma.");
    return;
  }
  // Same folder name on both sides (the newest timestamp wins, so the order stays right even if a
  // clock went backwards), so the two folders stay parallel. A side with nothing to do still gets
  // an (empty) migration, which the runner records like any other.
  let stamp = timestamp();
  for (const kind of ["sqlite", "postgres"]) {
    const last = migrationDirs(kind).at(-1)?.slice(0, 14);
    if (last && last >= stamp) stamp = String(BigInt(last) + 1n);
  }
  for (const kind of ["sqlite", "postgres"]) {
    ensureLockFile(kind);
    const dir = path.join(ROOT, TARGETS[kind].migrations, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql[kind] || "-- This is an empty migration.\n");
    console.log(`created ${path.relative(ROOT, dir)}/migration.sql`);
  }
  generateClients();
}

/** Returns a list of problems (empty when everything is in sync). */
function check() {
  const problems = [];
  if (!isPostgresSchemaInSync()) problems.push(`${TARGETS.postgres.schema} is out of date: run npm run db:schema`);
  for (const kind of ["sqlite", "postgres"]) {
    if (pendingSql(kind)) {
      problems.push(`${TARGETS[kind].migrations} does not match ${TARGETS[kind].schema}: run npm run db:migration -- <name>`);
    }
  }
  return problems;
}

function main(argv) {
  const [command, ...rest] = argv;
  switch (command) {
    case "schema": {
      if (rest.includes("--check")) {
        if (isPostgresSchemaInSync()) return console.log(`${TARGETS.postgres.schema} is in sync`);
        console.error(`${TARGETS.postgres.schema} is out of date: run npm run db:schema`);
        process.exitCode = 1;
        return;
      }
      console.log(writePostgresSchema() ? `wrote ${TARGETS.postgres.schema}` : `${TARGETS.postgres.schema} already in sync`);
      return;
    }
    case "generate":
      // postinstall passes --if-available: an install without devDependencies (no prisma CLI) must
      // not fail; such an install relies on clients generated by an earlier build step.
      if (!prismaCli && rest.includes("--if-available")) {
        console.warn("prisma CLI not installed: skipping Prisma client generation");
        return;
      }
      return generateClients();
    case "migration":
      return createMigration(rest.join("_"));
    case "check": {
      const problems = check();
      for (const problem of problems) console.error(problem);
      if (problems.length) process.exitCode = 1;
      else console.log("schemas and migrations are in sync");
      return;
    }
    default:
      console.error("usage: node scripts/prisma-db.mjs <schema [--check] | generate | migration <name> | check>");
      process.exitCode = 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
