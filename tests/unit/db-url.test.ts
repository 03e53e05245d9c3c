import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveDatabaseTarget, sqliteFilePath } from "@/lib/db/database-url";

const cwd = "/srv/eventscope";

describe("resolveDatabaseTarget", () => {
  it("defaults to SQLite in .data/eventscope.db", () => {
    expect(resolveDatabaseTarget({}, cwd)).toEqual({ kind: "sqlite", filePath: path.join(cwd, ".data/eventscope.db") });
    expect(resolveDatabaseTarget({ DATABASE_URL: "  " }, cwd).kind).toBe("sqlite");
  });

  it("reads file: URLs as SQLite, relative to the working directory", () => {
    expect(resolveDatabaseTarget({ DATABASE_URL: "file:./db/dev.db" }, cwd)).toEqual({ kind: "sqlite", filePath: "/srv/eventscope/db/dev.db" });
    expect(resolveDatabaseTarget({ DATABASE_URL: "file:dev.db?connection_limit=1" }, cwd)).toEqual({ kind: "sqlite", filePath: "/srv/eventscope/dev.db" });
    expect(sqliteFilePath("file:/var/lib/eventscope/es.db", cwd)).toBe("/var/lib/eventscope/es.db");
    expect(sqliteFilePath("file:///var/lib/eventscope/es.db", cwd)).toBe("/var/lib/eventscope/es.db");
    expect(sqliteFilePath("file:/data/with%20space.db", cwd)).toBe("/data/with space.db");
    expect(() => sqliteFilePath("file:", cwd)).toThrow(/no path/);
  });

  it("reads postgres:// and postgresql:// URLs as PostgreSQL", () => {
    const url = "postgresql://app:secret@db.internal:5432/eventscope?sslmode=require";
    expect(resolveDatabaseTarget({ DATABASE_URL: url }, cwd)).toEqual({ kind: "postgres", url, connectionString: url });
    expect(resolveDatabaseTarget({ DATABASE_URL: "postgres://localhost/es" }, cwd).kind).toBe("postgres");
    expect(resolveDatabaseTarget({ DATABASE_URL: "POSTGRES://localhost/es" }, cwd).kind).toBe("postgres");
  });

  it("takes Prisma's ?schema= parameter out of the driver's connection string", () => {
    const target = resolveDatabaseTarget({ DATABASE_URL: "postgresql://localhost:5432/es?schema=console&sslmode=disable" }, cwd);
    expect(target).toEqual({
      kind: "postgres",
      url: "postgresql://localhost:5432/es?schema=console&sslmode=disable",
      connectionString: "postgresql://localhost:5432/es?sslmode=disable",
      schema: "console",
    });
  });

  it("rejects other databases without echoing the URL", () => {
    expect(() => resolveDatabaseTarget({ DATABASE_URL: "mysql://root:hunter2@localhost/es" }, cwd)).toThrow(/scheme "mysql"/);
    try {
      resolveDatabaseTarget({ DATABASE_URL: "mysql://root:hunter2@localhost/es" }, cwd);
    } catch (error) {
      expect(String(error)).not.toContain("hunter2");
    }
  });
});
