import { describe, expect, it } from "vitest";
import type { EventIdRule } from "@/lib/config/schema";
import { parseConfig } from "@/lib/config/load-config";
import { extractEventId, rulesForTopic, type IdSource } from "@/lib/idempotency/event-id";
import { formatJsonPath, parseJsonPath, valueAtPath } from "@/lib/idempotency/json-path";

const message = (patch: Partial<IdSource> = {}): IdSource => ({
  key: "order-1001",
  headers: { "x-event-id": "evt-7", "Content-Type": "application/json" },
  value: JSON.stringify({ id: "evt-1", data: { order_id: 1001, items: [{ id: "i-1" }] }, "odd key": "x" }, null, 2),
  encoding: "json",
  ...patch,
});

describe("JSON paths", () => {
  it("parses the supported forms and reads values", () => {
    expect(parseJsonPath("$.id")).toEqual(["id"]);
    expect(parseJsonPath("$.data.order_id")).toEqual(["data", "order_id"]);
    expect(parseJsonPath("$.data.items[0].id")).toEqual(["data", "items", 0, "id"]);
    expect(parseJsonPath("$['odd key']")).toEqual(["odd key"]);
    expect(parseJsonPath("id")).toBeNull();
    expect(parseJsonPath("$.a..b")).toBeNull();
    const doc = JSON.parse(message().value!);
    expect(valueAtPath(doc, ["data", "items", 0, "id"])).toBe("i-1");
    expect(valueAtPath(doc, ["data", "missing", "x"])).toBeUndefined();
    expect(valueAtPath(doc, ["toString"])).toBeUndefined();
    expect(formatJsonPath(["data", "items", 0, "odd key"])).toBe("$.data.items[0]['odd key']");
  });
});

describe("extractEventId", () => {
  it("takes the id from the key, a header or a JSON path", () => {
    expect(extractEventId(message(), [{ topic: "t", from: "key" }])).toEqual({ id: "order-1001", from: "key" });
    expect(extractEventId(message(), [{ topic: "t", from: "header", header: "x-event-id" }])).toEqual({ id: "evt-7", from: "header:x-event-id" });
    expect(extractEventId(message(), [{ topic: "t", from: "header", header: "content-type" }])?.id).toBe("application/json");
    expect(extractEventId(message(), [{ topic: "t", from: "json", path: "$.data.order_id" }])).toEqual({ id: "1001", from: "json:$.data.order_id" });
  });

  it("defaults to the envelope's $.id, then the key", () => {
    const defaults = rulesForTopic("anything");
    expect(extractEventId(message(), defaults)).toEqual({ id: "evt-1", from: "json:$.id" });
    expect(extractEventId(message({ value: "not json", encoding: "text" }), defaults)).toEqual({ id: "order-1001", from: "key" });
    expect(extractEventId(message({ value: '{"id": {"nested": true}}' }), defaults)).toEqual({ id: "order-1001", from: "key" });
  });

  it("finds nothing rather than failing on odd messages", () => {
    const rules: EventIdRule[] = [{ topic: "t", from: "json", path: "$.id" }];
    expect(extractEventId(message({ value: "{truncated", encoding: "json" }), rules)).toBeNull();
    expect(extractEventId(message({ value: null }), rules)).toBeNull();
    expect(extractEventId(message({ key: "base64:AAEC" }), [{ topic: "t", from: "key" }])).toBeNull();
    expect(extractEventId(message({ key: null }), [{ topic: "t", from: "key" }])).toBeNull();
    expect(extractEventId(message({ key: "x".repeat(2000) }), [{ topic: "t", from: "key" }])).toBeNull();
    expect(extractEventId(message(), [{ topic: "t", from: "header", header: "x-missing" }])).toBeNull();
  });
});

describe("rulesForTopic", () => {
  const rules: EventIdRule[] = [
    { topic: "orders.*", from: "json", path: "$.data.order_id" },
    { topic: "orders.created", from: "header", header: "x-event-id" },
    { topic: "payments", from: "key" },
  ];

  it("prefers exact names over globs, and tries each matching rule in turn", () => {
    expect(rulesForTopic("orders.created", rules)).toEqual([rules[1], rules[0]]);
    expect(rulesForTopic("orders.paid", rules)).toEqual([rules[0]]);
    expect(rulesForTopic("payments", rules)).toEqual([rules[2]]);
    const noHeader = message({ headers: {} });
    expect(extractEventId(noHeader, rulesForTopic("orders.created", rules))).toEqual({ id: "1001", from: "json:$.data.order_id" });
  });

  it("gives a DLQ the rules of the topic it points back to, and the defaults otherwise", () => {
    expect(rulesForTopic("payments.dlq", rules)).toEqual([rules[2]]);
    expect(rulesForTopic("dlq.payments", rules)).toEqual([rules[2]]);
    expect(rulesForTopic("inventory", rules).map((rule) => rule.from)).toEqual(["json", "key"]);
  });

  it("is validated in the config file", () => {
    const config = parseConfig(JSON.stringify({ eventIds: rules }), "f");
    expect(config.eventIds).toEqual(rules);
    expect(() => parseConfig(JSON.stringify({ eventIds: [{ topic: "t", from: "json", path: "id" }] }), "f")).toThrow(/eventIds\[0\]\.path/);
    expect(() => parseConfig(JSON.stringify({ eventIds: [{ topic: "t", from: "header" }] }), "f")).toThrow(/eventIds\[0\]\.header/);
    expect(() =>
      parseConfig(
        JSON.stringify({
          idempotency: [
            { id: "a", kind: "redis", url: "redis://x", pattern: "p:*" },
            { id: "a", kind: "postgres", url: "postgres://x", table: "t", keyColumn: "k" },
          ],
        }),
        "f",
      ),
    ).toThrow(/idempotency\[1\]\.id: duplicate idempotency store id "a"/);
  });
});
