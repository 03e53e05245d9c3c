import "server-only";
import { kafkaPartitionLag } from "@/lib/metrics/partition-lag";
import type { ResetOutcome, ResetPosition, ResetPositions, ResetRequest, ResetScope } from "../types";
import type { KafkaClients } from "./kafka-client";
import { describeKafkaGroup } from "./kafka-groups";
import { fetchWatermarks, listTopicPartitions, type TopicPartitions } from "./kafka-topics";

// Consumer-group offset resets on Kafka. The planning itself is pure (lib/consumers/reset-plan.ts);
// this file reads what it needs and writes the result.
//
// Writing: one OffsetCommit request straight to the group coordinator, with generation -1 and an empty
// member id (what Kafka's own AdminClient.alterConsumerGroupOffsets sends). The broker accepts such a
// commit only while the group has no members, so the rule "stop the consumers first" is enforced by
// Kafka itself even if a consumer joins between our check and the write. kafkajs's admin.setOffsets
// is not used: it joins the group as a consumer (a rebalance), works one topic at a time, and writes
// through a seek-and-commit dance; admin.resetOffsets builds on it.

/** The coordinator lookup of kafkajs's internal Cluster (see internal-cluster.ts for why we use it). */
interface CoordinatorLookup {
  findGroupCoordinator(args: { groupId: string }): Promise<{
    offsetCommit(request: {
      groupId: string;
      groupGenerationId: number;
      memberId: string;
      topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
    }): Promise<unknown>;
  }>;
}

const MEMBERSHIP_ERRORS = new Set(["UNKNOWN_MEMBER_ID", "ILLEGAL_GENERATION", "REBALANCE_IN_PROGRESS", "FENCED_INSTANCE_ID"]);

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export async function readKafkaResetPositions(clients: KafkaClients, groupId: string, scope: ResetScope): Promise<ResetPositions> {
  // 404 for an unknown group; also gives committed offsets, assignments, state and members.
  const [detail, topics] = await Promise.all([describeKafkaGroup(clients, groupId), listTopicPartitions(clients)]);
  const partitionsOf = new Map(topics.map((topic) => [topic.topic, topic.partitions]));
  const missingTopics: string[] = [];
  const missingPartitions: { topic: string; partition: number }[] = [];

  let wanted: TopicPartitions[];
  if (scope.partitions) {
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of scope.partitions) {
      const existing = partitionsOf.get(topic);
      if (!existing) {
        if (!missingTopics.includes(topic)) missingTopics.push(topic);
      } else if (!existing.includes(partition)) {
        missingPartitions.push({ topic, partition });
      } else {
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
      }
    }
    wanted = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  } else if (scope.topics) {
    wanted = [];
    for (const topic of scope.topics) {
      const existing = partitionsOf.get(topic);
      if (existing) wanted.push({ topic, partitions: existing });
      else missingTopics.push(topic);
    }
  } else {
    const byTopic = new Map<string, number[]>();
    for (const p of detail.partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    wanted = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  }

  const committed = new Map(detail.partitions.map((p) => [key(p.topic, p.partition), p.committed]));
  const [watermarks, atTimestamp] = await Promise.all([
    fetchWatermarks(clients, wanted),
    scope.timestamp === undefined ? Promise.resolve(undefined) : offsetsAtTimestamp(clients, wanted, scope.timestamp),
  ]);

  const partitions: ResetPosition[] = [];
  for (const { topic, partitions: ids } of wanted) {
    for (const partition of ids) {
      const marks = watermarks.get(topic)?.find((entry) => entry.partition === partition);
      if (!marks) continue;
      const current = committed.get(key(topic, partition)) ?? null;
      const lag = kafkaPartitionLag({ topic, partition, committed: current, low: marks.low, high: marks.high }).lag;
      partitions.push({
        topic,
        partition,
        committed: current,
        low: marks.low,
        high: marks.high,
        lag,
        ...(atTimestamp ? { atTimestamp: atTimestamp.get(key(topic, partition)) ?? null } : {}),
      });
    }
  }
  partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return { group: groupId, state: detail.state, members: detail.members, partitions, missingTopics, missingPartitions, method: "commit" };
}

/** First offset at or after `timestamp` per partition (ListOffsets by time); -1 from the broker means none. */
async function offsetsAtTimestamp(clients: KafkaClients, wanted: TopicPartitions[], timestamp: number): Promise<Map<string, number | null>> {
  const result = new Map<string, number | null>();
  const nonEmpty = wanted.filter((topic) => topic.partitions.length > 0);
  if (nonEmpty.length === 0) return result;
  await clients.cluster.addMultipleTargetTopics(nonEmpty.map((topic) => topic.topic));
  const found = await clients.cluster.fetchTopicsOffset(
    nonEmpty.map((topic) => ({ topic: topic.topic, fromTimestamp: timestamp, partitions: topic.partitions.map((partition) => ({ partition })) })),
  );
  for (const topic of found) {
    for (const { partition, offset } of topic.partitions) {
      const value = Number(offset);
      result.set(key(topic.topic, partition), value < 0 ? null : value);
    }
  }
  return result;
}

export async function applyKafkaReset(clients: KafkaClients, groupId: string, request: ResetRequest): Promise<ResetOutcome> {
  const describe = async () => (await clients.admin.describeGroups([groupId])).groups[0];
  const before = await describe();
  if (before && before.members.length > 0) return { ok: false, code: "active-members", members: before.members.length, state: before.state };

  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of request.offsets) {
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset: String(offset) }]);
  }
  const coordinator = await (clients.cluster as unknown as CoordinatorLookup).findGroupCoordinator({ groupId });
  try {
    await coordinator.offsetCommit({
      groupId,
      groupGenerationId: -1,
      memberId: "",
      topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
    });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (!type || !MEMBERSHIP_ERRORS.has(type)) throw error;
    // A consumer joined after our check: the broker refused the whole commit, nothing moved.
    const after = await describe();
    return { ok: false, code: "active-members", members: Math.max(1, after?.members.length ?? 0), state: after?.state ?? "Unknown" };
  }
  return { ok: true, method: "commit" };
}
