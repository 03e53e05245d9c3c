// The one interface every broker connector implements. Plain types only: safe to import anywhere.
import type { BrokerCapabilities } from "./capabilities";
import type { BrokerDelivery, DeliveryOptions } from "./delivery";
import type { ClusterKind } from "./kinds";
import type { NameCheck, NameKind, TargetCheck } from "./names";
import type { ClusterInfo as ContractClusterInfo } from "@/lib/contract/clusters";

export type { ClusterKind } from "./kinds";
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
  /**
   * Brokers whose messages carry an `id` (Redis Streams, `<ms>-<seq>`): the id to start from
   * (inclusive); wins over `from`. The connector refuses a malformed one with a 400 naming "fromId".
   */
  fromId?: string;
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
  /**
   * Brokers whose positions are not numbers (Redis Streams: the entry id `<ms>-<seq>`, two 64-bit
   * parts). When present it is what addresses the message everywhere (cursors, DLQ ids, deletes);
   * `offset` is then only positional (see MessagePosition).
   */
  id?: string;
  /**
   * Brokers whose positions shift as messages leave a queue (RabbitMQ): an identity derived from the
   * message itself, the same at every read. It is the message's DLQ id and its requeue marker.
   */
  stableId?: string;
  /**
   * Where the broker says the message was first published, in the connector's own words (RabbitMQ:
   * the first death's exchange and routing key). A requeue without a target publishes along it.
   */
  route?: string;
}

/**
 * A place in a topic. `id`, when the broker has one (Redis Streams), is the exact position; `offset`
 * is then only positional: the entry's place in the stream counted from its first entry at read time
 * when the read started at a numeric position, else its place in the answer. Never compute with the
 * offset of a position that has an id: use the id (it is lossless, the number cannot be).
 */
export interface MessagePosition {
  partition: number;
  offset: number;
  id?: string;
}

export interface ReadMessagesResult {
  messages: RawMessage[];
  /** Where the next page starts, per partition read; absent when the end was reached. */
  next?: MessagePosition;
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
  /** As RawMessage.stableId and RawMessage.route. */
  stableId?: string;
  route?: string;
  /** As RawMessage.id: the message's exact position where the broker's positions are not numbers. */
  id?: string;
}

export interface ScanMessagesRequest {
  partition?: number;
  /** Offset / stream sequence to start from (inclusive); without it and without since, the beginning. */
  from?: number;
  since?: Date;
  /** Start at this id (inclusive), on brokers whose messages carry one; wins over from/since. */
  fromId?: string;
  /** Continue an earlier scan: exactly these partitions from these positions (partition/from/since ignored); an id wins over the offset. */
  resume?: MessagePosition[];
  /** Called per message, in offset order within a partition; true stops the scan right after it. */
  visit(message: ScannedMessage): boolean;
  /** Asked between broker reads; true stops the scan. */
  shouldStop(): boolean;
}

export interface ScanMessagesResult {
  /** Next offset per partition that had not reached, when the scan stopped, the end it had when it began. */
  remaining: MessagePosition[];
  /**
   * Messages of the topic the scan could not see at all, with why (RabbitMQ: delivered to a consumer
   * and not yet acknowledged, so invisible to a read). A count or a selection built from this scan
   * would silently leave them out.
   */
  unseen?: { messages: number; reason: string };
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
  /** Figures only this broker has (Redis Streams: last delivered id, undelivered/pending split, oldest pending entry), shown as they are. */
  brokerFigures?: Record<string, unknown>;
}

export interface PublishRequest {
  topic: string;
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
  partition?: number;
  /** JetStream de-duplication id (Nats-Msg-Id). */
  msgId?: string;
  /** Publish along this route (a RawMessage.route) instead of to `topic`, which then only names the place. */
  route?: string;
}

export interface PublishResult {
  partition: number;
  offset: number;
  /** The new message's id on brokers whose messages carry one (Redis Streams; offset is then -1). */
  id?: string;
  duplicate?: boolean;
}

/** A message whose timestamp is wanted: Kafka offset or JetStream stream sequence. */
export interface OffsetTimestampRequest {
  topic: string;
  partition: number;
  offset: number;
}

