import "server-only";
import type { BrokerDelivery } from "../delivery";
import { natsDelivery } from "./nats-delivery";
import { natsKind } from "./nats-kind";
import { SCAN_CALL_TIMEOUT_MS } from "@/lib/search/scan-budget";
import { headers as createHeaders } from "@nats-io/transport-node";
import { RetentionPolicy } from "@nats-io/jetstream";
import type { NatsClusterConfig } from "@/lib/config/schema";
import { toBrokerError, withTimeout } from "../errors";
import { requireName, type NameCheck, type NameKind, type TargetCheck } from "../names";
import type {
  ClusterInfo,
  BrokerConnector,
  ClusterSnapshot,
  ConsumerDetail,
  ConsumerSummary,
  PublishRequest,
  PublishResult,
  ReadMessagesQuery,
  ReadMessagesResult,
  OffsetTimestampRequest,
  ScanMessagesRequest,
  ScanMessagesResult,
  ResetOutcome,
  ResetPositions,
  ResetRequest,
  ResetScope,
  TopicDetail,
  TopicSummary,
} from "../types";
import { createNatsConnectionPool, type NatsClients } from "./nats-client";
import { describeNatsCluster } from "./nats-cluster-info";
import { scanStreamMessages } from "./nats-scan";
import { readNatsSequenceTimestamps } from "./nats-timestamps";
import { describeNatsConsumer, listAllConsumers, listConsumersOfStreams } from "./nats-consumers";
import { applyNatsReset, readNatsResetPositions } from "./nats-reset";
import { permanentNatsError } from "./nats-errors";
import { checkNatsHeader, checkNatsPublishSubject, checkNatsTopicOrGroup } from "./nats-names";
import { firstSequenceAtOrAfter, getStreamInfo, isNotFound, listStreamInfos, readStreamMessages, streamDetail, streamSummary } from "./nats-streams";

const HEALTH_TIMEOUT_MS = 4_000;
const CALL_TIMEOUT_MS = 20_000;

/**
 * `Nats-*` headers are JetStream's controls (Nats-Rollup purges a subject or the whole stream,
 * Nats-Expected-* make the publish conditional, Nats-Msg-Id de-duplicates). A requeue or replay copies
 * a message's headers, which whoever wrote the message chose: a DLQ message carrying `Nats-Rollup: all`
 * emptied the target stream. They are never copied; the de-duplication id is set through msgID.
 */
const isJetStreamControlHeader = (name: string) => /^nats-/i.test(name);

async function publishOne({ js }: NatsClients, request: PublishRequest): Promise<PublishResult> {
  const headers = createHeaders();
  for (const [name, value] of Object.entries(request.headers ?? {})) if (!isJetStreamControlHeader(name)) headers.set(name, value.toString());
  const data = request.value === null ? new Uint8Array() : typeof request.value === "string" ? new TextEncoder().encode(request.value) : request.value;
  const ack = await js.publish(request.topic, data, { headers, msgID: request.msgId });
  return { partition: 0, offset: ack.seq, duplicate: ack.duplicate };
}

export class NatsConnector implements BrokerConnector {
  readonly kind = "nats" as const;
  readonly capabilities = natsKind.capabilities;
  private readonly pool;

  constructor(private readonly config: NatsClusterConfig) {
    this.pool = createNatsConnectionPool(config);
  }

  private async run<T>(what: string, work: (clients: NatsClients) => Promise<T>, ms = CALL_TIMEOUT_MS): Promise<T> {
    try {
      return await withTimeout(
        this.pool.get().then(work),
        ms,
        `NATS ${this.config.servers.join(", ")} ${what}`,
      );
    } catch (error) {
      throw toBrokerError(error, this.config.servers, permanentNatsError);
    }
  }

  describeCluster(): Promise<ClusterInfo> {
    return this.run("cluster description", describeNatsCluster);
  }

  checkHeader(name: string, value: string): NameCheck {
    return checkNatsHeader(name, value);
  }

  checkName(kind: NameKind, name: string): NameCheck {
    return checkNatsTopicOrGroup(kind, name);
  }

  /** Refuses a bad name before it reaches the server (where a long one would cost the connection). */
  private requireName(kind: NameKind, name: string): void {
    requireName(kind, this.checkName(kind, name));
  }

  async checkTarget(subject: string): Promise<TargetCheck> {
    const byName = checkNatsPublishSubject(subject);
    if (!byName.ok) return byName;
    const stream = await this.run("stream lookup by subject", async ({ jsm }) => {
      try {
        return await jsm.streams.find(subject);
      } catch (error) {
        if (isNotFound(error) || /no stream matches/i.test(String(error))) return null;
        throw error;
      }
    });
    // A subject no stream captures would be published into the void (or to a service listening on it).
    return stream ? { ok: true } : { ok: false, code: "missing", reason: `no stream captures subject ${JSON.stringify(subject)}` };
  }

  checkHealth(): Promise<void> {
    return this.run("health check", async ({ jsm }) => void (await jsm.getAccountInfo()), HEALTH_TIMEOUT_MS);
  }

