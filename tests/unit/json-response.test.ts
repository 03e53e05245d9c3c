import { describe, expect, it } from "vitest";
import { apiRoute } from "@/lib/api/handler";
import { UNCOMPRESSED_BELOW_BYTES, jsonHeaders, jsonResponse } from "@/lib/api/json-response";

// lib/api/json-response.ts: API answers too small for gzip to pay carry Cache-Control: no-transform,
// which Next's compression middleware honours (it gzipped every route-handler answer, 111-byte
// health included: a zlib stream each, ~230 KB while in flight).

describe("JSON answers of API routes", () => {
  it("marks bodies under the threshold no-transform and leaves larger ones to compression", () => {
    expect(jsonHeaders(111)).toEqual({ "Content-Type": "application/json", "Cache-Control": "no-transform" });
    expect(jsonHeaders(UNCOMPRESSED_BELOW_BYTES - 1)["Cache-Control"]).toBe("no-transform");
    expect(jsonHeaders(UNCOMPRESSED_BELOW_BYTES)).toEqual({ "Content-Type": "application/json" });
    expect(jsonHeaders(5_000_000)["Cache-Control"]).toBeUndefined();
  });

  it("counts bytes, not characters", async () => {
    const text = "é".repeat(600); // 600 characters, 1,200 bytes in UTF-8
    const response = jsonResponse({ text });
    expect(response.headers.get("cache-control")).toBeNull();
    expect(await response.json()).toEqual({ text });
  });

  it("sends what NextResponse.json sent, status 200, for small and large values", async () => {
    const small = jsonResponse({ status: "ok", clusters: [] });
    expect(small.status).toBe(200);
    expect(small.headers.get("content-type")).toBe("application/json");
    expect(small.headers.get("cache-control")).toBe("no-transform");
    expect(await small.json()).toEqual({ status: "ok", clusters: [] });
    const rows = Array.from({ length: 200 }, (_, i) => ({ name: `topic-${i}`, partitions: i }));
    const large = jsonResponse({ rows });
    expect(large.headers.get("cache-control")).toBeNull();
    expect(await large.json()).toEqual({ rows });
  });

  it("is what apiRoute answers with when a handler returns a value", async () => {
    const route = apiRoute(async () => ({ status: "ok" }), { access: "public" });
    const response = await route(new Request("http://localhost/api/v1/x"), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-transform");
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
