import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { TEST_ADMIN_TOKEN, asAdmin, bearer } from "../support/auth";

// Sign-in, roles, tokens, read-only mode, secrets and masking, through the real route handlers and a
// fresh SQLite database. The route table is read from app/api/**/route.ts, so a route added later is
// checked without anyone remembering to list it here.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-auth-"));
process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
process.env.EVENTSCOPE_CONFIG = path.join(dir, "eventscope.config.json");
process.env.EVENTSCOPE_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
process.env.EVENTSCOPE_SECRET_KEY_FILE = path.join(dir, "keys", "secret.key");
delete process.env.EVENTSCOPE_SECRET_KEY;
delete process.env.EVENTSCOPE_ADMIN_PASSWORD;
fs.writeFileSync(process.env.EVENTSCOPE_CONFIG, JSON.stringify({ clusters: [{ id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS }] }));

const API_DIR = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// Routes anyone may call. Adding to this list is a security decision: say why in the route.
const PUBLIC_ROUTES = new Set([
  "GET /api/v1/health",
  "POST /api/v1/auth/sign-in",
  "POST /api/v1/auth/sign-out",
  "GET /api/v1/auth/setup",
  "POST /api/v1/auth/setup",
  // Single sign-on: how someone without a session gets one; nothing is trusted before the code exchange verifies.
  "GET /api/v1/auth/oidc/start",
  "GET /api/v1/auth/oidc/callback",
  // The API's description (API.md): no data, and tools fetch it before they have a token.
  "GET /api/v1/openapi.json",
]);
// State-changing routes a viewer may call: managing one's own API tokens. Everything else that
// changes state must declare operator or admin.
const VIEWER_ACTIONS = new Set(["POST /api/v1/tokens", "DELETE /api/v1/tokens/[token]"]);

type Handler = ((request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>) & { access?: string };
interface RouteEntry {
  key: string;
  method: (typeof METHODS)[number];
  pattern: string;
  url: string;
  params: Record<string, string | string[]>;
  handler: Handler;
}

function routeFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

async function loadRoutes(): Promise<RouteEntry[]> {
  const entries: RouteEntry[] = [];
  for (const file of routeFiles(API_DIR)) {
    const pattern = `/api/${path.relative(API_DIR, path.dirname(file)).split(path.sep).join("/")}`.replace(/\/$/, "");
    const params: Record<string, string | string[]> = {};
    const url = pattern
      .split("/")
      .map((segment) => {
        const match = /^\[(\.\.\.)?(\w+)\]$/.exec(segment);
        if (!match) return segment;
        const value = `no-such-${match[2]}`;
        params[match[2]!] = match[1] ? [value] : value;
        return value;
      })
      .join("/");
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof mod[method] === "function") {
        entries.push({ key: `${method} ${pattern}`, method, pattern, url, params, handler: mod[method] as Handler });
      }
    }
  }
  return entries;
}

/** Calls a handler and returns only its status and error code: streams (SSE) are cancelled, slow work is not awaited. */
async function statusOf(route: RouteEntry, headers: Record<string, string>): Promise<{ status: number; code?: string }> {
  const body = STATE_CHANGING.has(route.method) ? "{}" : undefined;
  const request = new Request(`http://localhost:3000${route.url}`, {
    method: route.method,
    body,
    headers: { host: "localhost:3000", ...(body ? { "content-type": "application/json" } : {}), ...headers },
  });
  const responding = route.handler(request, { params: Promise.resolve(route.params) });
  // Guards answer at once; a handler still working after 5 s got past them.
  const timeout = new Promise<"slow">((resolve) => setTimeout(() => resolve("slow"), 5_000));
  const response = await Promise.race([responding, timeout]);
  if (response === "slow") return { status: 0 };
  if (response.headers.get("content-type")?.includes("json")) {
    const parsed = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
    return { status: response.status, code: parsed?.error?.code };
  }
  await response.body?.cancel();
  return { status: response.status };
}

