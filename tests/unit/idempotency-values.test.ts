import { describe, expect, it } from "vitest";
import { formatRecordValue, formatTextOrJson, MAX_RECORD_VALUE_BYTES, recordMetaFromValue, toIsoTime } from "@/lib/idempotency/format-value";
import { inferTtlMs, summarizeTtls, pickPreviousSnapshot } from "@/lib/idempotency/redis/ttl-stats";
import { containsPattern, fitsKeyKind, keyKindOf, parseTableName, quoteIdent } from "@/lib/idempotency/postgres/sql-identifiers";

describe("record values", () => {
  it("pretty-prints JSON and keeps text as text", () => {
    const json = formatRecordValue(Buffer.from('{"consumer":"inventory-service","processedAt":"2026-01-31T12:00:00Z"}'));
    expect(json).toEqual({
      value: '{\n  "consumer": "inventory-service",\n  "processedAt": "2026-01-31T12:00:00Z"\n}',
      encoding: "json",
      size: 69,
      truncated: false,
    });
    expect(formatRecordValue(Buffer.from("1"))).toEqual({ value: "1", encoding: "text", size: 1, truncated: false });
    expect(formatRecordValue(null)).toEqual({ value: null, encoding: "text", size: 0, truncated: false });
    expect(formatRecordValue(Buffer.from([0, 1, 2, 255])).encoding).toBe("base64");
  });

  it("cuts huge values at 64 KiB and reports the full size", () => {
    const big = Buffer.from(JSON.stringify({ blob: "x".repeat(200_000) }));
    const cut = formatRecordValue(big.subarray(0, MAX_RECORD_VALUE_BYTES), big.length);
    expect(cut.truncated).toBe(true);
    expect(cut.size).toBe(big.length);
    expect(cut.encoding).toBe("text");
    expect(cut.value!.length).toBe(MAX_RECORD_VALUE_BYTES);
    // Read whole but shown cut: same answer.
    expect(formatRecordValue(big).value!.length).toBe(MAX_RECORD_VALUE_BYTES);
    // A preview of a small read of a bigger value is marked truncated.
    expect(formatRecordValue(Buffer.from("abc"), 10).truncated).toBe(true);
    // Never split a UTF-8 character.
    const euros = Buffer.from("€".repeat(30_000));
    expect(formatRecordValue(euros).value!.endsWith("€")).toBe(true);
  });

  it("formats PostgreSQL values: rows and JSON columns as JSON, dates as ISO", () => {
    expect(formatTextOrJson({ event_id: "e1", n: 1 })).toEqual({ value: '{\n  "event_id": "e1",\n  "n": 1\n}', encoding: "json", size: 32, truncated: false });
    expect(formatTextOrJson("plain")).toMatchObject({ value: "plain", encoding: "text" });
    expect(formatTextOrJson(new Date("2026-01-31T12:00:00Z"))).toMatchObject({ value: "2026-01-31T12:00:00.000Z" });
    expect(formatTextOrJson(null)).toMatchObject({ value: null });
    const huge = formatTextOrJson({ blob: "y".repeat(100_000) });
    expect(huge.truncated).toBe(true);
    expect(huge.size).toBeGreaterThan(100_000);
  });

  it("reads who processed the event and when from the value", () => {
    expect(recordMetaFromValue('{"consumer":"billing","processedAt":"2026-01-31T12:00:00Z"}', "json")).toEqual({
      consumer: "billing",
      processedAt: "2026-01-31T12:00:00.000Z",
    });
    expect(recordMetaFromValue('{"processed_at": 1769860800}', "json")).toEqual({ processedAt: "2026-01-31T12:00:00.000Z" });
    expect(recordMetaFromValue('{"ts": 1769860800000}', "json")).toEqual({ processedAt: "2026-01-31T12:00:00.000Z" });
    expect(recordMetaFromValue("1", "text")).toEqual({});
    expect(recordMetaFromValue("[1,2]", "json")).toEqual({});
    expect(toIsoTime("yesterday")).toBeNull();
  });
});

