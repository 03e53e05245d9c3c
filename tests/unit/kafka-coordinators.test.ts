import { describe, expect, it } from "vitest";
import type { KafkaInternalBroker, KafkaInternalCluster } from "@/lib/brokers/kafka/internal-cluster";
import { isCoordinatorMoved, isTopicChurn } from "@/lib/brokers/kafka/kafka-errors";
import { perCoordinator } from "@/lib/brokers/kafka/kafka-groups";

// The group -> coordinator cache of the Kafka connector, on a stand-in for kafkajs's internal
// cluster (the real broker path is covered by tests/integration/sampler-kafka.test.ts).
function fakeCluster(coordinatorOf: Record<string, string>, failing: Set<string> = new Set()) {
  const lookups: string[] = [];
  const calls: { nodeId: string; groups: string[] }[] = [];
  const cluster = {
    getNodeIds: () => ["1", "2"],
    targetTopics: new Set<string>(),
    brokerPool: { metadata: null, brokers: {}, refreshMetadata: async () => undefined },
    findGroupCoordinatorMetadata: async ({ groupId }: { groupId: string }) => {
      lookups.push(groupId);
      return { coordinator: { nodeId: Number(coordinatorOf[groupId]) } };
    },
    findBroker: async ({ nodeId }: { nodeId: string }) => ({ nodeId }) as unknown as KafkaInternalBroker,
  } as unknown as KafkaInternalCluster;
  const work = async (broker: KafkaInternalBroker, groups: string[]) => {
    const { nodeId } = broker as unknown as { nodeId: string };
    calls.push({ nodeId, groups });
    if (failing.has(nodeId)) throw Object.assign(new Error("This is not the correct coordinator for this group"), { type: "NOT_COORDINATOR_FOR_GROUP" });
    return groups.map((group) => `${group}@${nodeId}`);
  };
  return { cluster, work, lookups, calls };
}

describe("Kafka group coordinators", () => {
  it("looks each group's coordinator up once, then batches the groups per coordinator", async () => {
    const { cluster, work, lookups, calls } = fakeCluster({ a: "1", b: "2", c: "1" });
    expect((await perCoordinator(cluster, ["a", "b", "c"], work)).sort()).toEqual(["a@1", "b@2", "c@1"]);
    expect(lookups.sort()).toEqual(["a", "b", "c"]);
    expect(calls).toHaveLength(2);
    await perCoordinator(cluster, ["a", "b", "c"], work);
    expect(lookups).toHaveLength(3); // cached: no new lookups
    expect(calls).toHaveLength(4);
  });

  it("looks a group up again when its coordinator says it moved, and retries once", async () => {
    const coordinators = { a: "1", b: "2" };
    const failing = new Set<string>();
    const { cluster, work, lookups } = fakeCluster(coordinators, failing);
    await perCoordinator(cluster, ["a", "b"], work);
    coordinators.a = "2";
    failing.add("1");
    expect((await perCoordinator(cluster, ["a", "b"], work)).sort()).toEqual(["a@2", "b@2"]);
    expect(lookups.filter((group) => group === "a")).toHaveLength(2);
    expect(lookups.filter((group) => group === "b")).toHaveLength(1);
  });

  it("gives up after one retry, and does not retry other errors", async () => {
    const { cluster, work } = fakeCluster({ a: "1" }, new Set(["1"]));
    await expect(perCoordinator(cluster, ["a"], work)).rejects.toThrow(/not the correct coordinator/);
    const broken = fakeCluster({ a: "1" });
    const failingWork = async () => {
      throw new Error("boom");
    };
    await expect(perCoordinator(broken.cluster, ["a"], failingWork)).rejects.toThrow("boom");
    expect(broken.lookups).toHaveLength(1);
  });

  it("recognises kafkajs's coordinator and connection errors", () => {
    expect(isCoordinatorMoved({ type: "NOT_COORDINATOR_FOR_GROUP" })).toBe(true);
    expect(isCoordinatorMoved({ type: "GROUP_COORDINATOR_NOT_AVAILABLE" })).toBe(true);
    expect(isCoordinatorMoved({ name: "KafkaJSBrokerNotFound", message: "Broker 3 not found in the cached metadata" })).toBe(true);
    expect(isCoordinatorMoved({ code: "ECONNREFUSED", message: "connect ECONNREFUSED" })).toBe(true);
    expect(isCoordinatorMoved({ type: "GROUP_AUTHORIZATION_FAILED" })).toBe(false);
  });

  it("recognises a topic deleted or a leader moving mid-snapshot, and nothing else", () => {
    expect(isTopicChurn({ type: "UNKNOWN_TOPIC_OR_PARTITION", message: "This server does not host this topic-partition" })).toBe(true);
    expect(isTopicChurn(new Error("This server does not host this topic-partition"))).toBe(true);
    expect(isTopicChurn({ type: "NOT_LEADER_FOR_PARTITION" })).toBe(true);
    expect(isTopicChurn({ type: "TOPIC_AUTHORIZATION_FAILED" })).toBe(false);
    expect(isTopicChurn(new Error("connect ECONNREFUSED"))).toBe(false);
  });
});