const cookieHeader = (value: string) => ({ cookie: `eventscope_session=${value}` });
function sessionFrom(response: Response): string {
  const setCookie = response.headers.get("set-cookie") ?? "";
  const match = /eventscope_session=([^;]*)/.exec(setCookie);
  if (!match?.[1]) throw new Error(`no session cookie in "${setCookie}"`);
  return decodeURIComponent(match[1]);
}

let routes: RouteEntry[];
let route: (key: string) => Handler;
const users: Record<string, { id: string; password: string; cookie?: string; token?: string }> = {};

async function signIn(username: string, password: string, headers: Record<string, string> = {}) {
  return call(route("POST /api/v1/auth/sign-in"), "/api/v1/auth/sign-in", {}, jsonInit("POST", { username, password }, headers));
}

async function createUser(username: string, role: string, extra: Record<string, unknown> = {}) {
  const password = `${username}-password-123`;
  const created = await call(route("POST /api/v1/users"), "/api/v1/users", {}, asAdmin(jsonInit("POST", { username, password, role, ...extra })));
  expect(created.status).toBe(201);
  users[username] = { id: created.body.user.id, password };
  const signedIn = await signIn(username, password);
  expect(signedIn.status).toBe(200);
  users[username]!.cookie = sessionFrom(signedIn.response);
  const token = await call(route("POST /api/v1/tokens"), "/api/v1/tokens", {}, jsonInit("POST", { name: "ci" }, cookieHeader(users[username]!.cookie!)));
  expect(token.status).toBe(201);
  users[username]!.token = token.body.token;
}

beforeAll(async () => {
  routes = await loadRoutes();
  route = (key) => {
    const found = routes.find((entry) => entry.key === key);
    if (!found) throw new Error(`no route ${key}`);
    return found.handler;
  };
}, 120_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("first start", () => {
  it("offers the one-time first-admin form only while there are no users", async () => {
    const setup = route("POST /api/v1/auth/setup");
    expect((await call(route("GET /api/v1/auth/setup"), "/api/v1/auth/setup")).body).toEqual({ needsFirstAdmin: true });
    const created = await call(setup, "/api/v1/auth/setup", {}, jsonInit("POST", { username: "Root", password: "root-password-123" }));
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: "root", role: "admin" });
    expect(sessionFrom(created.response)).toMatch(/^[\w-]{43}$/);
    expect((await call(route("GET /api/v1/auth/setup"), "/api/v1/auth/setup")).body).toEqual({ needsFirstAdmin: false });
    const again = await call(setup, "/api/v1/auth/setup", {}, jsonInit("POST", { username: "evil", password: "evil-password-123" }));
    expect(again.status).toBe(409);
    users.root = { id: created.body.user.id, password: "root-password-123", cookie: sessionFrom(created.response) };
  });

  it("creates the viewer, operator and clear-values users the rest of the file uses", async () => {
    await createUser("vera", "viewer");
    await createUser("otto", "operator");
    await createUser("clara", "viewer", { canSeeClearValues: true });
  });
});

