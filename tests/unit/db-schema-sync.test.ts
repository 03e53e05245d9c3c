import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isEmptyMigration, isPostgresSchemaInSync, renderPostgresSchema, ROOT, TARGETS } from "../../scripts/prisma-db.mjs";

// prisma/postgres/schema.prisma is generated from prisma/schema.prisma; the two migration folders
// are written together by `npm run db:migration`. These checks catch a forgotten step.

const migrationNames = (dir: string) =>
  fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe("database schemas", () => {
  it("keeps prisma/postgres/schema.prisma in sync with prisma/schema.prisma (run `npm run db:schema`)", () => {
    expect(isPostgresSchemaInSync()).toBe(true);
  });

  it("renders the PostgreSQL schema from the SQLite source", () => {
    const source = [
      "// source header, dropped",
      "",
      "generator client {",
      '  provider = "prisma-client"',
      '  output   = "../generated/prisma/sqlite"',
      "}",
      "",
      "datasource db {",
      '  provider = "sqlite"',
      '  url      = env("DATABASE_URL")',
      "}",
      "",
      "model A {",
      "  id String @id // provider = \"sqlite\" in a comment stays",
      "}",
      "",
    ].join("\n");
    const rendered = renderPostgresSchema(source);
    expect(rendered).toMatch(/^\/\/ GENERATED from prisma\/schema\.prisma/);
    expect(rendered).not.toContain("source header");
    expect(rendered).toContain('  provider = "postgresql"\n  url      = env("DATABASE_URL")');
    expect(rendered).toContain('  output   = "../../generated/prisma/postgres"');
    expect(rendered).toContain('model A {\n  id String @id // provider = "sqlite" in a comment stays\n}');
    expect(renderPostgresSchema(source.replace(/\n/g, "\r\n"))).toBe(rendered);
  });

  it("refuses a source schema it cannot translate", () => {
    expect(() => renderPostgresSchema('generator client {\n  output = "../generated/prisma/sqlite"\n}\n')).toThrow(/datasource/);
    expect(() =>
      renderPostgresSchema('generator client {\n  output = "../x"\n}\ndatasource db {\n  provider = "sqlite"\n}\n'),
    ).toThrow(/\/sqlite/);
  });

  it("has the same migrations, by name, for SQLite and PostgreSQL", () => {
    const sqlite = migrationNames(TARGETS.sqlite.migrations);
    const postgres = migrationNames(TARGETS.postgres.migrations);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
    for (const name of sqlite) expect(name).toMatch(/^\d{14}_[a-z0-9_]+$/);
  });

  it("labels each migration folder with its provider", () => {
    for (const target of Object.values(TARGETS)) {
      const lock = fs.readFileSync(path.join(ROOT, target.migrations, "migration_lock.toml"), "utf8");
      expect(lock).toContain(`provider = "${target.lockProvider}"`);
    }
  });

  it("tells empty migrations from real ones", () => {
    expect(isEmptyMigration("-- This is an empty migration.\n")).toBe(true);
    expect(isEmptyMigration("\n")).toBe(true);
    expect(isEmptyMigration('-- CreateTable\nCREATE TABLE "A" ("id" TEXT);\n')).toBe(false);
  });
});