  async listTopics(): Promise<TopicSummary[]> {
    return (await this.run("stream listing", listStreamInfos)).map(streamSummary);
  }

  async describeTopic(topic: string): Promise<TopicDetail> {
    this.requireName("topic", topic);
    return this.run("stream description", async (clients) => streamDetail(await getStreamInfo(clients, topic)));
  }

  async readMessages(topic: string, query: ReadMessagesQuery): Promise<ReadMessagesResult> {
    this.requireName("topic", topic);
    return this.run("message read", async (clients) => readStreamMessages(clients, await getStreamInfo(clients, topic), query));
  }

  readOffsetTimestamps(requests: OffsetTimestampRequest[]): Promise<(number | null)[]> {
    return this.run("message timestamps", (clients) => readNatsSequenceTimestamps(clients, requests));
  }

  async scanMessages(topic: string, request: ScanMessagesRequest): Promise<ScanMessagesResult> {
    this.requireName("topic", topic);
    return this.run("message search", async (clients) => scanStreamMessages(clients, await getStreamInfo(clients, topic), request), SCAN_CALL_TIMEOUT_MS);
  }

  async listConsumerNames(): Promise<string[]> {
    return (await this.listConsumers()).map((consumer) => consumer.group);
  }

  listConsumers(names?: string[]): Promise<ConsumerSummary[]> {
    return this.run("consumer listing", (clients) => listAllConsumers(clients, names ? new Set(names) : undefined));
  }

  async describeConsumer(group: string): Promise<ConsumerDetail> {
    this.requireName("group", group);
    return this.run("consumer description", (clients) => describeNatsConsumer(clients, group));
  }

  publish(request: PublishRequest): Promise<PublishResult> {
    return this.run("publish", (clients) => publishOne(clients, request));
  }

  publishBatch(requests: PublishRequest[]): Promise<PublishResult[]> {
    // Publishes are pipelined: all are sent, then all PubAcks awaited, which is what makes JetStream
    // requeues fast; order within the batch is kept by the single connection.
    return this.run("batch publish", (clients) => Promise.all(requests.map((request) => publishOne(clients, request))), 60_000);
  }

  async offsetsAtTime(topic: string, at: Date): Promise<Map<number, number>> {
    this.requireName("topic", topic);
    return this.run("sequence lookup by time", async (clients) => {
      const info = await getStreamInfo(clients, topic);
      return new Map([[0, await firstSequenceAtOrAfter(clients, topic, info.state.first_seq, info.state.last_seq, at)]]);
    });
  }

  async countRetained(topic: string, positions: { partition: number; offset: number }[]): Promise<number> {
    return (await this.retainedOffsets(topic, positions.map(({ offset }) => offset))).size;
  }

  /** Which of these sequences the stream still holds (within its range and not deleted). */
  async retainedOffsets(topic: string, offsets: number[]): Promise<Set<number>> {
    this.requireName("topic", topic);
    return this.run("retained message count", async (clients) => {
      const info = await getStreamInfo(clients, topic);
      const { first_seq: first, last_seq: last, messages } = info.state;
      const inRange = offsets.filter((offset) => offset >= first && offset <= last);
      if (messages === 0 || inRange.length === 0) return new Set<number>();
      if (!info.state.num_deleted) return new Set(inRange);
      // Sequences deleted inside the range: asked for only when some are (the list can be long).
      const detailed = await clients.jsm.streams.info(topic, { deleted_details: true });
      const deleted = new Set(detailed.state.deleted ?? []);
      return new Set(inRange.filter((offset) => !deleted.has(offset)));
    });
  }

  delivery(): BrokerDelivery {
    return natsDelivery(this);
  }

  async deleteMessage(topic: string, offset: number): Promise<boolean> {
    this.requireName("topic", topic);
    return this.run("message delete", async ({ jsm }) => {
      try {
        return await jsm.streams.deleteMessage(topic, offset, false);
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    });
  }

  async readResetPositions(group: string, scope: ResetScope): Promise<ResetPositions> {
    this.requireName("group", group);
    return this.run("consumer reset planning", (clients) => readNatsResetPositions(clients, group, scope));
  }

  async resetOffsets(group: string, request: ResetRequest): Promise<ResetOutcome> {
    this.requireName("group", group);
    return this.run("consumer reset", (clients) => applyNatsReset(clients, group, request));
  }

  snapshot(): Promise<ClusterSnapshot> {
    return this.run("snapshot", async (clients) => {
      const streams = await listStreamInfos(clients);
      const at = Date.now();
      const consumers = await listConsumersOfStreams(clients, streams);
      return { at, topics: streams.map((info) => ({ ...streamDetail(info), name: info.config.name })), consumers };
    });
  }

  captureDeliveryAdvisories(stream: string, subjects: string[]): Promise<void> {
    return this.run("advisory capture", async ({ jsm }) => {
      try {
        await jsm.streams.info(stream);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await jsm.streams.add({
          name: stream,
          subjects,
          retention: RetentionPolicy.Limits,
          max_age: 7 * 24 * 3600 * 1_000_000_000,
          description: "Eventscope: JetStream advisories for messages that hit MaxDeliver or were terminated",
        });
      }
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
