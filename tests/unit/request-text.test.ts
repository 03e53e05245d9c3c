import { describe, expect, it } from "vitest";
import { findBadText, safeText, textProblem } from "@/lib/api/request-text";
import { rawRequestProblem } from "@/lib/api/raw-request";

// The API's refusals of text it cannot carry (lone surrogates, NUL) and of requests Next.js would
// answer with a bare 500 (TRACE, bad percent-encoding). tests/e2e/http-edge-cases.test.ts sends the
// same requests to the production server.
describe("textProblem", () => {
  it("accepts ordinary text, emoji (surrogate pairs) and control characters other than NUL", () => {
    for (const text of ["", "orders.dlq", "Grüße 😀", "tab\there", "line\nbreak", "*?*?(a+)+$"]) expect(textProblem(text)).toBeNull();
  });

  it("refuses lone surrogates, high or low, and NUL", () => {
    expect(textProblem("a\ud800")).toMatch(/well-formed Unicode/);
    expect(textProblem("\udc00b")).toMatch(/well-formed Unicode/);
    expect(textProblem("😀".slice(0, 1))).toMatch(/well-formed Unicode/);
    expect(textProblem("a\u0000b")).toMatch(/NUL/);
  });

  it("is also a zod string", () => {
    expect(safeText().safeParse("ok").success).toBe(true);
    expect(safeText().safeParse("\ud800").error?.issues[0]?.message).toMatch(/well-formed/);
  });
});

describe("findBadText", () => {
  it("names the path of the first bad string, in values and keys", () => {
    expect(findBadText({ name: "ok", list: ["x", { deep: "a\u0000" }] })).toEqual({ field: "list.1.deep", problem: expect.stringMatching(/NUL/) });
    expect(findBadText({ setHeaders: { "x-\ud800": "v" } })).toEqual({ field: "setHeaders.x-\ud800", problem: expect.stringMatching(/^the key must be well-formed/) });
    expect(findBadText("\ud800")).toEqual({ field: "body", problem: expect.any(String) });
    expect(findBadText({ a: 1, b: [true, null, 2.5], c: "fine" })).toBeNull();
  });

  it("walks a 100,000-level body without overflowing the stack", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(findBadText(deep)?.field.split(".")).toHaveLength(100_000);
  });
});

describe("rawRequestProblem", () => {
  it("lets the standard methods and well-encoded paths through", () => {
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "get"]) expect(rawRequestProblem(method, "/api/v1/health")).toBeNull();
    expect(rawRequestProblem("GET", "/api/v1/clusters/a%20b/topics/%E2%82%AC?q=%ff")).toBeNull();
  });

  it("answers TRACE, TRACK, CONNECT and unknown methods with 405 and an Allow header", () => {
    for (const method of ["TRACE", "TRACK", "CONNECT", "FOO", undefined]) {
      expect(rawRequestProblem(method, "/api/v1/health")).toMatchObject({ status: 405, headers: { allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" } });
    }
  });

  it("answers paths that are not percent-encoded UTF-8 with 400 naming the segment", () => {
    for (const segment of ["%ff", "%", "%zz", "a%2", "%ED%A0%80", "%C3"]) {
      const refusal = rawRequestProblem("GET", `/api/v1/clusters/${segment}/topics?x=1`);
      expect(refusal).toMatchObject({ status: 400, code: "invalid-input" });
      expect(refusal?.message).toContain(JSON.stringify(segment));
    }
  });
});

describe("a __proto__ key in a body", () => {
  it("is refused with its path (a schema would drop it without a word; a spread would make it a prototype)", () => {
    expect(findBadText(JSON.parse('{"clusters":{"__proto__":true}}'))).toEqual({ field: "clusters.__proto__", problem: "the key must not be __proto__" });
    expect(findBadText(JSON.parse('[{"a":{"__proto__":{}}}]'))).toEqual({ field: "0.a.__proto__", problem: "the key must not be __proto__" });
    expect(findBadText({ constructor: "x", prototype: 1, proto: "__proto__" })).toBeNull();
  });
});
