import "server-only";
import type { Kafka } from "kafkajs";

// kafkajs's admin API fetches offsets one topic at a time (two ListOffsets round trips per topic) and
// has no way to read a partition from an offset without joining a consumer group. Its internal
// Cluster object does both in batches: one ListOffsets request per leader broker for any number of
// topics, and plain Fetch requests. We reach it through the Kafka client's own factory so that it
// shares the client's connection settings (SSL, SASL, timeouts). Kept in this one file so a client
// swap touches nothing else.

export interface GroupDescriptionResponse {
  groups: {
    errorCode: number;
    groupId: string;
    state: string;
    protocolType: string;
    protocol: string;
    members: { memberId: string; clientId: string; clientHost: string; memberMetadata: Buffer; memberAssignment: Buffer }[];
  }[];
}

export interface OffsetFetchResponse {
  responses: { topic: string; partitions: { partition: number; offset: string; metadata: string | null; errorCode: number }[] }[];
}

export interface KafkaInternalBroker {
  /** One DescribeGroups request for any number of groups (all must have this broker as coordinator). */
  describeGroups(request: { groupIds: string[] }): Promise<GroupDescriptionResponse>;
  /** OffsetFetch for one group; no topics means every partition the group committed. */
  offsetFetch(request: { groupId: string; topics: { topic: string; partitions: { partition: number }[] }[] }): Promise<OffsetFetchResponse>;
  listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }>;
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

export interface ClusterMetadata {
  brokers: { nodeId: number; host: string; port: number }[];
  topicMetadata: {
    topic: string;
    isInternal?: boolean;
    partitionMetadata: { partitionId: number; leader: number }[];
  }[];
}

export interface KafkaInternalCluster {
  /** kafkajs's broker pool: the metadata it last fetched and the brokers it knows. */
  brokerPool: {
    metadata: ClusterMetadata | null;
    brokers: Record<string, unknown>;
    refreshMetadata(topics: string[]): Promise<void>;
  };
  /** Topics whose metadata every refresh of this cluster asks for. */
  targetTopics: Set<string>;
  getNodeIds(): string[];
  findGroupCoordinatorMetadata(args: { groupId: string; coordinatorType?: number }): Promise<{ coordinator: { nodeId: number } }>;
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

/** What a kafkajs Broker keeps that our own requests need: its ApiVersions answer and its connection. */
interface BrokerInternals {
  versions?: Record<string, { minVersion: number; maxVersion: number } | undefined>;
  connectionPool?: { send(request: unknown): Promise<unknown> };
}

/** The versions of request `apiKey` this broker offered in its ApiVersions answer. */
export function offeredVersions(broker: KafkaInternalBroker, apiKey: number): { minVersion: number; maxVersion: number } | undefined {
  return (broker as unknown as BrokerInternals).versions?.[apiKey];
}

/**
 * Sends a request kafkajs does not have (encoded by us, e.g. with flexible-codec.ts) on this broker's
 * connection and decodes the answer with `decode`. kafkajs writes the request header (v1) and then
 * whatever encode() gives: an object with the bytes in `buf` and `buffer`, as its own Encoder has.
 */
export async function sendOwnRequest<T>(
  broker: KafkaInternalBroker,
  request: { apiKey: number; apiVersion: number; apiName: string; body: Buffer },
  decode: (data: Buffer) => T,
): Promise<T> {
  const pool = (broker as unknown as BrokerInternals).connectionPool;
  if (!pool) throw new Error("kafkajs internals changed: broker connection pool not found");
  const { apiKey, apiVersion, apiName, body } = request;
  return (await pool.send({
    request: { apiKey, apiVersion, apiName, encode: async () => ({ buf: body, buffer: body }) },
    response: { decode: async (data: Buffer) => decode(data), parse: async (answer: T) => answer },
  })) as T;
}

export function createInternalCluster(kafka: Kafka): KafkaInternalCluster {
  const factorySymbol = Object.getOwnPropertySymbols(kafka).find(
    (symbol) => symbol.description === "private:Kafka:createCluster",
  );
  if (!factorySymbol) throw new Error("kafkajs internals changed: cluster factory not found");
  const factory = (kafka as unknown as Record<symbol, (options: object) => KafkaInternalCluster>)[factorySymbol];
  return factory({ metadataMaxAge: 60_000, allowAutoTopicCreation: false });
}

/**
 * One Metadata request for every topic; the result becomes the cluster's metadata (leaders for
 * ListOffsets, brokers for ListGroups), and every topic becomes a target topic so that any later
 * refresh on this cluster keeps covering all of them (and drops deleted ones).
 */
export async function refreshAllTopicsMetadata(cluster: KafkaInternalCluster): Promise<ClusterMetadata> {
  await cluster.brokerPool.refreshMetadata([]); // an empty list asks for all topics
  const metadata = cluster.brokerPool.metadata;
  if (!metadata) throw new Error("Kafka metadata refresh returned nothing");
  // In place (kafkajs's addMultipleTargetTopics holds a reference to this set).
  const names = new Set(metadata.topicMetadata.map((topic) => topic.topic));
  for (const topic of cluster.targetTopics) if (!names.has(topic)) cluster.targetTopics.delete(topic);
  for (const topic of names) cluster.targetTopics.add(topic);
  return metadata;
}
