import "server-only";
import { AssignerProtocol } from "kafkajs";
import { notFound } from "@/lib/errors";
import { kafkaPartitionLag, totalLag } from "@/lib/metrics/partition-lag";
import { TimeSlice } from "@/lib/event-loop/run-in-slices";
import { mapWithConcurrency } from "../errors";
import type { ConsumerDetail, MemberInfo, PartitionLag, PartitionOffsets } from "../types";
import type { KafkaClients } from "./kafka-client";
import type { GroupDescriptionResponse, KafkaInternalBroker, KafkaInternalCluster } from "./internal-cluster";
import { isCoordinatorMoved, kafkaErrorText } from "./kafka-errors";
import { fetchWatermarks, type TopicPartitions } from "./kafka-topics";
import { GROUPS_PER_OFFSET_FETCH, offsetFetchBatched, supportsBatchedOffsetFetch } from "./offset-fetch-batched";

// Consumer groups are the bulk of a sampling cycle's requests on a cluster with many groups. kafkajs's
// admin sends a FindCoordinator before every DescribeGroups entry and every OffsetFetch and caches
// none, so each group cost three requests per cycle. Here the group -> coordinator map is cached per
// client (and refreshed when a coordinator moves), groups are described in one DescribeGroups per
// coordinator, and committed offsets are read with OffsetFetch v8 (many groups per request, Kafka
// 3.0+; kafkajs 2.2.4 has only v1-v4, so offset-fetch-batched.ts encodes it) or, on older brokers,
// one request per group with many in flight.
const OFFSET_FETCH_CONCURRENCY = 128;
/** localeCompare's order, with one collator instead of one per comparison (much cheaper at 60,000 partitions). */
const compareNames = new Intl.Collator().compare;
const FIND_COORDINATOR_CONCURRENCY = 32;

const coordinatorCaches = new WeakMap<KafkaInternalCluster, Map<string, string>>();

function coordinatorCache(cluster: KafkaInternalCluster): Map<string, string> {
  let cache = coordinatorCaches.get(cluster);
  if (!cache) {
    cache = new Map();
    coordinatorCaches.set(cluster, cache);
  }
  return cache;
}

/** Groups by the node id of their coordinator, looking up only groups not cached yet. */
async function coordinatorsFor(cluster: KafkaInternalCluster, groupIds: string[]): Promise<Map<string, string[]>> {
  const cache = coordinatorCache(cluster);
  const nodeIds = cluster.getNodeIds().map(String);
  const missing = groupIds.filter((groupId) => {
    const nodeId = cache.get(groupId);
    return nodeId === undefined || !nodeIds.includes(nodeId);
  });
  if (missing.length > 0 && nodeIds.length === 1) {
    // One broker coordinates every group: nothing to ask.
    for (const groupId of missing) cache.set(groupId, nodeIds[0]);
  } else if (missing.length > 0) {
    await mapWithConcurrency(missing, FIND_COORDINATOR_CONCURRENCY, async (groupId) => {
      const { coordinator } = await cluster.findGroupCoordinatorMetadata({ groupId });
      cache.set(groupId, String(coordinator.nodeId));
    });
  }
  const byNode = new Map<string, string[]>();
  for (const groupId of groupIds) {
    const nodeId = cache.get(groupId)!;
    const list = byNode.get(nodeId) ?? [];
    list.push(groupId);
    byNode.set(nodeId, list);
  }
  return byNode;
}

/**
 * Runs `work` for each coordinator with its groups. When a coordinator answers that it no longer
 * coordinates a group (or cannot be reached), its groups are looked up afresh and tried once more.
 */
export async function perCoordinator<R>(
  cluster: KafkaInternalCluster,
  groupIds: string[],
  work: (broker: KafkaInternalBroker, groupIds: string[]) => Promise<R[]>,
): Promise<R[]> {
  const cache = coordinatorCache(cluster);
  const attempt = async (ids: string[], last: boolean): Promise<R[]> => {
    const byNode = await coordinatorsFor(cluster, ids);
    const results = await Promise.all(
      [...byNode].map(async ([nodeId, groups]) => {
        try {
          return await work(await cluster.findBroker({ nodeId }), groups);
        } catch (error) {
          if (last || !isCoordinatorMoved(error)) throw error;
          for (const groupId of groups) cache.delete(groupId);
          if (/BrokerNotFound/i.test(kafkaErrorText(error))) await cluster.brokerPool.refreshMetadata([...cluster.targetTopics]);
          return attempt(groups, true);
        }
      }),
    );
    return results.flat();
  };
  return attempt(groupIds, false);
}

