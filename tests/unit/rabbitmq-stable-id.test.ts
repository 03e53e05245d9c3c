import { describe, expect, it } from "vitest";
import { isStableId, parseRoute, routeOf, stableIdOf } from "@/lib/brokers/rabbitmq/stable-id";

// A RabbitMQ DLQ message's derived id (its API id and x-eventscope-requeue-id) and its way home.
const death = (count: number, time = 1_765_000_000) => ({
  "x-first-death-queue": "inventory",
  "x-first-death-reason": "rejected",
  "x-first-death-exchange": "orders",
  "x-death": [{ queue: "inventory", reason: "rejected", count, time: { "!": "timestamp", value: time }, exchange: "orders", "routing-keys": ["order.created"] }],
});

describe("stableIdOf", () => {
  it("is the same for the same message read twice, 32 hex digits", () => {
    const a = stableIdOf("c\u0000/\u0000dlq", { headers: death(1) }, Buffer.from("{}"));
    expect(a).toBe(stableIdOf("c\u0000/\u0000dlq", { headers: death(1) }, Buffer.from("{}")));
    expect(isStableId(a)).toBe(true);
  });

  it("differs by body, by queue, by message-id, and when the message died again", () => {
    const base = stableIdOf("c\u0000/\u0000dlq", { headers: death(1) }, Buffer.from("a"));
    expect(stableIdOf("c\u0000/\u0000dlq", { headers: death(1) }, Buffer.from("b"))).not.toBe(base);
    expect(stableIdOf("c\u0000/\u0000other", { headers: death(1) }, Buffer.from("a"))).not.toBe(base);
    expect(stableIdOf("c\u0000/\u0000dlq", { headers: death(1), messageId: "m-1" }, Buffer.from("a"))).not.toBe(base);
    expect(stableIdOf("c\u0000/\u0000dlq", { headers: death(2, 1_765_000_100) }, Buffer.from("a"))).not.toBe(base);
  });
});

describe("routes", () => {
  it("takes the first death's exchange and routing key, in the DLQ's vhost", () => {
    const route = routeOf("/", { headers: death(1) })!;
    expect(parseRoute(route)).toEqual({ vhost: "/", exchange: "orders", routingKey: "order.created" });
  });

  it("has none without x-death, and refuses malformed route text", () => {
    expect(routeOf("/", { headers: {} })).toBeUndefined();
    expect(parseRoute("not json")).toBeNull();
    expect(parseRoute(JSON.stringify(["/", "x"]))).toBeNull();
    expect(parseRoute(JSON.stringify(["/", "x", "y".repeat(256)]))).toBeNull();
  });
});
