import "server-only";
import { SCAN_CALL_TIMEOUT_MS } from "@/lib/search/scan-budget";
import { headers as createHeaders } from "@nats-io/transport-node";
import { RetentionPolicy } from "@nats-io/jetstream";
import type { NatsClusterConfig } from "@/lib/config/schema";
import { toBrokerError, withTimeout } from "../errors";
import type {
  BrokerConnector,
  ClusterSnapshot,
  ConsumerDetail,
  ConsumerSummary,
  PublishRequest,
  PublishResult,
  ReadMessagesQuery,
  ReadMessagesResult,
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
import { scanStreamMessages } from "./nats-scan";
import { describeNatsConsumer, listAllConsumers, listConsumersOfStreams } from "./nats-consumers";
import { applyNatsReset, readNatsResetPositions } from "./nats-reset";
import { firstSequenceAtOrAfter, getStreamInfo, isNotFound, listStreamInfos, readStreamMessages, streamDetail, streamSummary } from "./nats-streams";

const HEALTH_TIMEOUT_MS = 4_000;
const CALL_TIMEOUT_MS = 20_000;

async function publishOne({ js }: NatsClients, request: PublishRequest): Promise<PublishResult> {
  const headers = createHeaders();
  for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value.toString());
  const data = request.value === null ? new Uint8Array() : typeof request.value === "string" ? new TextEncoder().encode(request.value) : request.value;
  const ack = await js.publish(request.topic, data, { headers, msgID: request.msgId });
  return { partition: 0, offset: ack.seq, duplicate: ack.duplicate };
}

export class NatsConnector implements BrokerConnector {
  readonly kind = "nats" as const;
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
      throw toBrokerError(error, this.config.servers);
    }
  }

  checkHealth(): Promise<void> {
    return this.run("health check", async ({ jsm }) => void (await jsm.getAccountInfo()), HEALTH_TIMEOUT_MS);
  }

  async listTopics(): Promise<TopicSummary[]> {
    return (await this.run("stream listing", listStreamInfos)).map(streamSummary);
  }

  describeTopic(topic: string): Promise<TopicDetail> {
    return this.run("stream description", async (clients) => streamDetail(await getStreamInfo(clients, topic)));
  }

  readMessages(topic: string, query: ReadMessagesQuery): Promise<ReadMessagesResult> {
    return this.run("message read", async (clients) => readStreamMessages(clients, await getStreamInfo(clients, topic), query));
  }

  scanMessages(topic: string, request: ScanMessagesRequest): Promise<ScanMessagesResult> {
    return this.run("message search", async (clients) => scanStreamMessages(clients, await getStreamInfo(clients, topic), request), SCAN_CALL_TIMEOUT_MS);
  }

  async listConsumerNames(): Promise<string[]> {
    return (await this.listConsumers()).map((consumer) => consumer.group);
  }

  listConsumers(names?: string[]): Promise<ConsumerSummary[]> {
    return this.run("consumer listing", (clients) => listAllConsumers(clients, names ? new Set(names) : undefined));
  }

  describeConsumer(group: string): Promise<ConsumerDetail> {
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

  offsetsAtTime(topic: string, at: Date): Promise<Map<number, number>> {
    return this.run("sequence lookup by time", async (clients) => {
      const info = await getStreamInfo(clients, topic);
      return new Map([[0, await firstSequenceAtOrAfter(clients, topic, info.state.first_seq, info.state.last_seq, at)]]);
    });
  }

  deleteMessage(topic: string, offset: number): Promise<boolean> {
    return this.run("message delete", async ({ jsm }) => {
      try {
        return await jsm.streams.deleteMessage(topic, offset, false);
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    });
  }

  readResetPositions(group: string, scope: ResetScope): Promise<ResetPositions> {
    return this.run("consumer reset planning", (clients) => readNatsResetPositions(clients, group, scope));
  }

  resetOffsets(group: string, request: ResetRequest): Promise<ResetOutcome> {
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