/** Everything one sampling cycle needs, fetched with batched requests. */
export interface ClusterSnapshot {
  /** When the offsets were read, epoch ms. */
  at: number;
  /** When the snapshot's first request was sent, epoch ms (set by the console's sampling connector). */
  startedAt?: number;
  topics: { name: string; partitions: PartitionOffsets[]; bytes: number | null; subjects?: string[] }[];
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
  /**
   * Entries delivered and not acknowledged that a reset leaves where they are (Redis Streams' PEL:
   * XGROUP SETID does not touch it): still counted in the lag after the reset.
   */
  pendingKept?: number;
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

/** What the cluster page shows (GET /api/v1/clusters/{cluster}/info): the contract's shape, which each connector's clusterInfo builds. */
export type ClusterInfo = ContractClusterInfo;
/** One broker (Kafka) or server (NATS) of a cluster. */
export type ClusterNode = ClusterInfo["nodes"][number];
/** A setting that matters to an operator, with where its value comes from. */
export type ClusterSetting = ClusterInfo["settings"][number];

/** One entry of a group's pending entries list: delivered, not acknowledged. */
export interface PendingEntryView {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

export interface PendingEntriesQuery {
  limit: number;
  /** Continue after this entry id (oldest-first order). */
  after?: string;
  consumer?: string;
  minIdleMs?: number;
  /** "id" (oldest first, default), "idle" or "deliveries" (highest first). */
  sort?: "id" | "idle" | "deliveries";
  /** Sort "idle"/"deliveries": skip this many sorted entries (the previous page's nextOffset). */
  offset?: number;
}

export interface DeadLetterCriteria {
  /** Entries delivered at least this many times... */
  minDeliveries: number;
  /** ...and not delivered again for at least this long. */
  minIdleMs?: number;
}

/**
 * Brokers whose groups keep a list of delivered, unacknowledged entries per consumer (Redis Streams'
 * PEL): reading it, and moving entries past a delivery limit to a dead-letter destination. Each move
 * is atomic and re-checked at the broker, so a job may simply run again after a crash.
 */
export interface PendingEntries {
  list(group: string, query: PendingEntriesQuery): Promise<{ entries: PendingEntryView[]; total: number; next?: string; nextOffset?: number; sortedWithin?: number }>;
  /** How many entries the criteria match now (a dry run), and where they would go. */
  match(group: string, criteria: DeadLetterCriteria): Promise<{ matched: number; destination: string }>;
  /** Moves every matching entry; `onBatch` after each batch (false: stop, e.g. the job was cancelled). */
  deadLetter(
    group: string,
    criteria: DeadLetterCriteria,
    onBatch: (batch: { moved: number; refused: { id: string; reason: string }[] }) => Promise<boolean>,
  ): Promise<{ matched: number; moved: number; destination: string }>;
  /**
   * The operator's claim/ack dry run: how many entries the selection matches now (pending, idle at
   * least minIdleMs), and for a claim whether the consumer exists already (a claim creates it).
   * 400 for a malformed id or consumer name, before anything is sent.
   */
  matchSelection(group: string, selection: PendingSelection, consumer?: string): Promise<{ matched: number; consumerExists?: boolean }>;
  /**
   * Claims the selected entries to a consumer, or acks them, a batch at a time; each entry is
   * re-checked at the broker (still pending, idle long enough), so running it again is harmless.
   * `onBatch` after each batch (false: stop).
   */
  apply(
    group: string,
    selection: PendingSelection,
    action: PendingAction,
    onBatch: (batch: { done: number; skipped: number }) => Promise<boolean>,
  ): Promise<{ matched: number; done: number }>;
}

/** Entries an operator acts on: these ids, or (without ids) every entry idle at least minIdleMs. */
export interface PendingSelection {
  ids?: string[];
  minIdleMs?: number;
}

export type PendingAction = { kind: "claim"; consumer: string } | { kind: "ack" };

export interface BrokerConnector {
  readonly kind: ClusterKind;
  /** What this broker can do (lib/brokers/capabilities.ts): code outside lib/brokers decides by these, never by kind. */
  readonly capabilities: BrokerCapabilities;
  /** This broker's crash-safe "publish once" protocol for one job (lib/brokers/delivery.ts). */
  delivery(options: DeliveryOptions): BrokerDelivery;
  /**
   * Pure, no broker call: whether `name` is a topic (stream) or group name this broker accepts. Every
   * method below that takes a topic or a group refuses a bad one with a 400 naming "topic" or "group"
   * before anything is sent.
   */
  checkName(kind: NameKind, name: string): NameCheck;
  /**
   * Whether requeued or replayed copies may be published to `target`: first the broker's rule on the
   * name (never an API, system or internal name), then a look-up (a stream captures the subject; the
   * topic exists). A refusal is a result, not an error; an outage still throws.
   */
  checkTarget(target: string): Promise<TargetCheck>;
  /** Pure: whether a requeue may set this header (name and value) on this broker. */
  checkHeader(name: string, value: string): NameCheck;
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
  /**
   * How many of these positions still hold a message: Kafka, within the partition's retained range;
   * JetStream, within the stream and not deleted. (DLQ counts subtract only the requeued or discarded
   * messages that are still there: JetStream deletes them, but a server crash can bring deletions back.)
   */
  countRetained(topic: string, positions: MessagePosition[]): Promise<number>;
  /** JetStream: removes one message from a stream (Redis Streams: by `id`). Kafka cannot delete single messages. */
  deleteMessage(topic: string, offset: number, id?: string): Promise<boolean>;
  /**
   * Brokers whose messages carry ids (Redis Streams): the messages with these ids, in one batched
   * read; ids that are gone are left out.
   */
  readMessagesByIds?(topic: string, ids: string[]): Promise<RawMessage[]>;
  /**
   * The broker's own count of the messages a topic holds now, without reading them (RabbitMQ: ready +
   * unacknowledged from the management API). Where reading stops short of a big queue, an unfiltered
   * count uses this instead.
   */
  countMessages?(topic: string): Promise<number>;
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
  /**
   * The timestamp (epoch ms) of the message at, or first after, each offset; null where none could be
   * read. Batched: the sampler asks for the messages at the commits its history does not reach back to.
   */
  readOffsetTimestamps?(requests: OffsetTimestampRequest[]): Promise<(number | null)[]>;
  /** Brokers with per-group pending entries (Redis Streams): the PEL and dead-lettering from it. */
  readonly pendingEntries?: PendingEntries;
  /** Nodes, version, controller, listeners, topic and partition counts and key settings (the cluster page). */
  describeCluster?(): Promise<ClusterInfo>;
  /**
   * DLQs the broker's own topology names, beyond the naming conventions (RabbitMQ: queues reached
   * through another queue's dead-letter exchange), each with the topics that dead-letter into it.
   */
  deadLetterQueues?(): Promise<{ topic: string; originalTopics: string[] }[]>;
  /** Brokers whose messages carry a route (RawMessage.route): whether publishing along it can succeed now. */
  checkRoute?(route: string): Promise<TargetCheck>;
  /**
   * Brokers whose DLQ ids are derived (RawMessage.stableId): removes the messages with these ids from
   * the queue (discard); returns the ids removed.
   */
  removeMessages?(topic: string, stableIds: string[]): Promise<string[]>;
  close(): Promise<void>;
}
