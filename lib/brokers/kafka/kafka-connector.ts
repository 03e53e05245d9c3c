import "server-only";
import type { BrokerDelivery, DeliveryOptions } from "../delivery";
import { kafkaDelivery } from "./kafka-delivery";
import { kafkaKind } from "./kafka-kind";
import { SCAN_CALL_TIMEOUT_MS } from "@/lib/search/scan-budget";
import { DomainError } from "@/lib/errors";
import type { KafkaClusterConfig } from "@/lib/config/schema";
import { toBrokerError, withTimeout } from "../errors";
import { requireName, type NameCheck, type NameKind, type TargetCheck } from "../names";
import type {
  BrokerConnector,
  ClusterInfo,
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
  OffsetTimestampRequest,
  ScanMessagesRequest,
  ScanMessagesResult,
  TopicDetail,
  TopicSummary,
} from "../types";
import { createKafkaClients, type KafkaClients } from "./kafka-client";
import { fetchTopicSizes } from "./describe-log-dirs";
import { describeKafkaCluster } from "./kafka-cluster-info";
import { refreshAllTopicsMetadata } from "./internal-cluster";
import { isTopicChurn, permanentKafkaError } from "./kafka-errors";
import { checkKafkaHeader, checkKafkaName, checkKafkaPublishTopic } from "./kafka-names";
import { describeKafkaGroup, describeKafkaGroups, listKafkaGroupIds } from "./kafka-groups";
import { readKafkaMessages } from "./kafka-messages";
import { readKafkaOffsetTimestamps } from "./kafka-timestamps";
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
  readonly capabilities = kafkaKind.capabilities;
  private clients: KafkaClients;

  constructor(private readonly config: KafkaClusterConfig) {
    this.clients = createKafkaClients(config);
  }

  /** Connects, runs, and turns whatever a failure looks like into one clear error. */
  private async run<T>(what: string, work: (clients: KafkaClients) => Promise<T>, ms = CALL_TIMEOUT_MS): Promise<T> {
    const attempt = (clients: KafkaClients) =>
      withTimeout(
        clients.connect().then(() => work(clients)),
        ms,
        `Kafka ${this.config.brokers.join(", ")} ${what}`,
      );
    const used = this.clients;
    try {
      return await attempt(used);
    } catch (error) {
      if (!isTopicChurn(error)) throw toBrokerError(error, this.config.brokers, permanentKafkaError);
      // kafkajs asks for every topic it was ever asked about in each metadata refresh; once one of
      // them is deleted (by anyone), every refresh fails with "does not host this topic-partition" and
      // so did every read of this cluster until a restart. Fresh clients forget them: once more.
      try {
        return await attempt(this.renewClients(used));
      } catch (again) {
        throw toBrokerError(again, this.config.brokers, permanentKafkaError);
      }
    }
  }

  /** New clients in place of `stale` (once, however many calls met it); the old ones close a little later, after calls still using them. */
  private renewClients(stale: KafkaClients): KafkaClients {
    if (this.clients !== stale) return this.clients;
    this.clients = createKafkaClients(this.config);
    setTimeout(() => void stale.disconnect().catch(() => undefined), 3 * SNAPSHOT_TIMEOUT_MS).unref();
    return this.clients;
  }

  describeCluster(): Promise<ClusterInfo> {
    return this.run("cluster description", describeKafkaCluster);
  }

  checkHeader(name: string, value: string): NameCheck {
    return checkKafkaHeader(name, value);
  }

  checkName(kind: NameKind, name: string): NameCheck {
    return checkKafkaName(kind, name);
  }

  private requireName(kind: NameKind, name: string): void {
    requireName(kind, this.checkName(kind, name));
  }

  async checkTarget(topic: string): Promise<TargetCheck> {
    const byName = checkKafkaPublishTopic(topic);
    if (!byName.ok) return byName;
    try {
      await this.describeTopic(topic);
      return { ok: true };
    } catch (error) {
      if ((error as { code?: string }).code === "not-found") return { ok: false, code: "missing", reason: `topic ${JSON.stringify(topic)} does not exist` };
      throw error;
    }
  }

  checkHealth(): Promise<void> {
    return this.run("health check", async ({ admin }) => void (await admin.describeCluster()), HEALTH_TIMEOUT_MS);
  }

  listTopics(): Promise<TopicSummary[]> {
    return this.run("topic listing", listKafkaTopics);
  }

  async describeTopic(topic: string): Promise<TopicDetail> {
    this.requireName("topic", topic);
    return this.run("topic description", (clients) => describeKafkaTopic(clients, topic));
  }

  async readMessages(topic: string, query: ReadMessagesQuery): Promise<ReadMessagesResult> {
    this.requireName("topic", topic);
    return this.run("message read", async (clients) => readKafkaMessages(clients, await readKafkaTopicOffsets(clients, topic), query));
  }

  readOffsetTimestamps(requests: OffsetTimestampRequest[]): Promise<(number | null)[]> {
    return this.run("message timestamps", (clients) => readKafkaOffsetTimestamps(clients, requests));
  }

  async scanMessages(topic: string, request: ScanMessagesRequest): Promise<ScanMessagesResult> {
    this.requireName("topic", topic);
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

  async describeConsumer(group: string): Promise<ConsumerDetail> {
    this.requireName("group", group);
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

  async offsetsAtTime(topic: string, at: Date): Promise<Map<number, number>> {
    this.requireName("topic", topic);
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

  delivery(options: DeliveryOptions): BrokerDelivery {
    return kafkaDelivery(this, options);
  }

  async countRetained(topic: string, positions: { partition: number; offset: number }[]): Promise<number> {
    if (positions.length === 0) return 0;
    const ranges = new Map((await this.describeTopic(topic)).partitions.map((p) => [p.partition, p]));
    return positions.filter(({ partition, offset }) => {
      const range = ranges.get(partition);
      return range !== undefined && offset >= range.low && offset < range.high;
    }).length;
  }

  async deleteMessage(): Promise<boolean> {
    throw new DomainError("invalid-input", "Kafka cannot delete a single message; it is marked as discarded instead");
  }

  async readResetPositions(group: string, scope: ResetScope): Promise<ResetPositions> {
    this.requireName("group", group);
    return this.run("offset reset planning", (clients) => readKafkaResetPositions(clients, group, scope));
  }

  async resetOffsets(group: string, request: ResetRequest): Promise<ResetOutcome> {
    this.requireName("group", group);
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
