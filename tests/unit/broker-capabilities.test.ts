import { describe, expect, it } from "vitest";
import { kindInfo } from "@/lib/brokers/kinds";
import { activeMembersMessage } from "@/lib/consumers/reset-plan";
import { ADVISORY_STREAM, dlqKindOf } from "@/lib/dlq/dlq-kinds";
import { dlqMessageId, parseDlqMessageId } from "@/lib/dlq/requeue-id";
import { addressChange } from "@/lib/clusters/cluster-secrets";
import type { ClusterConfig, ClusterInput } from "@/lib/config/schema";

// Decisions outside lib/brokers are taken from a kind's capabilities and descriptor (issue 13):
// each one below follows the capability, whichever kind has it.

describe("capability-driven decisions", () => {
  it("DLQ message ids name a partition only where topics have partitions", () => {
    expect(kindInfo("kafka").capabilities.hasPartitions).toBe(true);
    expect(dlqMessageId("kafka", 3, 10)).toBe("3-10");
    expect(parseDlqMessageId("kafka", "3-10")).toEqual({ partition: 3, offset: 10 });
    expect(parseDlqMessageId("kafka", "10")).toBeNull();
    expect(kindInfo("nats").capabilities.hasPartitions).toBe(false);
    expect(dlqMessageId("nats", 0, 10)).toBe("10");
    expect(parseDlqMessageId("nats", "10")).toEqual({ partition: 0, offset: 10 });
    expect(parseDlqMessageId("nats", "3-10")).toBeNull();
  });

  it("the advisory stream is a DLQ only on a broker that reports delivery advisories", () => {
    expect(kindInfo("nats").capabilities.reportsDeliveryAdvisories).toBe(true);
    expect(dlqKindOf("nats", ADVISORY_STREAM)).toBe("advisories");
    expect(kindInfo("kafka").capabilities.reportsDeliveryAdvisories).toBe(false);
    expect(dlqKindOf("kafka", ADVISORY_STREAM)).toBeNull();
  });

  it("a broker's own DLQ conventions apply to that broker only", () => {
    expect(dlqKindOf("nats", "PAYMENTS", ["dlq.payments.>"])).toBe("topic");
    expect(dlqKindOf("kafka", "PAYMENTS", ["dlq.payments.>"])).toBeNull();
    expect(dlqKindOf("nats", "PAYMENTS", ["payments.>"])).toBeNull();
  });

  it("the members refusal follows how the broker moves positions", () => {
    expect(kindInfo("kafka").capabilities.resetsPositions).toBe("commit");
    expect(activeMembersMessage("kafka", "billing", 2, "Stable")).toMatch(/^Consumer group "billing" has 2 active members \(state Stable\): Kafka only accepts/);
    expect(kindInfo("nats").capabilities.resetsPositions).toBe("consumer");
    expect(activeMembersMessage("nats", "S.c", 1, "active")).toMatch(/^Consumer "S\.c" has an active client/);
  });

  it("a stored secret stays only while the kind's endpoints and transport stay", () => {
    const kafka = { id: "k", name: "K", kind: "kafka", brokers: ["a:9092"], ssl: true, sasl: { mechanism: "scram-sha-256", username: "u", password: "p" } } as ClusterConfig;
    const edit = (change: Record<string, unknown>) => ({ ...kafka, ...change }) as ClusterInput;
    expect(addressChange(edit({ brokers: ["A:9092"] }), kafka)).toBeNull();
    expect(addressChange(edit({ brokers: ["b:9092"] }), kafka)).toBe("the brokers changed");
    expect(addressChange(edit({ ssl: false }), kafka)).toBe("TLS was turned off");
    expect(addressChange(edit({ sasl: { mechanism: "plain", username: "u", password: "" } }), kafka)).toBe("the SASL mechanism changed from SCRAM to PLAIN");
    const nats = { id: "n", name: "N", kind: "nats", servers: ["nats://a:4222"], token: "t" } as ClusterConfig;
    expect(addressChange({ ...nats, servers: ["nats://b:4222"] } as ClusterInput, nats)).toBe("the servers changed");
    expect(addressChange({ ...nats } as ClusterInput, kafka)).toBe("the kind changed");
  });

  it("Prometheus names carry the broker's own prefix", () => {
    expect(kindInfo("kafka").metricsPrefix).toBe("kafka");
    expect(kindInfo("nats").metricsPrefix).toBe("jetstream");
  });
});
