import { describe, expect, it } from "vitest";
import { dlqMessageLinks, traceHref } from "@/lib/client/related-links";

describe("dlqMessageLinks", () => {
  it("links the original message at its partition and offset, the failing group and the trace", () => {
    const links = dlqMessageLinks("local kafka", {
      originalTopic: "orders.created",
      originalPartition: 2,
      originalOffset: 40,
      headers: { "x-consumer-group": "inventory-service" },
      eventId: "evt-7",
      key: "order-7",
    });
    expect(links.original).toEqual({ label: "orders.created @ p2 40", href: "/clusters/local%20kafka/topics/orders.created?partition=2&offset=40" });
    expect(links.failedBy).toEqual({ group: "inventory-service", href: "/clusters/local%20kafka/consumers/inventory-service" });
    expect(links.trace).toEqual({ id: "evt-7", href: "/trace?id=evt-7&cluster=local+kafka" });
  });

  it("falls back to the topic, Spring's header and the key; leaves out what is unknown", () => {
    const links = dlqMessageLinks("k", { originalTopic: "payments", headers: { "kafka_dlt-original-consumer-group": "pay" }, key: "k/1" });
    expect(links.original?.href).toBe("/clusters/k/topics/payments");
    expect(links.failedBy?.group).toBe("pay");
    expect(links.trace?.href).toBe(traceHref("k/1", "k"));
    expect(dlqMessageLinks("k", { originalTopic: null, key: null })).toEqual({});
  });
});
