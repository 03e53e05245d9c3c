import { describe, expect, it } from "vitest";
import { decodeSearchCursor, encodeSearchCursor } from "@/lib/search/search-cursor";
import { decodeDlqCursor, encodeDlqCursor } from "@/lib/dlq/dlq-query";
import { dlqMessageId, parseDlqMessageId } from "@/lib/dlq/requeue-id";
import { parseDlqEnvelope } from "@/lib/dlq/parse-envelope";
import { entryToMessage } from "@/lib/brokers/redis-streams/redis-entries";

// Redis entry ids are two unsigned 64-bit numbers: no JavaScript number holds them all. Ids with a
// sequence of 4,096 or more (more than 4,096 entries in one millisecond, or ids a producer chose) and
// times past 2^41 ms (2039) used to be packed into offsets and lost; they must come back exactly.
const SEQ_BIG = "1733500000000-4096";
const MS_BIG = `${2 ** 41 + 5}-7`;
const HUGE = "18446744073709551615-18446744073709551615";

describe("entry ids as positions, exactly", () => {
  it("a message carries its id; its offset is the positional number it was given", () => {
    for (const id of [SEQ_BIG, MS_BIG, HUGE, "1733500000000-99999"]) {
      const message = entryToMessage({ id, fields: [["order", Buffer.from("1")]] }, Date.now(), 12);
      expect(message.id).toBe(id);
      expect(message.offset).toBe(12);
    }
  });

  it("DLQ message ids are the entry ids, and read back with the id", () => {
    for (const id of [SEQ_BIG, MS_BIG, HUGE]) {
      expect(dlqMessageId("redis-streams", 0, 3, id)).toBe(id);
      expect(parseDlqMessageId("redis-streams", id)).toEqual({ partition: 0, offset: -1, id });
    }
    expect(parseDlqMessageId("redis-streams", "18446744073709551616-0")).toBeNull();
    expect(parseDlqMessageId("redis-streams", "12")).toBeNull();
    // Kafka keeps its own form, whatever id a message might carry.
    expect(dlqMessageId("kafka", 2, 40, "x")).toBe("2-40");
  });

  it("search and DLQ cursors keep the id", () => {
    const positions = [{ partition: 0, offset: 1_000, id: HUGE }];
    expect(decodeSearchCursor(encodeSearchCursor(positions))).toEqual(positions);
    expect(decodeSearchCursor(encodeSearchCursor([{ partition: 3, offset: 9 }]))).toEqual([{ partition: 3, offset: 9 }]);
    expect(decodeDlqCursor(encodeDlqCursor({ partition: 0, offset: 4, id: MS_BIG }))).toEqual({ partition: 0, offset: 4, id: MS_BIG });
    expect(decodeDlqCursor(encodeDlqCursor({ partition: 1, offset: 4 }))).toEqual({ partition: 1, offset: 4 });
    expect(() => decodeSearchCursor(Buffer.from("s1:0.1.1-2-3").toString("base64url"))).toThrow(/cursor/);
  });

  it("a dead-lettered entry says which entry it was (x-original-id), exactly", () => {
    expect(parseDlqEnvelope("orders:dlq", { "x-original-topic": "orders", "x-original-id": SEQ_BIG }).originalId).toBe(SEQ_BIG);
    expect(parseDlqEnvelope("orders:dlq", { "x-original-id": HUGE }).originalId).toBe(HUGE);
    expect(parseDlqEnvelope("orders:dlq", { "x-original-id": "not-an-id" }).originalId).toBeNull();
  });
});
