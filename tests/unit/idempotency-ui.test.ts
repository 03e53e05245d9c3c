import { describe, expect, it } from "vitest";
import {
  formatExpiringSoon,
  formatNewPerMinute,
  formatRecordCount,
  formatTtl,
  idempotencyHref,
  remainingTtl,
} from "@/lib/client/idempotency-format";
import { splitNdjson } from "@/lib/client/ndjson";

describe("TTL display", () => {
  it("counts down from the fetched TTL and never below zero", () => {
    expect(remainingTtl(3600, 1_000_000, 1_000_000)).toBe(3600);
    expect(remainingTtl(3600, 1_000_000, 1_061_500)).toBe(3539);
    expect(remainingTtl(10, 1_000_000, 1_060_000)).toBe(0);
    expect(remainingTtl(10, 1_000_000, 900_000)).toBe(10);
  });

  it("formats seconds for people", () => {
    expect(formatTtl(null)).toBe("no expiry");
    expect(formatTtl(0)).toBe("expired");
    expect(formatTtl(59)).toBe("59 s");
    expect(formatTtl(3599)).toBe("59 min 59 s");
    expect(formatTtl(7260)).toBe("2 h 1 min");
    expect(formatTtl(90_000)).toBe("1 d 1 h");
  });
});

describe("store figures", () => {
  it("marks estimated counts and sampled figures", () => {
    expect(formatRecordCount({ records: 1_234_567, recordsEstimated: true })).toEqual({
      text: "≈ 1.2M",
      title: "about 1,234,567 (estimated: the count stopped at its time limit)",
    });
    expect(formatRecordCount({ records: 4143 })).toEqual({ text: "4.1k", title: "4,143" });
    expect(formatRecordCount({ records: null }).text).toBe("—");
    expect(formatExpiringSoon({ kind: "redis", expiringSoon: 120, sampledRecords: 100_000 }).text).toBe("≈ 120");
    expect(formatExpiringSoon({ kind: "redis", expiringSoon: 3 }).text).toBe("3");
    expect(formatExpiringSoon({ kind: "postgres" }).title).toBe("rows of a table do not expire");
  });

  it("says how new per minute was worked out", () => {
    const ttl = formatNewPerMinute({ newPerMinute: 300, newPerMinuteMethod: "ttl", assumedTtlSeconds: 3600 });
    expect(ttl.text).toBe("300/min");
    expect(ttl.title).toContain("TTL taken as 3,600 s");
    expect(formatNewPerMinute({ newPerMinute: null, newPerMinuteMethod: "count-delta" }).title).toContain("needs two polls");
  });

  it("links to stores and traces with encoded ids", () => {
    expect(idempotencyHref.store("orders-redis")).toBe("/idempotency/orders-redis");
    expect(idempotencyHref.trace("a/b c")).toBe("/trace?id=a%2Fb%20c");
  });
});

describe("splitNdjson", () => {
  it("returns whole lines and keeps the partial one for the next chunk", () => {
    expect(splitNdjson("", '{"a":1}\n{"b"')).toEqual({ lines: ['{"a":1}'], rest: '{"b"' });
    expect(splitNdjson('{"b"', ':2}\n\n')).toEqual({ lines: ['{"b":2}'], rest: "" });
    expect(splitNdjson("", "")).toEqual({ lines: [], rest: "" });
  });
});
