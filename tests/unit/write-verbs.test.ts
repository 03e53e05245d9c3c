import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { openApiPathOf } from "@/lib/contract/openapi";
import type { AnyVerb } from "@/lib/verbs/verb";

// Every route handler that changes state is a verb (lib/verbs/verb.ts) run through verbRoute: one unit
// in lib that authorizes (its contract operation's access), parses, executes and audits, and that names
// the audit actions it records. A POST/PUT/PATCH/DELETE written straight with apiRoute, or a verb that
// names no audit action, fails here; tests/integration/write-audit.test.ts then calls each verb's route
// and fails when the audit row does not appear.
const API_DIR = path.resolve(__dirname, "../../app/api");
const WRITES = ["POST", "PUT", "PATCH", "DELETE"] as const;
const AUDIT_ACTION = /^[a-z][a-z-]*\.[a-z][a-z-]*$/;

type Handler = { access?: string; verb?: AnyVerb };

function routeFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const urlPathOf = (file: string) => openApiPathOf(["/api", ...path.relative(API_DIR, path.dirname(file)).split(path.sep)].join("/"));
const files = routeFiles(API_DIR).sort();
const writesIn = (source: string) => WRITES.filter((method) => new RegExp(`export (const|async function|function) ${method}\\b`).test(source));

describe("every mutating route is an audited verb", () => {
  it("finds the mutating routes", () => {
    const count = files.reduce((sum, file) => sum + writesIn(fs.readFileSync(file, "utf8")).length, 0);
    expect(count).toBeGreaterThan(20);
  });

  it.each(files.filter((file) => writesIn(fs.readFileSync(file, "utf8")).length > 0).map((file) => [path.relative(API_DIR, file), file]))(
    "%s",
    async (_name, file) => {
      const source = fs.readFileSync(file, "utf8");
      // The audit belongs to the verb: a route that records one itself has logic the verb lacks.
      expect(source, "a route records no audit itself; its verb does").not.toMatch(/recordAudit/);
      const mod = (await import(file)) as Record<string, Handler | undefined>;
      for (const method of writesIn(source)) {
        const where = `${method} ${urlPathOf(file)}`;
        const verb = mod[method]?.verb;
        expect(verb, `${where} is not verbRoute(verb) (lib/api/verb-route.ts)`).toBeDefined();
        expect(verb!.audits.length, `${where}: the verb names no audit action`).toBeGreaterThan(0);
        for (const action of verb!.audits) expect(action, where).toMatch(AUDIT_ACTION);
        expect(`${verb!.operation.method.toUpperCase()} ${verb!.operation.path}`, `${where}: the verb's contract operation`).toBe(where);
        expect(mod[method]!.access, `${where}: access from the contract`).toBe(verb!.operation.access);
      }
    },
    60_000,
  );
});
