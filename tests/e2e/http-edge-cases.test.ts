import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { startConsole, type Console } from "./support/stack";

// Requests that Next.js itself answered with a bare 500 "Internal Server Error", before any route
// handler ran, so only the production server shows them: TRACE (Next wraps every request in a fetch
// Request, which refuses the method) and a path that is not valid percent-encoding (Next's route
// matcher throws). lib/api/raw-request-guard.ts now answers them with a JSON 405 or 400.
// Raw node:http, because fetch() itself refuses to send TRACE.
let app: Console;

beforeAll(async () => {
  app = await startConsole("http-edge-cases");
}, 600_000);

afterAll(async () => {
  await app?.stop();
});

function send(method: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, method, path: rawPath, headers: { authorization: `Bearer ${app.adminToken}`, ...headers }, timeout: 30_000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("timeout", () => request.destroy(new Error(`${method} ${rawPath}: no answer in 30 s`)));
    request.on("error", reject);
    request.end();
  });
}

describe("methods Next.js cannot represent", () => {
  it("answers TRACE with 405, an Allow header and a JSON error", async () => {
    const method = "TRACE";
    for (const path of ["/api/v1/health", "/api/v1/clusters", "/sign-in", "/"]) {
      const result = await send(method, path);
      expect(result.status, `${method} ${path}: ${result.body}`).toBe(405);
      expect(result.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      expect(JSON.parse(result.body).error.code).toBe("method-not-allowed");
    }
  });

  it("still answers the ordinary methods as before", async () => {
    expect((await send("GET", "/api/v1/health")).status).toBe(200);
    expect((await send("HEAD", "/api/v1/health")).status).toBe(200);
    expect((await send("PUT", "/api/v1/health")).status).toBe(405);
  });

  it("leaves methods Node's HTTP parser does not know (TRACK, FOO) to its own 400", async () => {
    for (const method of ["TRACK", "FOO"]) expect((await send(method, "/api/v1/health")).status).toBe(400);
  });
});

describe("paths that are not valid percent-encoding", () => {
  const paths = [
    "/api/v1/clusters/%ff/topics",
    "/api/v1/clusters/%/topics",
    "/api/v1/clusters/%zz/topics",
    "/api/v1/clusters/local-kafka/topics/%ff/messages",
    "/api/v1/idempotency/orders-redis/records/%ff",
    "/api/v1/clusters/%ED%A0%80",
    "/clusters/%ff",
  ];
  it.each(paths)("answers GET %s with 400 naming the path", async (path) => {
    const result = await send("GET", path);
    expect(result.status, result.body).toBe(400);
    expect(JSON.parse(result.body).error).toMatchObject({ code: "invalid-input", message: expect.stringMatching(/^path: /) });
  });

  it("answers a DELETE to such a path with 400 as well", async () => {
    expect((await send("DELETE", "/api/v1/idempotency/orders-redis/records/%ff")).status).toBe(400);
  });

  it("still serves well-encoded names and query strings that hold %ff", async () => {
    const result = await send("GET", "/api/v1/clusters/local-kafka/topics/no-such-topic%2Dhere?q=%ff");
    expect(result.status, result.body).toBe(404);
    expect((await send("GET", "/api/v1/idempotency/orders-redis/records?q=%ff")).status).toBe(200);
  });
});