export async function listKafkaGroupIds(clients: KafkaClients): Promise<string[]> {
  // ListGroups to every broker, in parallel, over the metadata the cluster already has (the sampler
  // refreshes it once per cycle; otherwise it is at most a minute old).
  const { cluster } = clients;
  await cluster.refreshMetadataIfNecessary();
  const responses = await Promise.all(cluster.getNodeIds().map(async (nodeId) => (await cluster.findBroker({ nodeId })).listGroups()));
  const ids = new Set<string>();
  for (const { groups } of responses) {
    for (const group of groups) if (group.protocolType === "consumer" || group.protocolType === "") ids.add(group.groupId);
  }
  return [...ids].sort(compareNames);
}

interface CommittedOffsets {
  groupId: string;
  /** By column, as offset-fetch-batched.ts decodes them (-1: no commit for that partition). */
  topics: { topic: string; partitions: number[]; offsets: number[] }[];
}

type GroupDescriptionEntry = GroupDescriptionResponse["groups"][number];

async function describeByCoordinator(clients: KafkaClients, groupIds: string[]): Promise<GroupDescriptionEntry[]> {
  return perCoordinator(clients.cluster, groupIds, async (broker, groups) => (await broker.describeGroups({ groupIds: groups })).groups);
}

async function fetchCommittedOffsets(clients: KafkaClients, groupIds: string[]): Promise<CommittedOffsets[]> {
  const found = await perCoordinator(clients.cluster, groupIds, async (broker, groups) => {
    if (supportsBatchedOffsetFetch(broker)) {
      // Kafka 3.0+: many groups per request (OffsetFetch v8).
      const chunks: string[][] = [];
      for (let start = 0; start < groups.length; start += GROUPS_PER_OFFSET_FETCH) chunks.push(groups.slice(start, start + GROUPS_PER_OFFSET_FETCH));
      // As decoded (no copy: at 60,000 partitions a copy was that many objects of garbage a cycle).
      const answers = await Promise.all(chunks.map((chunk) => offsetFetchBatched(broker, chunk)));
      return answers.flat();
    }
    return mapWithConcurrency(groups, OFFSET_FETCH_CONCURRENCY, async (groupId): Promise<CommittedOffsets> => {
      const { responses } = await broker.offsetFetch({ groupId, topics: [] });
      return {
        groupId,
        // -1: no commit for that partition (kafkajs's admin reports the same).
        topics: responses.map(({ topic, partitions }) => ({ topic, partitions: partitions.map((p) => p.partition), offsets: partitions.map((p) => Number(p.offset)) })),
      };
    });
  });
  const byGroup = new Map(found.map((entry) => [entry.groupId, entry]));
  return groupIds.map((groupId) => byGroup.get(groupId) ?? { groupId, topics: [] });
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
  const [groups, committed] = await Promise.all([describeByCoordinator(clients, groupIds), fetchCommittedOffsets(clients, groupIds)]);
  const descriptions = new Map(groups.map((group) => [group.groupId, group]));
  const members = new Map(groups.map((group) => [group.groupId, decodeMembers(group)]));

  // Every partition a group has committed or been assigned, gathered so watermarks are one batch.
  const partitionsByTopic = new Map<string, Set<number>>();
  const note = (topic: string, partition: number) => {
    if (knownWatermarks?.has(topic)) return; // the sampler's case: every topic's are known already
    const set = partitionsByTopic.get(topic) ?? new Set<number>();
    set.add(partition);
    partitionsByTopic.set(topic, set);
  };
  for (const entry of committed) for (const t of entry.topics) for (const partition of t.partitions) note(t.topic, partition);
  for (const list of members.values()) for (const m of list) for (const a of m.assignments) a.partitions.forEach((p) => note(a.topic, p));
  const request: TopicPartitions[] = [...partitionsByTopic].map(([topic, set]) => ({ topic, partitions: [...set] }));
  const watermarks = new Map(knownWatermarks ?? []);
  for (const [topic, marks] of await fetchWatermarks(clients, request)) watermarks.set(topic, marks);

  // 60,000 group-partitions are tens of milliseconds of work: in slices, so requests are answered
  // meanwhile (lib/event-loop/run-in-slices.ts).
  const slice = new TimeSlice();
  const details: ConsumerDetail[] = [];
  // One copy of each topic's name for every group-partition (the response decodes a new string per
  // group and topic: 60,000 copies at this scale, kept for a cycle).
  const canonicalNames = new Map<string, string>();
  for (const topic of watermarks.keys()) canonicalNames.set(topic, topic);
  for (const { groupId, topics } of committed) {
    const description = descriptions.get(groupId);
    const memberDetails = members.get(groupId) ?? [];
    const byTopic = groupPartitionsByTopic(topics, memberDetails);
    // Sorted by topic name, then partition: the names are compared once per topic, not once per
    // comparison of two partitions (the collator was most of this loop at 60,000 partitions).
    const partitions: PartitionLag[] = [];
    const names: string[] = [];
    for (const topic of [...byTopic.keys()].sort(compareNames)) {
      const marks = watermarks.get(topic);
      if (!marks) continue; // the topic was deleted since the commit
      const name = canonicalNames.get(topic) ?? topic;
      const before = partitions.length;
      const entry = byTopic.get(topic)!;
      sortByPartition(entry);
      for (let at = 0; at < entry.partitions.length; at++) {
        const partition = entry.partitions[at];
        const mark = markOf(marks, partition);
        if (!mark) continue;
        partitions.push(kafkaPartitionLag({ topic: name, partition, committed: entry.offsets[at], low: mark.low, high: mark.high }));
      }
      if (partitions.length > before) names.push(name);
    }
    details.push({
      group: groupId,
      state: description?.state ?? "Unknown",
      members: memberDetails.length,
      topics: names,
      lag: totalLag(partitions),
      partitions,
      memberDetails,
    });
    if (slice.due()) await slice.pause();
  }
  return details;
}