describe("every API route", () => {
  it("goes through apiRoute and declares its access level", () => {
    expect(routes.length).toBeGreaterThan(15);
    for (const entry of routes) expect([entry.key, entry.handler.access]).toEqual([entry.key, expect.stringMatching(/^(public|viewer|operator|admin)$/)]);
  });

  it("is public only when listed as such, and changes state only for operators or admins", () => {
    const publicRoutes = routes.filter((entry) => entry.handler.access === "public").map((entry) => entry.key);
    expect(publicRoutes.sort()).toEqual([...PUBLIC_ROUTES].sort());
    const viewerActions = routes.filter((entry) => STATE_CHANGING.has(entry.method) && entry.handler.access === "viewer").map((entry) => entry.key);
    expect(viewerActions.sort()).toEqual([...VIEWER_ACTIONS].sort());
  });

  it("answers 401 without credentials, or with a bad or unknown token", async () => {
    for (const entry of routes.filter((r) => r.handler.access !== "public")) {
      expect([entry.key, await statusOf(entry, {})]).toEqual([entry.key, { status: 401, code: "unauthorized" }]);
      expect([entry.key, await statusOf(entry, bearer("es_" + "A".repeat(43)))]).toEqual([entry.key, { status: 401, code: "unauthorized" }]);
      expect([entry.key, await statusOf(entry, cookieHeader("forged-session"))]).toEqual([entry.key, { status: 401, code: "unauthorized" }]);
    }
  });

  it("answers 403 to a viewer for operator and admin routes, and to an operator for admin routes", async () => {
    for (const entry of routes) {
      const access = entry.handler.access;
      if (access === "operator" || access === "admin") {
        expect([entry.key, await statusOf(entry, cookieHeader(users.vera!.cookie!))]).toEqual([entry.key, { status: 403, code: "forbidden" }]);
        expect([entry.key, await statusOf(entry, bearer(users.vera!.token))]).toEqual([entry.key, { status: 403, code: "forbidden" }]);
      }
      if (access === "admin") {
        expect([entry.key, await statusOf(entry, bearer(users.otto!.token))]).toEqual([entry.key, { status: 403, code: "forbidden" }]);
      }
    }
  });

  it("lets a viewer through every viewer read", async () => {
    for (const entry of routes.filter((r) => r.method === "GET" && r.handler.access === "viewer")) {
      const { status } = await statusOf(entry, bearer(users.vera!.token));
      expect([entry.key, status === 401 || status === 403]).toEqual([entry.key, false]);
    }
  });

  it("rejects state-changing requests from another site, even from an admin", async () => {
    for (const entry of routes.filter((r) => STATE_CHANGING.has(r.method))) {
      expect([entry.key, await statusOf(entry, { ...bearer(), origin: "https://evil.example" })]).toEqual([entry.key, { status: 403, code: "cross-origin" }]);
      expect([entry.key, await statusOf(entry, { ...cookieHeader(users.root!.cookie!), "sec-fetch-site": "cross-site" })]).toEqual([
        entry.key,
        { status: 403, code: "cross-origin" },
      ]);
    }
  });

  it("records permission denials in the audit trail", async () => {
    const audit = await call(route("GET /api/v1/audit"), "/api/v1/audit?action=auth.denied&actor=vera&limit=1", {}, asAdmin());
    expect(audit.status).toBe(200);
    expect(audit.body.events[0]).toMatchObject({ actor: "vera", action: "auth.denied", result: { status: 403 } });
  });
});

