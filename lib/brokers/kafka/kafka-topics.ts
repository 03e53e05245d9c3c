import "server-only";
import { notFound } from "@/lib/errors";
import type { PartitionOffsets, TopicDetail, TopicSummary } from "../types";
import { fetchTopicSizes, type PartitionLeaders } from "./describe-log-dirs";
import type { ClusterMetadata } from "./internal-cluster";
import type { KafkaClients } from "./kafka-client";
import { EARLIEST, LATEST, listOffsets, listOffsetsError, supportsOwnListOffsets, type TopicPartitionIds } from "./list-offsets";

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

/** A topic's partitions in order with their leaders, as a Metadata response gives them. */
function leadersOf(topic: string, partitions: { partitionId: number; leader: number }[]): PartitionLeaders {
  return { topic, partitions: partitions.map((p) => ({ partition: p.partitionId, leader: p.leader })).sort((a, b) => a.partition - b.partition) };
}

const idsOf = ({ topic, partitions }: PartitionLeaders): TopicPartitions => ({ topic, partitions: partitions.map((p) => p.partition) });

/** Every topic with its partitions and their leaders, from one Metadata request. */
async function listTopicLeaders(clients: KafkaClients): Promise<PartitionLeaders[]> {
  const { topics } = await clients.admin.fetchTopicMetadata();
  return topics.map((topic) => leadersOf(topic.name, topic.partitions));
}

/** Every topic with its partition ids, from one Metadata request. */
export async function listTopicPartitions(clients: KafkaClients): Promise<TopicPartitions[]> {
  return (await listTopicLeaders(clients)).map(idsOf);
}

/**
 * Low and high watermarks of many topics at once: one ListOffsets request per leader broker for the
 * latest offsets and one for the earliest, however many topics and partitions (kafkajs's admin would
 * make two per topic), sent and decoded by list-offsets.ts (kafkajs's own batched path merges the
 * answers in O(topics^2)). Brokers too old for it (before Kafka 2.0) go through kafkajs.
 */
export async function fetchWatermarks(
  clients: KafkaClients,
  topics: TopicPartitions[],
  which: { low: boolean } = { low: true },
): Promise<Map<string, PartitionOffsets[]>> {
  const result = new Map<string, PartitionOffsets[]>();
  const nonEmpty = topics.filter((topic) => topic.partitions.length > 0);
  if (nonEmpty.length === 0) return result;
  await clients.cluster.addMultipleTargetTopics(nonEmpty.map((topic) => topic.topic));
  const byLeader = partitionsByLeader(clients.cluster.brokerPool.metadata, nonEmpty);
  const brokers = await Promise.all([...byLeader.keys()].map((nodeId) => clients.cluster.findBroker({ nodeId: String(nodeId) })));
  // By topic, then partition: no "topic + partition" string per partition (20,000 a cycle at 10,000 partitions).
  const highs = new OffsetsByPartition();
  const lows = new OffsetsByPartition();
  if (brokers.every(supportsOwnListOffsets)) {
    const requests: Promise<void>[] = [];
    [...byLeader.values()].forEach((wanted, index) => {
      requests.push(listOffsets(brokers[index], wanted, LATEST, (topic, partition, offset) => highs.set(topic, partition, offset)));
      if (which.low) requests.push(listOffsets(brokers[index], wanted, EARLIEST, (topic, partition, offset) => lows.set(topic, partition, offset)));
    });
    await Promise.all(requests);
  } else {
    const request = (fromBeginning: boolean, into: OffsetsByPartition) =>
      clients.cluster
        .fetchTopicsOffset(nonEmpty.map((topic) => ({ topic: topic.topic, fromBeginning, partitions: topic.partitions.map((partition) => ({ partition })) })))
        .then((answer) => {
          for (const topic of answer) for (const p of topic.partitions) into.set(topic.topic, p.partition, Number(p.offset));
        });
    await Promise.all([request(false, highs), which.low ? request(true, lows) : undefined]);
  }
  for (const topic of nonEmpty) {
    const partitions: PartitionOffsets[] = [];
    const topicHighs = highs.of(topic.topic);
    const topicLows = lows.of(topic.topic);
    for (const partition of [...topic.partitions].sort((a, b) => a - b)) {
      const high = topicHighs?.get(partition);
      if (high === undefined) continue;
      const low = topicLows?.get(partition) ?? high;
      partitions.push({ partition, low, high, messages: Math.max(0, high - low) });
    }
    result.set(topic.topic, partitions);
  }
  return result;
}

