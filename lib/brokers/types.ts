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

/** One message as a search scan sees it: raw bytes, not copied, valid only during the visit. */
export interface ScannedMessage {
  partition: number;
  offset: number;
  timestampMs: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
  subject?: string;
}

export interface ScanMessagesRequest {
  partition?: number;
  /** Offset / stream sequence to start from (inclusive); without it and without since, the beginning. */
  from?: number;
  since?: Date;
  /** Continue an earlier scan: exactly these partitions from these offsets (partition/from/since ignored). */
  resume?: { partition: number; offset: number }[];
  /** Called per message, in offset order within a partition; true stops the scan right after it. */
  visit(message: ScannedMessage): boolean;
  /** Asked between broker reads; true stops the scan. */
  shouldStop(): boolean;
}

export interface ScanMessagesResult {
  /** Next offset per partition that had not reached, when the scan stopped, the end it had when it began. */
  remaining: { partition: number; offset: number }[];
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

/** Which partitions an offset reset looks at (see lib/consumers/reset-offsets.ts). */
export interface ResetScope {
  /** Every partition of these topics (streams). Without topics or partitions: what the group has committed or is assigned. */
  topics?: string[];
  /** Exactly these partitions (a reset to specific offsets). */
  partitions?: { topic: string; partition: number }[];
  /** Also find, per partition, the first offset whose timestamp is at or after this time (epoch ms). */
  timestamp?: number;
}

export interface ResetPosition {
  topic: string;
  partition: number;
  /** Where the group stands: Kafka committed offset; JetStream first sequence not yet acknowledged. Null when unknown. */
  committed: number | null;
  low: number;
  high: number;
  /** Lag now, as the consumer pages report it. */
  lag: number;
  /** With ResetScope.timestamp: the first offset at or after that time; null when no message is. */
  atTimestamp?: number | null;
  /** True when lag after a reset can only be bounded (a JetStream consumer with a subject filter). */
  lagIsEstimate?: boolean;
}

/**
 * How a broker moves a group's position: "commit" (Kafka OffsetCommit, group must have no members),
 * "reset" (JetStream 2.14+ consumer reset, in place), "recreate" (JetStream durable deleted and created
 * again at the new start: needs the caller's explicit consent), "none" (cannot be moved).
 */
export type ResetMethod = "commit" | "reset" | "recreate" | "none";

export interface ResetPositions {
  group: string;
  state: string;
  members: number;
  partitions: ResetPosition[];
  /** Topics (streams) named in the scope that do not exist, or are not this consumer's stream. */
  missingTopics: string[];
  /** Partitions named in the scope that their topic does not have. */
  missingPartitions: { topic: string; partition: number }[];
  method: ResetMethod;
  /** Why the method is "recreate" or "none", in a plain sentence. */
  methodNote?: string;
}

export interface ResetRequest {
  offsets: { topic: string; partition: number; offset: number }[];
  /** JetStream: allow deleting and recreating the durable consumer when it cannot be moved in place. */
  recreate?: boolean;
}

export type ResetOutcome =
  | { ok: true; method: Exclude<ResetMethod, "none"> }
  | { ok: false; code: "active-members"; members: number; state: string }
  | { ok: false; code: "unsupported"; reason: string };

export interface BrokerConnector {
  readonly kind: ClusterKind;
  /** Resolves when the broker answers; throws BrokerError("broker-unavailable") with the reason otherwise. */
  checkHealth(): Promise<void>;
  listTopics(): Promise<TopicSummary[]>;
  describeTopic(topic: string): Promise<TopicDetail>;
  readMessages(topic: string, query: ReadMessagesQuery): Promise<ReadMessagesResult>;
  /**
   * Reads forward in big batches and hands each message's raw bytes to `visit` (server-side search):
   * up to the log end as of the start, or until visit / shouldStop says stop.
   */
  scanMessages(topic: string, request: ScanMessagesRequest): Promise<ScanMessagesResult>;
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
  /** Committed positions, log bounds and group state for planning an offset reset; 404 for an unknown group. */
  readResetPositions(group: string, scope: ResetScope): Promise<ResetPositions>;
  /** Moves the group to the given offsets, checking its members first (typed refusal, never a partial move). */
  resetOffsets(group: string, request: ResetRequest): Promise<ResetOutcome>;
  /** Log ends of every partition and committed offsets of every group, for the sampler. */
  snapshot(): Promise<ClusterSnapshot>;
  close(): Promise<void>;
}