describe("sessions", () => {
  it("sets an httpOnly, SameSite=Lax cookie, Secure behind HTTPS, that expires in 12 hours", async () => {
    const plain = await signIn("vera", users.vera!.password);
    expect(plain.response.headers.get("set-cookie")).toMatch(/^eventscope_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    expect(Date.parse(plain.body.expiresAt) - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    const https = await signIn("vera", users.vera!.password, { "x-forwarded-proto": "https" });
    expect(https.response.headers.get("set-cookie")).toMatch(/; Secure$/);
  });

  it("knows who is signed in, and forgets them on sign-out", async () => {
    const signedIn = await signIn("VERA", users.vera!.password);
    const cookie = sessionFrom(signedIn.response);
    const me = await call(route("GET /api/v1/auth/me"), "/api/v1/auth/me", {}, { headers: cookieHeader(cookie) });
    expect(me.body).toEqual({
      user: { id: users.vera!.id, username: "vera", role: "viewer", canSeeClearValues: false, via: "session" },
      readOnly: { readOnly: false, clusters: {} },
    });
    const out = await call(route("POST /api/v1/auth/sign-out"), "/api/v1/auth/sign-out", {}, { method: "POST", headers: cookieHeader(cookie) });
    expect(out.status).toBe(204);
    expect(out.response.headers.get("set-cookie")).toMatch(/^eventscope_session=; .*Max-Age=0/);
    expect((await call(route("GET /api/v1/auth/me"), "/api/v1/auth/me", {}, { headers: cookieHeader(cookie) })).status).toBe(401);
  });

  it("refuses wrong passwords and unknown users alike, and audits it without the password", async () => {
    const wrong = await signIn("otto", "not-the-password-xyz");
    const unknown = await signIn("nobody", "not-the-password-xyz");
    for (const attempt of [wrong, unknown]) expect(attempt.body.error).toEqual({ code: "unauthorized", message: "Wrong username or password." });
    const audit = await call(route("GET /api/v1/audit"), "/api/v1/audit?action=auth.sign-in-failed", {}, asAdmin());
    expect(audit.body.events.map((e: { actor: string }) => e.actor)).toEqual(expect.arrayContaining(["otto", "nobody"]));
    expect(JSON.stringify(audit.body)).not.toContain("not-the-password-xyz");
  });

  it("ends the sessions and tokens of a disabled user", async () => {
    await createUser("dora", "operator");
    const patch = route("PATCH /api/v1/users/[user]");
    const disabled = await call(patch, `/api/v1/users/${users.dora!.id}`, { user: users.dora!.id }, asAdmin(jsonInit("PATCH", { disabled: true })));
    expect(disabled.body.user).toMatchObject({ username: "dora", disabled: true });
    expect((await call(route("GET /api/v1/auth/me"), "/api/v1/auth/me", {}, { headers: cookieHeader(users.dora!.cookie!) })).status).toBe(401);
    expect((await call(route("GET /api/v1/auth/me"), "/api/v1/auth/me", {}, { headers: bearer(users.dora!.token) })).status).toBe(401);
    expect((await signIn("dora", users.dora!.password)).status).toBe(401);
  });
});

describe("API tokens", () => {
  it("shows a token once, lists it by prefix, and stops it when revoked", async () => {
    const cookie = cookieHeader(users.otto!.cookie!);
    const created = await call(route("POST /api/v1/tokens"), "/api/v1/tokens", {}, jsonInit("POST", { name: "deploy" }, cookie));
    const { token, apiToken } = created.body;
    expect(token).toMatch(/^es_[\w-]{43}$/);
    expect(apiToken).toMatchObject({ name: "deploy", prefix: token.slice(0, 9), username: "otto", revokedAt: null, lastUsedAt: null });
    const me = await call(route("GET /api/v1/auth/me"), "/api/v1/auth/me", {}, { headers: bearer(token) });
    expect(me.body.user).toMatchObject({ username: "otto", role: "operator", via: "token" });
    const listed = await call(route("GET /api/v1/tokens"), "/api/v1/tokens", {}, { headers: cookie });
    expect(listed.body.tokens.find((t: { id: string }) => t.id === apiToken.id).lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(JSON.stringify(listed.body)).not.toMatch(/tokenHash/);

    const revokeRoute = route("DELETE /api/v1/tokens/[token]");
    const byOther = await call(revokeRoute, `/api/v1/tokens/${apiToken.id}`, { token: apiToken.id }, { method: "DELETE", headers: bearer(users.vera!.token) });
    expect(byOther.status).toBe(404);
    const revoked = await call(revokeRoute, `/api/v1/tokens/${apiToken.id}`, { token: apiToken.id }, { method: "DELETE", headers: cookie });
    expect(revoked.status).toBe(204);
    expect((await call(route("GET /api/v1/auth/me"), "/api/v1/auth/me", {}, { headers: bearer(token) })).status).toBe(401);
  });

  it("lists everyone's tokens only for admins", async () => {
    const listed = await call(route("GET /api/v1/tokens"), "/api/v1/tokens?all=true", {}, { headers: cookieHeader(users.root!.cookie!) });
    expect(new Set(listed.body.tokens.map((t: { username: string }) => t.username))).toEqual(new Set(["vera", "otto", "clara", "dora"]));
    expect((await call(route("GET /api/v1/tokens"), "/api/v1/tokens?all=true", {}, { headers: bearer(users.vera!.token) })).status).toBe(403);
  });
});

describe("the cron route (serverless mode's heartbeat)", () => {
  const key = "GET /api/v1/cron/sample";

  it("is an admin route that also accepts CRON_SECRET, which opens no other route", async () => {
    const cronRoute = routes.find((entry) => entry.key === key)!;
    expect(cronRoute.handler.access).toBe("admin");
    const secret = "auth-test-cron-secret-0123456789";
    process.env.CRON_SECRET = secret;
    try {
      // A server runs its own samplers and jobs: the route answers and does nothing.
      expect(await statusOf(cronRoute, bearer(secret))).toEqual({ status: 200 });
      expect(await statusOf(cronRoute, bearer(`${secret}x`))).toEqual({ status: 401, code: "unauthorized" });
      for (const entry of routes.filter((r) => r.handler.access !== "public" && r.key !== key)) {
        expect([entry.key, await statusOf(entry, bearer(secret))]).toEqual([entry.key, { status: 401, code: "unauthorized" }]);
      }
      process.env.CRON_SECRET = "short-secret";
      expect(await statusOf(cronRoute, bearer("short-secret"))).toEqual({ status: 401, code: "unauthorized" });
    } finally {
      delete process.env.CRON_SECRET;
    }
  });
});

describe("bootstrap admin token", () => {
  it("acts as an admin without a user row, and only with the exact token", async () => {
    const me = await call(route("GET /api/v1/auth/me"), "/api/v1/auth/me", {}, asAdmin());
    expect(me.body.user).toEqual({ id: "bootstrap-token", username: "bootstrap-admin", role: "admin", canSeeClearValues: false, via: "bootstrap-token" });
    expect((await call(route("GET /api/v1/users"), "/api/v1/users", {}, { headers: bearer(`${TEST_ADMIN_TOKEN}x`) })).status).toBe(401);
    expect((await call(route("GET /api/v1/users"), "/api/v1/users", {}, { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });

  it("is ignored when shorter than 16 characters", async () => {
    process.env.EVENTSCOPE_ADMIN_TOKEN = "short-token";
    try {
      expect((await call(route("GET /api/v1/users"), "/api/v1/users", {}, { headers: bearer("short-token") })).status).toBe(401);
    } finally {
      process.env.EVENTSCOPE_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
    }
  });
});

describe("sign-in rate limiting", () => {
  // In-process calls have no socket, so every one comes from address "unknown": this checks the
  // route's 429 and audit only. Addresses, forged X-Forwarded-For, the global budget and the hashing
  // bound are tested over real connections in sign-in-limits.test.ts.
  it("answers 429 with Retry-After after 5 failures for one user from one address, then audits it", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn("clara", `wrong-${i}-password`)).status).toBe(401);
    const blocked = await signIn("clara", users.clara!.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate-limited");
    expect(Number(blocked.response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const audit = await call(route("GET /api/v1/audit"), "/api/v1/audit?action=auth.sign-in-rate-limited", {}, asAdmin());
    expect(audit.body.events[0]).toMatchObject({ actor: "clara", params: { ip: "unknown", scope: "user-and-address" } });
  });
});

describe("users", () => {
  it("keeps one enabled admin, validates input, and never returns password hashes", async () => {
    const patch = route("PATCH /api/v1/users/[user]");
    const demote = await call(patch, `/api/v1/users/${users.root!.id}`, { user: users.root!.id }, asAdmin(jsonInit("PATCH", { role: "viewer" })));
    expect(demote.status).toBe(409);
    const short = await call(route("POST /api/v1/users"), "/api/v1/users", {}, asAdmin(jsonInit("POST", { username: "x", password: "short", role: "viewer" })));
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe("password");
    const list = await call(route("GET /api/v1/users"), "/api/v1/users", {}, asAdmin());
    expect(list.body.users.map((u: { username: string }) => u.username)).toEqual(["clara", "dora", "otto", "root", "vera"]);
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|scrypt\$/);
    const removed = await call(route("DELETE /api/v1/users/[user]"), `/api/v1/users/${users.dora!.id}`, { user: users.dora!.id }, asAdmin({ method: "DELETE" }));
    expect(removed.status).toBe(204);
  });
});

describe("read-only mode", () => {
  const readOnly = () => route("PUT /api/v1/settings/read-only");

  it("refuses operator actions console-wide while keeping reads and admin work", async () => {
    const { authorize } = await import("@/lib/auth/guard");
    const on = await call(readOnly(), "/api/v1/settings/read-only", {}, asAdmin(jsonInit("PUT", { readOnly: true })));
    expect(on.body).toEqual({ readOnly: true, clusters: {} });
    const action = new Request("http://localhost:3000/api/v1/jobs/x/cancel", { method: "POST", headers: bearer(users.otto!.token) });
    await expect(authorize(action, "operator")).rejects.toMatchObject({ code: "forbidden", details: { reason: "read-only" } });
    const read = new Request("http://localhost:3000/api/v1/audit", { headers: bearer(users.otto!.token) });
    await expect(authorize(read, "operator")).resolves.toMatchObject({ username: "otto" });
    const me = await call(route("GET /api/v1/auth/me"), "/api/v1/auth/me", {}, { headers: bearer(users.vera!.token) });
    expect(me.body.readOnly.readOnly).toBe(true);
    const operatorRoutes = routes.filter((r) => STATE_CHANGING.has(r.method) && r.handler.access === "operator");
    for (const entry of operatorRoutes) {
      const result = await statusOf(entry, bearer(users.otto!.token));
      expect([entry.key, result]).toEqual([entry.key, { status: 403, code: "forbidden" }]);
    }
    const off = await call(readOnly(), "/api/v1/settings/read-only", {}, asAdmin(jsonInit("PUT", { readOnly: false })));
    expect(off.body.readOnly).toBe(false);
    await expect(authorize(action, "operator")).resolves.toMatchObject({ username: "otto" });
  });

  it("switches one cluster to read-only for assertWritable", async () => {
    const { assertWritable } = await import("@/lib/auth/read-only");
    await call(readOnly(), "/api/v1/settings/read-only", {}, asAdmin(jsonInit("PUT", { clusters: { "local-kafka": true } })));
    await expect(assertWritable("local-kafka")).rejects.toMatchObject({ message: expect.stringContaining('Cluster "local-kafka" is read-only') });
    await expect(assertWritable("other")).resolves.toBeUndefined();
    await expect(assertWritable()).resolves.toBeUndefined();
    const state = await call(route("GET /api/v1/settings/read-only"), "/api/v1/settings/read-only", {}, { headers: bearer(users.vera!.token) });
    expect(state.body).toEqual({ readOnly: false, clusters: { "local-kafka": true } });
    await call(readOnly(), "/api/v1/settings/read-only", {}, asAdmin(jsonInit("PUT", { clusters: { "local-kafka": false } })));
    await expect(assertWritable("local-kafka")).resolves.toBeUndefined();
    expect((await call(readOnly(), "/api/v1/settings/read-only", {}, jsonInit("PUT", { readOnly: true }, bearer(users.otto!.token)))).status).toBe(403);
  });
});

describe("cluster credentials", () => {
  const password = "sasl-Secret-Value-42";
  const natsToken = "nats-Secret-Token-42";
  const kafkaBody = { id: "sasl-kafka", name: "SASL Kafka", kind: "kafka", brokers: ["127.0.0.1:1"], sasl: { mechanism: "scram-sha-256", username: "svc", password } };

  it("are encrypted at rest, never returned, and kept when an edit leaves them empty", async () => {
    const created = await call(route("POST /api/v1/clusters"), "/api/v1/clusters", {}, asAdmin(jsonInit("POST", kafkaBody)));
    expect(created.status).toBe(201);
    expect(created.body.cluster.auth).toEqual({ ssl: false, sasl: { mechanism: "scram-sha-256", username: "svc" } });
    const nats = { id: "token-nats", name: "Token NATS", kind: "nats", servers: ["nats://127.0.0.1:1"], token: natsToken };
    expect((await call(route("POST /api/v1/clusters"), "/api/v1/clusters", {}, asAdmin(jsonInit("POST", nats)))).status).toBe(201);

    const { getDb } = await import("@/lib/db");
    const rows = await (await getDb()).storedCluster.findMany();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.config).not.toContain(password);
      expect(row.config).not.toContain(natsToken);
      expect(row.config).toContain("sealedSecrets");
    }
    expect(fs.statSync(process.env.EVENTSCOPE_SECRET_KEY_FILE!).mode & 0o777).toBe(0o600);

    const edited = await call(
      route("PUT /api/v1/clusters/[cluster]"),
      "/api/v1/clusters/sasl-kafka",
      { cluster: "sasl-kafka" },
      asAdmin(jsonInit("PUT", { ...kafkaBody, name: "Renamed", sasl: { ...kafkaBody.sasl, password: "" } })),
    );
    expect(edited.status).toBe(200);
    const { getStoredCluster } = await import("@/lib/clusters/stored-clusters");
    expect(await getStoredCluster("sasl-kafka")).toMatchObject({ name: "Renamed", sasl: { password } });
    const { keyFromText } = await import("@/lib/secrets/secret-box");
    expect(keyFromText(fs.readFileSync(process.env.EVENTSCOPE_SECRET_KEY_FILE!, "utf8"), () => Buffer.alloc(0))).toHaveLength(32);

    const empty = await call(route("POST /api/v1/clusters"), "/api/v1/clusters", {}, asAdmin(jsonInit("POST", { ...kafkaBody, id: "new-one", sasl: { ...kafkaBody.sasl, password: "" } })));
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe("sasl.password");

    const everything = await Promise.all([
      call(route("GET /api/v1/clusters"), "/api/v1/clusters", {}, asAdmin()),
      call(route("GET /api/v1/clusters/[cluster]"), "/api/v1/clusters/sasl-kafka", { cluster: "sasl-kafka" }, asAdmin()),
      call(route("GET /api/v1/audit"), "/api/v1/audit?limit=200", {}, asAdmin()),
    ]);
    for (const response of everything) {
      expect(JSON.stringify(response.body)).not.toContain(password);
      expect(JSON.stringify(response.body)).not.toContain(natsToken);
    }
    expect(everything[0].body.clusters.find((c: { id: string }) => c.id === "token-nats").auth).toEqual({ token: true, user: null, pass: false });
  });
});

describe("masking", () => {
  const topic = uniqueName("it-masking");
  const phone = "555-0199-77";
  const apiKey = "k-Secret-Header-123";
  const messagesPath = `/api/v1/clusters/local-kafka/topics/${topic}/messages`;
  const params = { cluster: "local-kafka", topic };

  beforeAll(async () => {
    const kafka = testKafka();
    await createTopic(kafka, topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: "order-1", value: JSON.stringify({ user: { phone, name: "Ann" }, items: [{ phone }] }), headers: { "X-Api-Key": apiKey, trace: "t-1" } }] });
    await producer.disconnect();
    const rules = route("POST /api/v1/masking-rules");
    expect((await call(rules, "/api/v1/masking-rules", {}, asAdmin(jsonInit("POST", { topic, kind: "json-path", pattern: "$..phone" })))).status).toBe(201);
    expect((await call(rules, "/api/v1/masking-rules", {}, asAdmin(jsonInit("POST", { kind: "header", pattern: "x-api-key" })))).status).toBe(201);
    const bad = await call(rules, "/api/v1/masking-rules", {}, asAdmin(jsonInit("POST", { kind: "json-path", pattern: "user.phone" })));
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("pattern");
  }, 60_000);

  it("masks JSON paths and headers before messages leave the server", async () => {
    const page = await call(route("GET /api/v1/clusters/[cluster]/topics/[topic]/messages"), `${messagesPath}?partition=0&from=0`, params, { headers: bearer(users.vera!.token) });
    expect(page.status).toBe(200);
    const [message] = page.body.messages;
    expect(JSON.parse(message.value)).toEqual({ user: { phone: "***", name: "Ann" }, items: [{ phone: "***" }] });
    expect(message.headers).toEqual({ "X-Api-Key": "***", trace: "t-1" });
    expect(message.masked).toBe(true);
    expect(JSON.stringify(page.body)).not.toContain(phone);
    expect(JSON.stringify(page.body)).not.toContain(apiKey);
  });

  it("does not let a search find a message by a masked value", async () => {
    const searched = await call(route("GET /api/v1/clusters/[cluster]/topics/[topic]/messages"), `${messagesPath}?partition=0&from=0&q=${phone}`, params, asAdmin());
    expect(searched.body.messages).toEqual([]);
  });

  it("shows clear values to users allowed to see them", async () => {
    const page = await call(route("GET /api/v1/clusters/[cluster]/topics/[topic]/messages"), `${messagesPath}?partition=0&from=0`, params, { headers: bearer(users.clara!.token) });
    expect(JSON.parse(page.body.messages[0].value).user.phone).toBe(phone);
    expect(page.body.messages[0].headers["X-Api-Key"]).toBe(apiKey);
  });

  it("never lets masked values or secrets into the audit trail", async () => {
    const audit = await call(route("GET /api/v1/audit"), "/api/v1/audit?limit=200", {}, asAdmin());
    expect(audit.body.events.length).toBeGreaterThan(10);
    const text = JSON.stringify(audit.body);
    for (const secret of [phone, apiKey, users.vera!.password, users.vera!.token!]) expect(text).not.toContain(secret);
  });
});

describe("audit API", () => {
  it("pages newest first and filters by actor, action prefix and time", async () => {
    const auditRoute = route("GET /api/v1/audit");
    const first = await call(auditRoute, "/api/v1/audit?limit=2", {}, { headers: bearer(users.otto!.token) });
    expect(first.status).toBe(200);
    expect(first.body.events).toHaveLength(2);
    expect(Object.keys(first.body.events[0]).sort()).toEqual(["action", "actor", "at", "id", "params", "result", "target"]);
    const second = await call(auditRoute, `/api/v1/audit?limit=2&cursor=${first.body.next}`, {}, { headers: bearer(users.otto!.token) });
    expect(second.body.events[0].id).not.toBe(first.body.events[1].id);
    expect(Date.parse(second.body.events[0].at)).toBeLessThanOrEqual(Date.parse(first.body.events[1].at));
    const auth = await call(auditRoute, "/api/v1/audit?action=auth.&limit=200", {}, asAdmin());
    expect(auth.body.events.every((e: { action: string }) => e.action.startsWith("auth."))).toBe(true);
    const future = await call(auditRoute, `/api/v1/audit?since=${new Date(Date.now() + 60_000).toISOString()}`, {}, asAdmin());
    expect(future.body).toEqual({ events: [] });
    const bad = await call(auditRoute, "/api/v1/audit?limit=0", {}, asAdmin());
    expect(bad.status).toBe(400);
  });
});