/** localeCompare's order, with one collator instead of one per comparison (1,000s of topics). */
const compareNames = new Intl.Collator().compare;

class OffsetsByPartition {
  private readonly topics = new Map<string, Map<number, number>>();
  set(topic: string, partition: number, offset: number): void {
    let partitions = this.topics.get(topic);
    if (!partitions) this.topics.set(topic, (partitions = new Map()));
    partitions.set(partition, offset);
  }
  of(topic: string): Map<number, number> | undefined {
    return this.topics.get(topic);
  }
}


/** The wanted partitions grouped by their leader in this metadata; a partition without a leader is an error to retry. */
function partitionsByLeader(metadata: ClusterMetadata | null, topics: TopicPartitions[]): Map<number, TopicPartitionIds[]> {
  const known = new Map((metadata?.topicMetadata ?? []).map((topic) => [topic.topic, topic.partitionMetadata]));
  const byLeader = new Map<number, Map<string, number[]>>();
  for (const { topic, partitions } of topics) {
    const leaders = new Map((known.get(topic) ?? []).map((p) => [p.partitionId, p.leader]));
    for (const partition of partitions) {
      const leader = leaders.get(partition);
      if (leader === undefined) throw listOffsetsError(3, topic, partition);
      if (leader < 0) throw listOffsetsError(5, topic, partition);
      let wanted = byLeader.get(leader);
      if (!wanted) byLeader.set(leader, (wanted = new Map()));
      let list = wanted.get(topic);
      if (!list) wanted.set(topic, (list = []));
      list.push(partition);
    }
  }
  return new Map([...byLeader].map(([leader, wanted]) => [leader, [...wanted].map(([topic, partitions]) => ({ topic, partitions }))]));
}

export async function listKafkaTopics(clients: KafkaClients): Promise<TopicSummary[]> {
  const leaders = await listTopicLeaders(clients);
  const [watermarks, sizes] = await Promise.all([
    fetchWatermarks(clients, leaders.map(idsOf)),
    fetchTopicSizes(clients.cluster, leaders, { everything: true }),
  ]);
  return leaders
    .map(({ topic, partitions }) => {
      const offsets = watermarks.get(topic);
      return {
        name: topic,
        partitions: partitions.length,
        messages: offsets ? offsets.reduce((sum, partition) => sum + partition.messages, 0) : null,
        // From DescribeLogDirs; null (unknown, never 0) where the broker does not say.
        bytes: sizes.get(topic) ?? null,
      };
    })
    .sort((a, b) => compareNames(a.name, b.name));
}

/** One topic's partitions from a Metadata request for that topic alone (the admin never auto-creates). */
async function topicPartitions(clients: KafkaClients, topic: string): Promise<PartitionLeaders> {
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic)) throw notFound(`topic "${topic}"`);
  try {
    const { topics } = await clients.admin.fetchTopicMetadata({ topics: [topic] });
    const found = topics.find((candidate) => candidate.name === topic);
    if (!found) throw notFound(`topic "${topic}"`);
    return leadersOf(topic, found.partitions);
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === "UNKNOWN_TOPIC_OR_PARTITION" || type === "INVALID_TOPIC_EXCEPTION") throw notFound(`topic "${topic}"`);
    throw error;
  }
}

/**
 * A topic's partitions and watermarks without its size, for reads that only need offsets (page read,
 * search, offsets by time): no DescribeLogDirs request to every leader. `bytes` is null (unknown).
 */
export async function readKafkaTopicOffsets(clients: KafkaClients, topic: string): Promise<TopicDetail> {
  const found = await topicPartitions(clients, topic);
  const watermarks = await fetchWatermarks(clients, [idsOf(found)]);
  return { name: topic, partitions: watermarks.get(topic) ?? [], bytes: null };
}

export async function describeKafkaTopic(clients: KafkaClients, topic: string): Promise<TopicDetail> {
  const found = await topicPartitions(clients, topic);
  const [watermarks, sizes] = await Promise.all([
    fetchWatermarks(clients, [idsOf(found)]),
    fetchTopicSizes(clients.cluster, [found], { everything: false }),
  ]);
  return { name: topic, partitions: watermarks.get(topic) ?? [], bytes: sizes.get(topic) ?? null };
}
