import "server-only";
import { notFound } from "@/lib/api/errors";
import type { PartitionOffsets, TopicDetail, TopicSummary } from "../types";
import { fetchTopicSizes, type PartitionLeaders } from "./describe-log-dirs";
import type { KafkaClients } from "./kafka-client";

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
 * Low and high watermarks of many topics at once: two ListOffsets requests per leader broker, however
 * many topics and partitions (kafkajs's admin would make two per topic).
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
  const request = (fromBeginning: boolean) =>
    clients.cluster.fetchTopicsOffset(
      nonEmpty.map((topic) => ({
        topic: topic.topic,
        fromBeginning,
        partitions: topic.partitions.map((partition) => ({ partition })),
      })),
    );
  const [highs, lows] = await Promise.all([request(false), which.low ? request(true) : Promise.resolve([])]);
  const lowByKey = new Map<string, number>();
  for (const topic of lows) {
    for (const partition of topic.partitions) lowByKey.set(`${topic.topic}\u0000${partition.partition}`, Number(partition.offset));
  }
  for (const topic of highs) {
    const partitions = topic.partitions
      .map(({ partition, offset }) => {
        const high = Number(offset);
        const low = lowByKey.get(`${topic.topic}\u0000${partition}`) ?? high;
        return { partition, low, high, messages: Math.max(0, high - low) };
      })
      .sort((a, b) => a.partition - b.partition);
    result.set(topic.topic, partitions);
  }
  return result;
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
    .sort((a, b) => a.name.localeCompare(b.name));
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
