// The one interface every broker connector implements. Plain types only: safe to import anywhere.

export type ClusterKind = "kafka" | "nats";
export type ClusterStatus = "up" | "down" | "unknown";

export interface TopicSummary {
  name: string;
  partitions: number;
  messages: number | null;
  /** Bytes on disk where the broker reports them (JetStream); null when unknown (Kafka). */
  bytes: number | null;
}

export interface PartitionOffsets {
  partition: number;
  /** Kafka low watermark / JetStream first sequence. */
  low: number;
  /** Kafka high watermark (next offset) / JetStream last sequence + 1. */
  high: number;
  messages: number;
}

export interface TopicDetail {
  name: string;
  partitions: PartitionOffsets[];
  subjects?: string[];
  bytes: number | null;
}

export interface ReadMessagesQuery {
  partition?: number;
  /** Kafka offset or JetStream stream sequence to start from (inclusive). */
  from?: number;
  /** Start from the first message at or after this time. */
  since?: Date;
  limit: number;
}

export interface RawMessage {
  partition: number;
  offset: number;
  timestamp: string;
  key: Buffer | null;
  headers: Record<string, Buffer>;
  value: Buffer | null;
  subject?: string;
}

export interface ReadMessagesResult {
  messages: RawMessage[];
  /** Where the next page starts, per partition read; absent when the end was reached. */
  next?: { partition: number; offset: number };
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Committed offset (Kafka) / ack floor stream sequence + 1 (JetStream); null when nothing committed. */
  committed: number | null;
  high: number;
  lag: number;
  /** True when the group has no commit for this partition (lag counted from the low watermark). */
  noCommit?: boolean;
}

export interface ConsumerSummary {
  group: string;
  state: string;
  members: number;
  topics: string[];
  lag: number;
  partitions: PartitionLag[];
  /** JetStream only: the two parts of the lag, and delivery figures. */
  pending?: number;
  ackPending?: number;
  redelivered?: number;
  delivered?: number;
}

export interface MemberInfo {
  memberId: string;
  clientId: string;
  host: string;
  assignments: { topic: string; partitions: number[] }[];
}

export interface ConsumerDetail extends ConsumerSummary {
  memberDetails: MemberInfo[];
}

export interface PublishRequest {
  topic: string;
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
  partition?: number;
  /** JetStream de-duplication id (Nats-Msg-Id). */
  msgId?: string;
}

export interface PublishResult {
  partition: number;
  offset: number;
  duplicate?: boolean;
}

/** Everything one sampling cycle needs, fetched with batched requests. */
export interface ClusterSnapshot {
  /** When the offsets were read, epoch ms. */
  at: number;
  topics: { name: string; partitions: PartitionOffsets[]; bytes: number | null }[];
  consumers: ConsumerSummary[];
}

export interface BrokerConnector {
  readonly kind: ClusterKind;
  /** Resolves when the broker answers; throws BrokerError("broker-unavailable") with the reason otherwise. */
  checkHealth(): Promise<void>;
  listTopics(): Promise<TopicSummary[]>;
  describeTopic(topic: string): Promise<TopicDetail>;
  readMessages(topic: string, query: ReadMessagesQuery): Promise<ReadMessagesResult>;
  /** Every consumer group id (Kafka) or `<stream>.<consumer>` (JetStream): one cheap listing call. */
  listConsumerNames(): Promise<string[]>;
  /** Lag and state for the given groups (all when omitted), with batched broker requests. */
  listConsumers(names?: string[]): Promise<ConsumerSummary[]>;
  describeConsumer(group: string): Promise<ConsumerDetail>;
  publish(request: PublishRequest): Promise<PublishResult>;
  /**
   * Publishes many messages, in order, as fast as the broker allows: Kafka batches per topic with an
   * idempotent producer; JetStream pipelines publishes and returns each PubAck (duplicate flag set
   * when the Nats-Msg-Id was seen before). Rejects if any message failed.
   */
  publishBatch(requests: PublishRequest[]): Promise<PublishResult[]>;
  /** Per partition, the first offset whose message time is at or after `at` (high watermark if none). */
  offsetsAtTime(topic: string, at: Date): Promise<Map<number, number>>;
  /** JetStream: removes one message from a stream. Kafka cannot delete single messages. */
  deleteMessage(topic: string, offset: number): Promise<boolean>;
  /**
   * JetStream: makes sure the stream that captures MAX_DELIVERIES / MSG_TERMINATED advisories exists
   * (Limits retention, 7 days), so messages that exhausted their deliveries can be found later.
   */
  captureDeliveryAdvisories?(stream: string, subjects: string[]): Promise<void>;
  /** Log ends of every partition and committed offsets of every group, for the sampler. */
  snapshot(): Promise<ClusterSnapshot>;
  close(): Promise<void>;
}
