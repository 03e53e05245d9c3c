import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { asAdmin } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";
import { call, jsonInit } from "../support/routes";

// Sign-in limits through the real sign-in route, over real TCP connections from different loopback
// addresses (127.0.0.x: Linux routes the whole 127/8 to lo, so a client can pick its source address).
// A tiny HTTP server plays Next's part: it turns the Node request into a Request, headers as received,
// and calls the route handler. The peer address reaches the route the way it does in production: the
// diagnostics-channel stamp installed by instrumentation.ts (installPeerAddressStamp).
const { cleanup } = useTempConsoleEnv("eventscope-sign-in-limits-", { clusters: [] });
delete process.env.EVENTSCOPE_ADMIN_PASSWORD;
delete process.env.EVENTSCOPE_TRUSTED_PROXIES;

type Handler = (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;
let signInRoute: Handler;
let server: http.Server;
let port: number;
const PASSWORD = "ann-password-123";

interface Reply {
  status: number;
  retryAfter: string | null;
  body: { error?: { code: string; message: string } };
}

function signIn(from: string, username: string, password: string, headers: Record<string, string> = {}): Promise<Reply> {
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, localAddress: from, method: "POST", path: "/api/v1/auth/sign-in", agent: false, headers: { "content-type": "application/json", ...headers } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, retryAfter: response.headers["retry-after"] ?? null, body: JSON.parse(text) }));
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

const wrong = () => `wrong-${randomUUID()}`;

async function auditEvents(action: string): Promise<Array<{ actor: string; params: { ip: string; scope?: string } }>> {
  const { GET } = await import("@/app/api/v1/audit/route");
  const audit = await call(GET as Handler, `/api/v1/audit?action=${action}&limit=200`, {}, asAdmin());
  expect(audit.status).toBe(200);
  return audit.body.events;
}

beforeAll(async () => {
  const { installPeerAddressStamp } = await import("@/lib/auth/request-address");
  installPeerAddressStamp();
  signInRoute = (await import("@/app/api/v1/auth/sign-in/route")).POST as Handler;
  const users = (await import("@/app/api/v1/users/route")).POST as Handler;
  const created = await call(users, "/api/v1/users", {}, asAdmin(jsonInit("POST", { username: "ann", password: PASSWORD, role: "viewer" })));
  expect(created.status).toBe(201);

  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://localhost:3000${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
    const response = await signInRoute(request, { params: Promise.resolve({}) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  cleanup();
});

describe("sign-in limits on the real route", () => {
  it("stops one address spraying random usernames after 10 failures, and nobody else", async () => {
    for (let i = 0; i < 10; i++) expect((await signIn("127.0.0.2", `spray-${randomUUID().slice(0, 8)}`, wrong())).status).toBe(401);
    const blocked = await signIn("127.0.0.2", `spray-${randomUUID().slice(0, 8)}`, wrong());
    expect(blocked.status).toBe(429);
    expect(blocked.body.error?.code).toBe("rate-limited");
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await signIn("127.0.0.3", "ann", PASSWORD)).status).toBe(200);
    const tripped = await auditEvents("auth.sign-in-rate-limited");
    expect(tripped).toContainEqual(expect.objectContaining({ params: { ip: "127.0.0.2", scope: "address" } }));
  });

  it("ignores X-Forwarded-For from an untrusted peer: rotating it neither escapes the limit nor locks the real user out", async () => {
    for (let i = 0; i < 5; i++) {
      const forged = { "x-forwarded-for": `203.0.113.${i + 1}`, "x-eventscope-peer-address": `198.51.100.${i + 1}` };
      expect((await signIn("127.0.0.4", "ann", wrong(), forged)).status).toBe(401);
    }
    const blocked = await signIn("127.0.0.4", "ann", PASSWORD, { "x-forwarded-for": "203.0.113.99" });
    expect(blocked.status).toBe(429);
    // The real ann, from her own address, is not slowed by someone else's failures on her name.
    expect((await signIn("127.0.0.5", "ann", PASSWORD)).status).toBe(200);
    const failed = await auditEvents("auth.sign-in-failed");
    const fromAttacker = failed.filter((event) => event.actor === "ann").map((event) => event.params.ip);
    expect(fromAttacker).toContain("127.0.0.4");
    expect(fromAttacker.some((ip) => ip.startsWith("203.0.113.") || ip.startsWith("198.51.100."))).toBe(false);
  });

  it("believes X-Forwarded-For only from a proxy named in EVENTSCOPE_TRUSTED_PROXIES", async () => {
    process.env.EVENTSCOPE_TRUSTED_PROXIES = "127.0.0.6";
    try {
      expect((await signIn("127.0.0.6", "proxied-user", wrong(), { "x-forwarded-for": "192.0.2.10, 192.0.2.66" })).status).toBe(401);
      expect((await signIn("127.0.0.7", "direct-user", wrong(), { "x-forwarded-for": "192.0.2.11" })).status).toBe(401);
    } finally {
      delete process.env.EVENTSCOPE_TRUSTED_PROXIES;
    }
    const failed = await auditEvents("auth.sign-in-failed");
    expect(failed.find((event) => event.actor === "proxied-user")?.params.ip).toBe("192.0.2.66");
    expect(failed.find((event) => event.actor === "direct-user")?.params.ip).toBe("127.0.0.7");
  });

  it("under a spray from many addresses, slows every failing client but lets the right password in from an unaffected one", async () => {
    const { signInGuards } = await import("@/lib/auth/sign-in");
    const { limiter } = signInGuards;
    const budget = limiter.limits.globalFailuresPerMinute;
    let sprayers = 0;
    // A few failures past the budget, so that the sliding count stays over it for the next requests.
    while (limiter.globalFailuresPerMinute(Date.now()) < budget + 5 && sprayers < 3 * budget) {
      sprayers++;
      expect((await signIn(`127.0.1.${sprayers}`, `spray-${sprayers}`, wrong())).status).toBe(401);
    }
    expect(limiter.underPressure(Date.now())).toBe(true);
    // A sprayer that failed once must now wait (pressureBaseMs, 10 s) even with a right password.
    const slowed = await signIn(`127.0.1.${sprayers}`, "ann", PASSWORD);
    expect(slowed.status).toBe(429);
    expect(Number(slowed.retryAfter)).toBeGreaterThanOrEqual(1);
    // Someone who has not failed is not slowed.
    expect((await signIn("127.0.0.8", "ann", PASSWORD)).status).toBe(200);
    const tripped = await auditEvents("auth.sign-in-rate-limited");
    expect(tripped.some((event) => event.params.scope === "global")).toBe(true);
  });

  it("refuses at once (429, Retry-After) when the password-check slots and queue are full, instead of queueing more scrypt work", async () => {
    const { signInGuards } = await import("@/lib/auth/sign-in");
    const { hashGate } = signInGuards;
    const held: Array<Promise<() => void>> = [];
    for (;;) {
      const entered = hashGate.tryEnter();
      if (!entered) break;
      held.push(entered);
    }
    expect(held.length).toBe(hashGate.concurrency + hashGate.maxWaiting);
    try {
      const busy = await signIn("127.0.0.9", "ann", PASSWORD);
      expect(busy.status).toBe(429);
      expect(busy.retryAfter).toBe("1");
      expect(busy.body.error?.message).toMatch(/Too many sign-ins at once/);
    } finally {
      // Release each slot as it comes: queued entries resolve only once the one before is released.
      for (const entry of held) (await entry)();
    }
    expect((await signIn("127.0.0.9", "ann", PASSWORD)).status).toBe(200);
  });
});
