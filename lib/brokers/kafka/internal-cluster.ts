import "server-only";
import type { Kafka } from "kafkajs";

// kafkajs's admin API fetches offsets one topic at a time (two ListOffsets round trips per topic) and
// has no way to read a partition from an offset without joining a consumer group. Its internal
// Cluster object does both in batches: one ListOffsets request per leader broker for any number of
// topics, and plain Fetch requests. We reach it through the Kafka client's own factory so that it
// shares the client's connection settings (SSL, SASL, timeouts). Kept in this one file so a client
// swap touches nothing else.

export interface KafkaInternalBroker {
  fetch(request: {
    replicaId?: number;
    isolationLevel?: number;
    maxWaitTime?: number;
    minBytes?: number;
    maxBytes?: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: FetchTopicResponse[] }>;
}

export interface FetchedRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[] | undefined>;
  isControlRecord?: boolean;
}

export interface FetchTopicResponse {
  topicName: string;
  partitions: { partition: number; errorCode: number; highWatermark: string; messages: FetchedRecord[] }[];
}

export interface KafkaInternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(args: { nodeId: string }): Promise<KafkaInternalBroker>;
  fetchTopicsOffset(
    topics: {
      topic: string;
      partitions: { partition: number }[];
      fromBeginning?: boolean;
      fromTimestamp?: number;
    }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

export function createInternalCluster(kafka: Kafka): KafkaInternalCluster {
  const factorySymbol = Object.getOwnPropertySymbols(kafka).find(
    (symbol) => symbol.description === "private:Kafka:createCluster",
  );
  if (!factorySymbol) throw new Error("kafkajs internals changed: cluster factory not found");
  const factory = (kafka as unknown as Record<symbol, (options: object) => KafkaInternalCluster>)[factorySymbol];
  return factory({ metadataMaxAge: 60_000, allowAutoTopicCreation: false });
}
