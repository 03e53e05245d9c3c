import "server-only";
import { SCAN_CALL_TIMEOUT_MS } from "@/lib/search/scan-budget";
import { AppError } from "@/lib/api/errors";
import type { KafkaClusterConfig } from "@/lib/config/schema";
import { toBrokerError, withTimeout } from "../errors";
import type {
  BrokerConnector,
  ClusterSnapshot,
  ConsumerDetail,
  ConsumerSummary,
  PublishRequest,
  PublishResult,
  ReadMessagesQuery,
  ResetOutcome,
  ResetPositions,
  ResetRequest,
  ResetScope,
  ReadMessagesResult,
  ScanMessagesRequest,
  ScanMessagesResult,
  TopicDetail,
  TopicSummary,
} from "../types";
import { createKafkaClients, type KafkaClients } from "./kafka-client";
import { fetchTopicSizes } from "./describe-log-dirs";
import { refreshAllTopicsMetadata } from "./internal-cluster";
import { isTopicChurn } from "./kafka-errors";
import { describeKafkaGroup, describeKafkaGroups, listKafkaGroupIds } from "./kafka-groups";
import { readKafkaMessages } from "./kafka-messages";
import { scanKafkaMessages } from "./kafka-scan";
import { applyKafkaReset, readKafkaResetPositions } from "./kafka-reset";
import { describeKafkaTopic, fetchWatermarks, listKafkaTopics, readKafkaTopicOffsets } from "./kafka-topics";

const HEALTH_TIMEOUT_MS = 4_000;
const CALL_TIMEOUT_MS = 20_000;
const SNAPSHOT_TIMEOUT_MS = 60_000;
const BATCH_TIMEOUT_MS = 60_000;
const MAX_BATCH_BYTES = 512 * 1024;

function approximateSize(request: PublishRequest): number {
  const length = (value: string | Buffer | null | undefined) => (value ? (typeof value === "string" ? Buffer.byteLength(value) : value.length) : 0);
  let size = 64 + length(request.key) + length(request.value);
  for (const [name, value] of Object.entries(request.headers ?? {})) size += name.length + length(value);
  return size;
}

/** Consecutive slices of at most `maxBytes` (a single bigger message goes alone). */
function slicesBySize(requests: PublishRequest[], maxBytes: number): PublishRequest[][] {
  const slices: PublishRequest[][] = [];
  let current: PublishRequest[] = [];
  let size = 0;
  for (const request of requests) {
    const next = approximateSize(request);
    if (current.length > 0 && size + next > maxBytes) {
      slices.push(current);
      current = [];
      size = 0;
    }
    current.push(request);
    size += next;
  }
  if (current.length > 0) slices.push(current);
  return slices;
}

export class KafkaConnector implements BrokerConnector {
  readonly kind = "kafka" as const;
  private readonly clients: KafkaClients;

  constructor(private readonly config: KafkaClusterConfig) {
    this.clients = createKafkaClients(config);
  }

  /** Connects, runs, and turns whatever a failure looks like into one clear error. */
  private async run<T>(what: string, work: (clients: KafkaClients) => Promise<T>, ms = CALL_TIMEOUT_MS): Promise<T> {
    try {
      return await withTimeout(
        this.clients.connect().then(() => work(this.clients)),
        ms,
        `Kafka ${this.config.brokers.join(", ")} ${what}`,
      );
    } catch (error) {
      throw toBrokerError(error, this.config.brokers);
    }
  }

  checkHealth(): Promise<void> {
    return this.run("health check", async ({ admin }) => void (await admin.describeCluster()), HEALTH_TIMEOUT_MS);
  }

  listTopics(): Promise<TopicSummary[]> {
    return this.run("topic listing", listKafkaTopics);
  }

  describeTopic(topic: string): Promise<TopicDetail> {
    return this.run("topic description", (clients) => describeKafkaTopic(clients, topic));
  }

  readMessages(topic: string, query: ReadMessagesQuery): Promise<ReadMessagesResult> {
    return this.run("message read", async (clients) => readKafkaMessages(clients, await readKafkaTopicOffsets(clients, topic), query));
  }

  scanMessages(topic: string, request: ScanMessagesRequest): Promise<ScanMessagesResult> {
    return this.run("message search", async (clients) => scanKafkaMessages(clients, await readKafkaTopicOffsets(clients, topic), request), SCAN_CALL_TIMEOUT_MS);
  }

  listConsumerNames(): Promise<string[]> {
    return this.run("group listing", listKafkaGroupIds);
  }

  listConsumers(names?: string[]): Promise<ConsumerSummary[]> {
    return this.run("group description", async (clients) =>
      describeKafkaGroups(clients, names ?? (await listKafkaGroupIds(clients))),
    );
  }

