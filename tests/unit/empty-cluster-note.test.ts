import { describe, expect, it } from "vitest";
import { emptyClusterNote, watchedPatternOf } from "@/lib/client/cluster-labels";
import { clusterView } from "@/lib/clusters/cluster-views";
import type { ClusterEntry } from "@/lib/clusters/registry";

// An up cluster without topics says so on the overview rather than "Collecting samples…" forever:
// a Redis Streams cluster names the pattern nothing matches (from the API's view of the cluster).
const up = { status: "up" as const, checkedAt: 0 };
const streams = (pattern?: string) =>
  ({ config: { id: "s", name: "S", kind: "redis-streams", url: "redis://u:secret@127.0.0.1:6379", ...(pattern ? { pattern } : {}) }, source: "file" }) as unknown as ClusterEntry;

describe("the pattern a cluster watches", () => {
  it("is the Redis Streams cluster's pattern as the API shows it, \"*\" when not configured, none for other kinds", () => {
    expect(watchedPatternOf(clusterView(streams("orders-*"), up))).toBe("orders-*");
    expect(watchedPatternOf(clusterView(streams(), up))).toBe("*");
    const kafka = { config: { id: "k", name: "K", kind: "kafka", brokers: ["127.0.0.1:9092"] }, source: "file" } as unknown as ClusterEntry;
    expect(watchedPatternOf(clusterView(kafka, up))).toBeNull();
  });
});

describe("emptyClusterNote", () => {
  it("names the pattern in the kind's words, or says there are none yet", () => {
    expect(emptyClusterNote({ kind: "redis-streams", pattern: "orders-*" })).toBe("No streams match “orders-*”");
    expect(emptyClusterNote({ kind: "redis-streams" })).toBe("No streams match “*”");
    expect(emptyClusterNote({ kind: "kafka" })).toBe("No topics yet");
    expect(emptyClusterNote({ kind: "rabbitmq" })).toBe("No queues yet");
  });
});
