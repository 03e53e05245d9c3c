import "server-only";
import { AssignerProtocol, type GroupDescription } from "kafkajs";
import { notFound } from "@/lib/api/errors";
import { kafkaPartitionLag, totalLag } from "@/lib/metrics/partition-lag";
import { mapWithConcurrency } from "../errors";
import type { ConsumerDetail, MemberInfo, PartitionLag, PartitionOffsets } from "../types";
import type { KafkaClients } from "./kafka-client";
import { fetchWatermarks, type TopicPartitions } from "./kafka-topics";

// kafkajs speaks OffsetFetch only up to a version that takes one group per request, so committed
// offsets cost one request per group; we bound how many are in flight. Descriptions are batched per
// coordinator and watermarks per leader broker.
const OFFSET_FETCH_CONCURRENCY = 32;

export async function listKafkaGroupIds(clients: KafkaClients): Promise<string[]> {
  const { groups } = await clients.admin.listGroups();
  return groups
    .filter((group) => group.protocolType === "consumer" || group.protocolType === "")
    .map((group) => group.groupId)
    .sort((a, b) => a.localeCompare(b));
}

interface CommittedOffsets {
  groupId: string;
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
}

/**
 * @param knownWatermarks watermarks the caller already fetched (the sampler fetches every topic's);
 *   partitions missing from it are fetched here in one batch.
 */
export async function describeKafkaGroups(
  clients: KafkaClients,
  groupIds: string[],
  knownWatermarks?: Map<string, PartitionOffsets[]>,
): Promise<ConsumerDetail[]> {
  if (groupIds.length === 0) return [];
  const [{ groups }, committed] = await Promise.all([
    clients.admin.describeGroups(groupIds),
    mapWithConcurrency(groupIds, OFFSET_FETCH_CONCURRENCY, async (groupId): Promise<CommittedOffsets> => ({
      groupId,
      topics: await clients.admin.fetchOffsets({ groupId }),
    })),
  ]);
  const descriptions = new Map(groups.map((group) => [group.groupId, group]));
  const members = new Map(groups.map((group) => [group.groupId, decodeMembers(group)]));

  // Every partition a group has committed or been assigned, gathered so watermarks are one batch.
  const partitionsByTopic = new Map<string, Set<number>>();
  const note = (topic: string, partition: number) => {
    const set = partitionsByTopic.get(topic) ?? new Set<number>();
    set.add(partition);
    partitionsByTopic.set(topic, set);
  };
  for (const entry of committed) for (const t of entry.topics) for (const p of t.partitions) note(t.topic, p.partition);
  for (const list of members.values()) for (const m of list) for (const a of m.assignments) a.partitions.forEach((p) => note(a.topic, p));
  const request: TopicPartitions[] = [...partitionsByTopic]
    .filter(([topic]) => !knownWatermarks?.has(topic))
    .map(([topic, set]) => ({ topic, partitions: [...set] }));
  const watermarks = new Map(knownWatermarks ?? []);
  for (const [topic, marks] of await fetchWatermarks(clients, request)) watermarks.set(topic, marks);

  return committed.map(({ groupId, topics }) => {
    const description = descriptions.get(groupId);
    const memberDetails = members.get(groupId) ?? [];
    const offsets = new Map<string, number>();
    for (const t of topics) for (const p of t.partitions) offsets.set(`${t.topic}\u0000${p.partition}`, Number(p.offset));
    const keys = new Set(offsets.keys());
    for (const m of memberDetails) for (const a of m.assignments) a.partitions.forEach((p) => keys.add(`${a.topic}\u0000${p}`));

    const partitions: PartitionLag[] = [];
    for (const key of keys) {
      const [topic, partitionText] = key.split("\u0000");
      const partition = Number(partitionText);
      const marks = watermarks.get(topic)?.find((entry) => entry.partition === partition);
      if (!marks) continue; // the topic was deleted since the commit
      partitions.push(kafkaPartitionLag({ topic, partition, committed: offsets.get(key) ?? null, low: marks.low, high: marks.high }));
    }
    partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    return {
      group: groupId,
      state: description?.state ?? "Unknown",
      members: memberDetails.length,
      topics: [...new Set(partitions.map((p) => p.topic))],
      lag: totalLag(partitions),
      partitions,
      memberDetails,
    };
  });
}

export async function describeKafkaGroup(clients: KafkaClients, groupId: string): Promise<ConsumerDetail> {
  const known = await listKafkaGroupIds(clients);
  if (!known.includes(groupId)) throw notFound(`consumer group "${groupId}"`);
  const [detail] = await describeKafkaGroups(clients, [groupId]);
  return detail;
}

function decodeMembers(group: GroupDescription): MemberInfo[] {
  return group.members.map((member) => {
    let assignments: MemberInfo["assignments"] = [];
    try {
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      assignments = Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({
        topic,
        partitions: [...partitions].sort((a, b) => a - b),
      }));
    } catch {
      // Non-standard assignors may encode assignments differently; show the member without them.
    }
    return { memberId: member.memberId, clientId: member.clientId, host: member.clientHost, assignments };
  });
}