/** A group's partitions per topic: committed ones with their offset, then assigned ones without a commit (null). */
function groupPartitionsByTopic(
  topics: CommittedOffsets["topics"],
  memberDetails: { assignments: { topic: string; partitions: number[] }[] }[],
): Map<string, { partitions: number[]; offsets: (number | null)[] }> {
  // Two arrays per topic, not a Map per topic and a pair per partition: this runs for every
  // group-partition every cycle.
  const byTopic = new Map<string, { partitions: number[]; offsets: (number | null)[] }>();
  const entryOf = (topic: string) => {
    let entry = byTopic.get(topic);
    if (!entry) byTopic.set(topic, (entry = { partitions: [], offsets: [] }));
    return entry;
  };
  // A response lists each topic of a group once, each partition once: its columns are taken as they
  // are (sorted in place later), not copied.
  for (const t of topics) {
    const entry = byTopic.get(t.topic);
    if (!entry) byTopic.set(t.topic, { partitions: t.partitions, offsets: t.offsets });
    else {
      entry.partitions.push(...t.partitions);
      entry.offsets.push(...t.offsets);
    }
  }
  for (const m of memberDetails) {
    for (const a of m.assignments) {
      const entry = entryOf(a.topic);
      const listed = new Set(entry.partitions);
      for (const partition of a.partitions) {
        if (listed.has(partition)) continue;
        listed.add(partition);
        entry.partitions.push(partition);
        entry.offsets.push(null);
      }
    }
  }
  return byTopic;
}

/**
 * Puts a topic's partitions (and their offsets alongside) in ascending partition order, in place:
 * a broker lists them in its own order, and this runs for every group and topic every cycle, so
 * small lists (the usual case) are insertion-sorted without allocating.
 */
export function sortByPartition(entry: { partitions: number[]; offsets: (number | null)[] }): void {
  const { partitions, offsets } = entry;
  if (partitions.length > 64) {
    const order = partitions.map((_, index) => index).sort((a, b) => partitions[a] - partitions[b]);
    const sortedOffsets = order.map((index) => offsets[index]);
    const sortedPartitions = order.map((index) => partitions[index]);
    for (let i = 0; i < order.length; i++) {
      partitions[i] = sortedPartitions[i];
      offsets[i] = sortedOffsets[i];
    }
    return;
  }
  for (let i = 1; i < partitions.length; i++) {
    const partition = partitions[i];
    const offset = offsets[i];
    let j = i - 1;
    while (j >= 0 && partitions[j] > partition) {
      partitions[j + 1] = partitions[j];
      offsets[j + 1] = offsets[j];
      j--;
    }
    partitions[j + 1] = partition;
    offsets[j + 1] = offset;
  }
}

/** A partition's watermarks; they are listed by partition number, so usually at that index. */
function markOf(marks: PartitionOffsets[], partition: number): PartitionOffsets | undefined {
  const at = marks[partition];
  return at?.partition === partition ? at : marks.find((entry) => entry.partition === partition);
}

export async function describeKafkaGroup(clients: KafkaClients, groupId: string): Promise<ConsumerDetail> {
  const known = await listKafkaGroupIds(clients);
  if (!known.includes(groupId)) throw notFound(`consumer group "${groupId}"`);
  const [detail] = await describeKafkaGroups(clients, [groupId]);
  return detail;
}

function decodeMembers(group: GroupDescriptionEntry): MemberInfo[] {
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