describe("TTL figures", () => {
  const now = 1_000_000_000;

  it("counts records expiring within 5 minutes and derives new per minute from a uniform TTL", () => {
    // TTL 3600 s: 10 records written within the last minute, 20 older, 5 about to expire.
    const ttls = [
      ...Array.from({ length: 10 }, (_, i) => 3_600_000 - i * 5_000),
      ...Array.from({ length: 20 }, (_, i) => 3_000_000 - i * 60_000),
      ...Array.from({ length: 5 }, (_, i) => 60_000 + i * 10_000),
    ];
    const stats = summarizeTtls({ ttlsMs: ttls, total: ttls.length, longestTtlMs: 0, now });
    expect(stats).toEqual({ expiringSoon: 5, newPerMinute: 10, newPerMinuteMethod: "ttl", assumedTtlSeconds: 3600 });
  });

  it("scales a sample up to the whole store and prefers the configured TTL", () => {
    const sample = [3_590_000, 3_100_000, 200_000, -2];
    const stats = summarizeTtls({ ttlsMs: sample, total: 3_000, ttlSeconds: 3600, longestTtlMs: 0, now });
    // 3 live sampled records stand for 3,000: one young, one expiring.
    expect(stats).toEqual({ expiringSoon: 1000, newPerMinute: 1000, newPerMinuteMethod: "ttl", assumedTtlSeconds: 3600 });
  });

  it("uses the longest TTL ever seen when writes have paused", () => {
    const stats = summarizeTtls({ ttlsMs: [3_000_000, 2_900_000], total: 2, longestTtlMs: 3_600_000, now });
    expect(stats.newPerMinute).toBe(0);
    expect(stats.assumedTtlSeconds).toBe(3600);
  });

  it("infers a round TTL from the longest remaining one", () => {
    expect(inferTtlMs(3_596_000)).toBe(3_600_000);
    expect(inferTtlMs(3_599_999)).toBe(3_600_000);
    expect(inferTtlMs(86_000_000)).toBe(86_400_000);
    expect(inferTtlMs(3_000_400)).toBe(3_001_000);
    expect(inferTtlMs(59_000)).toBe(60_000);
  });

  it("handles TTLs shorter than a minute", () => {
    const stats = summarizeTtls({ ttlsMs: [29_000, 15_000, 1_000], total: 3, ttlSeconds: 30, longestTtlMs: 0, now });
    expect(stats.newPerMinute).toBe(6);
  });

  it("falls back to the growth of the count for records without TTL", () => {
    const ttls = [-1, -1, -1, -1];
    expect(summarizeTtls({ ttlsMs: ttls, total: 4, longestTtlMs: 0, now })).toEqual({ expiringSoon: 0, newPerMinute: null, newPerMinuteMethod: "count-delta" });
    const grown = summarizeTtls({ ttlsMs: ttls, total: 64, longestTtlMs: 0, now, previous: { at: now - 30_000, records: 4 } });
    expect(grown).toEqual({ expiringSoon: 0, newPerMinute: 120, newPerMinuteMethod: "count-delta" });
    const mixed = summarizeTtls({ ttlsMs: [-1, 1000, -1, 5_000_000], total: 4, longestTtlMs: 0, now, previous: { at: now - 60_000, records: 2 } });
    expect(mixed).toMatchObject({ newPerMinute: 2, newPerMinuteMethod: "net-growth", expiringSoon: 1 });
  });

  it("picks the snapshot nearest a minute old", () => {
    const history = [
      { at: now - 300_000, records: 1 },
      { at: now - 65_000, records: 2 },
      { at: now - 2_000, records: 3 },
    ];
    expect(pickPreviousSnapshot(history, now)).toEqual({ at: now - 65_000, records: 2 });
    expect(pickPreviousSnapshot([{ at: now - 1_000, records: 1 }], now)).toBeUndefined();
  });
});

describe("SQL identifiers", () => {
  it("parses table names and quotes identifiers", () => {
    expect(parseTableName("processed_events")).toEqual({ table: "processed_events", quoted: { schema: false, table: false } });
    expect(parseTableName("audit.processed_events")).toEqual({ schema: "audit", table: "processed_events", quoted: { schema: false, table: false } });
    expect(parseTableName('"My Schema"."Processed ""Events"""')).toEqual({
      schema: "My Schema",
      table: 'Processed "Events"',
      quoted: { schema: true, table: true },
    });
    expect(parseTableName("a.b.c")).toBeNull();
    expect(parseTableName("x; DROP TABLE y")).toBeNull();
    expect(quoteIdent('ev"il')).toBe('"ev""il"');
    expect(containsPattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });

  it("classifies key columns and the ids that fit them", () => {
    expect(keyKindOf("character varying(64)", "S")).toBe("text");
    expect(keyKindOf("uuid", "U")).toBe("uuid");
    expect(keyKindOf("bigint", "N")).toBe("integer");
    expect(keyKindOf("numeric", "N")).toBe("other");
    expect(fitsKeyKind("uuid", "0b7c1f8e-3f7a-4a8e-9c1d-2b3c4d5e6f70")).toBe(true);
    expect(fitsKeyKind("uuid", "order-1")).toBe(false);
    expect(fitsKeyKind("integer", "1001")).toBe(true);
    expect(fitsKeyKind("integer", "99999999999999999999")).toBe(false);
    expect(fitsKeyKind("text", "anything")).toBe(true);
  });
});
