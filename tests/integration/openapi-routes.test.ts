import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HTTP_METHODS, openApiDocument, openApiPathOf } from "@/lib/contract/openapi";
import { call } from "../support/routes";

// Every route that exists under app/api is in the OpenAPI document served at /api/v1/openapi.json,
// with each exported method and the access level its handler declares, and the document lists no
// route that does not exist. The route table is read from the files, so a route added tomorrow
// fails here until it is documented (lib/contract, docs/api-contract.md).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-openapi-"));
process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
process.env.EVENTSCOPE_CONFIG = path.join(dir, "eventscope.config.json");
process.env.EVENTSCOPE_SECRET_KEY_FILE = path.join(dir, "secret.key");
fs.writeFileSync(process.env.EVENTSCOPE_CONFIG, JSON.stringify({ clusters: [] }));

const API_DIR = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Handler = ((request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>) & { access?: string };
interface RouteEntry {
  /** "GET /api/v1/clusters/{cluster}" */
  key: string;
  file: string;
  access?: string;
  handler: Handler;
}

function routeFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Route groups "(name)" and parallel-route slots "@name" are not part of the URL. */
function urlPathOf(file: string): string {
  const segments = path
    .relative(API_DIR, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith("@"));
  return openApiPathOf(["/api", ...segments].join("/"));
}

let routes: RouteEntry[] = [];

beforeAll(async () => {
  for (const file of routeFiles(API_DIR).sort()) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler === "function") {
        routes.push({ key: `${method} ${urlPathOf(file)}`, file: path.relative(process.cwd(), file), access: (handler as Handler).access, handler: handler as Handler });
      }
    }
  }
}, 120_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const documented = Object.entries(openApiDocument.paths).flatMap(([apiPath, item]) =>
  HTTP_METHODS.filter((method) => item[method]).map((method) => ({ key: `${method.toUpperCase()} ${apiPath}`, operation: item[method]! })),
);

describe("the OpenAPI document covers app/api", () => {
  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((route) => route.key)).toContain("GET /api/v1/clusters/{cluster}/topics/{topic}/messages");
  });

  it("documents every method of every route", () => {
    const keys = new Set(documented.map((entry) => entry.key));
    const missing = routes.filter((route) => !keys.has(route.key)).map((route) => `${route.key}  (${route.file})`);
    expect(missing, "routes missing from the contract (lib/contract, docs/api-contract.md)").toEqual([]);
  });

  it("documents no route that does not exist", () => {
    const existing = new Set(routes.map((route) => route.key));
    expect(documented.filter((entry) => !existing.has(entry.key)).map((entry) => entry.key)).toEqual([]);
  });

  it("states the access level each handler declares", () => {
    const byKey = new Map(documented.map((entry) => [entry.key, entry.operation]));
    const wrong = routes
      .filter((route) => byKey.has(route.key) && byKey.get(route.key)!["x-eventscope-access"] !== route.access)
      .map((route) => `${route.key}: handler ${route.access ?? "(none)"}, document ${byKey.get(route.key)!["x-eventscope-access"]}`);
    expect(wrong).toEqual([]);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("serves the document without credentials", async () => {
    const route = routes.find((entry) => entry.key === "GET /api/v1/openapi.json");
    expect(route, "app/api/v1/openapi.json/route.ts").toBeDefined();
    const { status, body, response } = await call(route!.handler, "/api/v1/openapi.json");
    expect(status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(body.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(body.paths)).toEqual(Object.keys(openApiDocument.paths));
  });
});