  describeConsumer(group: string): Promise<ConsumerDetail> {
    return this.run("group description", (clients) => describeKafkaGroup(clients, group));
  }

  publish(request: PublishRequest): Promise<PublishResult> {
    return this.run("publish", async (clients) => {
      const producer = await clients.producer();
      const [metadata] = await producer.send({
        topic: request.topic,
        messages: [{ key: request.key ?? null, value: request.value, headers: request.headers, partition: request.partition }],
      });
      return { partition: metadata.partition, offset: Number(metadata.baseOffset ?? metadata.offset) };
    });
  }

  publishBatch(requests: PublishRequest[]): Promise<PublishResult[]> {
    return this.run("batch publish", async (clients) => {
      if (requests.length === 0) return [];
      const producer = await clients.producer();
      // Brokers refuse record batches over message.max.bytes (1 MiB by default): send in slices.
      for (const slice of slicesBySize(requests, MAX_BATCH_BYTES)) {
        const byTopic = new Map<string, PublishRequest[]>();
        for (const request of slice) byTopic.set(request.topic, [...(byTopic.get(request.topic) ?? []), request]);
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, list]) => ({
            topic,
            messages: list.map((r) => ({ key: r.key ?? null, value: r.value, headers: r.headers, partition: r.partition })),
          })),
        });
      }
      // Offsets per message are not reported by a batch send; callers that need them use publish().
      return requests.map(() => ({ partition: -1, offset: -1 }));
    }, BATCH_TIMEOUT_MS);
  }

  offsetsAtTime(topic: string, at: Date): Promise<Map<number, number>> {
    return this.run("offset lookup by time", async (clients) => {
      const detail = await readKafkaTopicOffsets(clients, topic);
      const [found] = await clients.cluster.fetchTopicsOffset([
        { topic, fromTimestamp: at.getTime(), partitions: detail.partitions.map((p) => ({ partition: p.partition })) },
      ]);
      return new Map(
        detail.partitions.map((p) => {
          const offset = Number(found?.partitions.find((entry) => entry.partition === p.partition)?.offset ?? -1);
          return [p.partition, offset < 0 ? p.high : Math.max(offset, p.low)];
        }),
      );
    });
  }

  async deleteMessage(): Promise<boolean> {
    throw new AppError("invalid-input", "Kafka cannot delete a single message; it is marked as discarded instead");
  }

  readResetPositions(group: string, scope: ResetScope): Promise<ResetPositions> {
    return this.run("offset reset planning", (clients) => readKafkaResetPositions(clients, group, scope));
  }

  resetOffsets(group: string, request: ResetRequest): Promise<ResetOutcome> {
    return this.run("offset reset", (clients) => applyKafkaReset(clients, group, request));
  }

  snapshot(): Promise<ClusterSnapshot> {
    return this.run("snapshot", async (clients) => {
      try {
        return await this.takeSnapshot(clients);
      } catch (error) {
        // A topic deleted between the metadata and the offsets requests is not an outage: once more.
        if (!isTopicChurn(error)) throw error;
        return this.takeSnapshot(clients);
      }
    }, SNAPSHOT_TIMEOUT_MS);
  }

  /**
   * One cycle's reads: one Metadata request for every topic (reused for leaders and for the brokers
   * asked for ListGroups), ListOffsets per leader, ListGroups per broker and DescribeLogDirs per
   * leader (sizes; unknown where unavailable) in parallel, then the groups through their cached
   * coordinators (see kafka-groups.ts).
   */
  private async takeSnapshot(clients: KafkaClients): Promise<ClusterSnapshot> {
    const metadata = await refreshAllTopicsMetadata(clients.cluster);
    const topicPartitions = metadata.topicMetadata.map((topic) => ({
      topic: topic.topic,
      partitions: topic.partitionMetadata.map((partition) => partition.partitionId).sort((a, b) => a - b),
    }));
    const leaders = metadata.topicMetadata.map((topic) => ({
      topic: topic.topic,
      partitions: topic.partitionMetadata.map((p) => ({ partition: p.partitionId, leader: p.leader })),
    }));
    const [watermarks, groupIds, sizes] = await Promise.all([
      fetchWatermarks(clients, topicPartitions),
      listKafkaGroupIds(clients),
      fetchTopicSizes(clients.cluster, leaders, { everything: true }),
    ]);
    const at = Date.now();
    const consumers = await describeKafkaGroups(clients, groupIds, watermarks);
    const topics = topicPartitions.map(({ topic }) => ({ name: topic, partitions: watermarks.get(topic) ?? [], bytes: sizes.get(topic) ?? null }));
    return { at, topics, consumers };
  }

  close(): Promise<void> {
    return this.clients.disconnect();
  }
}
