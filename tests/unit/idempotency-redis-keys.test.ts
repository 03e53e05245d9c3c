import { describe, expect, it } from "vitest";
import { caseInsensitiveGlob, compileGlob, escapeGlob, hasGlobSyntax, matchesGlob } from "@/lib/idempotency/glob";
import {
  decodeScanCursor,
  encodeScanCursor,
  eventIdFromKey,
  keyForEventId,
  scanPlan,
  splitPattern,
} from "@/lib/idempotency/redis/redis-keys";

describe("globs (Redis MATCH semantics)", () => {
  it.each([
    ["processed:*", "processed:1001", true],
    ["processed:*", "processed:", true],
    ["processed:*", "Processed:1", false],
    ["orders.*", "orders.created.dlq", true],
    ["h?llo", "hello", true],
    ["h?llo", "hllo", false],
    ["h[ae]llo", "hallo", true],
    ["h[^e]llo", "hello", false],
    ["h[a-c]llo", "hbllo", true],
    ["a\\*b", "a*b", true],
    ["a\\*b", "axb", false],
    ["a.b+c", "a.b+c", true],
    ["a.b+c", "axb+c", false],
  ])("%s matches %s: %s", (glob, text, expected) => {
    expect(matchesGlob(glob, text)).toBe(expected);
  });

  it("escapes, detects and case-folds", () => {
    expect(escapeGlob("a*b?[c]\\")).toBe("a\\*b\\?\\[c\\]\\\\");
    expect(matchesGlob(escapeGlob("a*b?[c]"), "a*b?[c]")).toBe(true);
    expect(hasGlobSyntax("10*")).toBe(true);
    expect(hasGlobSyntax("a\\*b")).toBe(false);
    expect(hasGlobSyntax("1001")).toBe(false);
    expect(caseInsensitiveGlob("Ab1*")).toBe("[aA][bB]1\\*");
    expect(compileGlob(`*${caseInsensitiveGlob("ORD")}*`).test("processed:ord-1")).toBe(true);
  });
});

describe("keys of a pattern", () => {
  it("puts the id in place of the single *", () => {
    expect(keyForEventId("processed:*", "1001")).toBe("processed:1001");
    expect(keyForEventId("svc:*:done", "e-1")).toBe("svc:e-1:done");
    expect(keyForEventId("lit\\*:*", "x")).toBe("lit*:x");
    expect(keyForEventId("a:*:b:*", "x")).toBeNull();
    expect(keyForEventId("a:?", "x")).toBeNull();
    expect(keyForEventId("exact", "x")).toBeNull();
    expect(eventIdFromKey("processed:*", "processed:1001")).toBe("1001");
    expect(eventIdFromKey("svc:*:done", "svc:e-1:done")).toBe("e-1");
    expect(eventIdFromKey("processed:*", "other:1")).toBeUndefined();
    expect(splitPattern("processed:*")).toMatchObject({ prefix: "processed:", suffix: "" });
  });
});

describe("scanPlan", () => {
  it("matches the pattern when there is no search", () => {
    expect(scanPlan("processed:*")).toEqual({ match: "processed:*" });
    expect(scanPlan("processed:*", "  ")).toEqual({ match: "processed:*" });
  });

  it("searches the id part case-insensitively for plain text", () => {
    expect(scanPlan("processed:*", "1001")).toEqual({ match: "processed:*1001*" });
    expect(scanPlan("processed:*", "ab")).toEqual({ match: "processed:*[aA][bB]*" });
  });

  it("searches the whole key when the text reaches into the prefix", () => {
    const plan = scanPlan("processed:*", "processed:10");
    expect(plan.match).toBe("*[pP][rR][oO][cC][eE][sS][sS][eE][dD]:10*");
    expect(plan.filter?.test("processed:1001")).toBe(true);
    expect(plan.filter?.test("other:processed:10")).toBe(false);
    expect(scanPlan("processed:*", "ed:1").filter).toBeDefined();
  });

  it("applies a glob to the id part, or to the whole key when it starts with the prefix", () => {
    expect(scanPlan("processed:*", "10*")).toEqual({ match: "processed:10*" });
    const whole = scanPlan("processed:*", "processed:1?0*");
    expect(whole.match).toBe("processed:1?0*");
    expect(whole.filter?.test("processed:1x01")).toBe(true);
    const multi = scanPlan("a:*:b:*", "1*");
    expect(multi.match).toBe("1*");
    expect(multi.filter?.test("a:1:b:2")).toBe(true);
  });
});

describe("scan cursor", () => {
  it("round-trips the SCAN cursor and the keys left over from a batch", () => {
    const text = encodeScanCursor({ scan: "1234", pending: ["processed:1", "processed:2"] });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeScanCursor(text)).toEqual({ scan: "1234", pending: ["processed:1", "processed:2"] });
  });

  it("rejects what it did not make", () => {
    expect(decodeScanCursor("nonsense")).toBeNull();
    expect(decodeScanCursor(Buffer.from(JSON.stringify({ v: 1, c: "abc" })).toString("base64url"))).toBeNull();
    expect(decodeScanCursor(Buffer.from(JSON.stringify({ v: 2, c: "1" })).toString("base64url"))).toBeNull();
  });
});
