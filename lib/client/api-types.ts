// Response shapes of the Eventscope HTTP API v1 as the browser sees them (see /api/v1/openapi.json).
// Plain types only; kept on the client side so client components never import server modules.
import type { ProcessedMark } from "@/lib/idempotency/types";
import type { JobView } from "@/lib/jobs/types";

export type ClusterKind = "kafka" | "nats";
export type ClusterStatus = "up" | "down" | "unknown";
export type ClusterSource = "file" | "database";

export interface Cluster {
  id: string;
  name: string;
  kind: ClusterKind;
  status: ClusterStatus;
  /** Why the cluster is down ("connection refused to localhost:9092"). */
  error?: string;
  source: ClusterSource;
  brokers?: string[];
  servers?: string[];
  samplingIntervalMs?: number;
  // Figures of the sampler's latest cycle; absent while down or until the first cycle ran.
  topicCount?: number;
  consumerCount?: number;
  dlqCount?: number;
  msgsPerSec?: number | null;
  /** Null when the broker does not report sizes (Kafka): unknown, never 0. */
  bytesPerSec?: number | null;
  /** Groups whose status is WARN or ERR. */
  groupsBehind?: number;
  /** ISO time of the sample these figures come from. */
  sampledAt?: string;
}

export interface ClustersResponse {
  clusters: Cluster[];
}

/** Body of POST /api/v1/clusters and PUT /api/v1/clusters/{id}. */
export type ClusterInput =
  | { id: string; name: string; kind: "kafka"; brokers: string[]; samplingIntervalMs?: number }
  | { id: string; name: string; kind: "nats"; servers: string[]; samplingIntervalMs?: number };

export interface ClusterMutationResponse {
  cluster: Cluster;
}

export interface TopicRow {
  name: string;
  partitions: number | null;
  messages: number | null;
  bytes: number | null;
  msgsPerSec: number | null;
  bytesPerSec: number | null;
  dlq: boolean;
  internal?: boolean;
}

export interface TopicsResponse {
  topics: TopicRow[];
}

export interface PartitionOffsets {
  partition: number;
  low: number;
  high: number;
  messages: number;
  /** Null until the sampler has two samples. */
  msgsPerSec?: number | null;
}

export interface TopicDetail {
  name: string;
  partitions: PartitionOffsets[];
  subjects?: string[];
  bytes?: number | null;
  dlq?: boolean;
  msgsPerSec?: number | null;
  bytesPerSec?: number | null;
}

export type MessageEncoding = "json" | "text" | "base64";

export interface Message {
  partition: number;
  offset: number;
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  value: string | null;
  encoding: MessageEncoding;
  size: number;
  truncated?: boolean;
  subject?: string;
  /** The event id the topic's rule found (config eventIds), and the idempotency record marking it processed. */
  eventId?: string | null;
  eventIdFrom?: string;
  processed?: ProcessedMark | null;
  /** Set when a store could not be asked and no record was found elsewhere. */
  processedError?: string;
}

export interface MessageCursor {
  partition: number;
  offset: number;
}

/** Why a server-side search stopped (API: stoppedBy). */
export type SearchStop = "matches" | "end" | "scanLimit" | "timeBudget";

export interface MessagesResponse {
  messages: Message[];
  /** Browsing: where the next page starts. Searching (q given): an opaque cursor to continue the search. */
  next?: MessageCursor | string;
  /** Searching only: messages this request looked at. */
  scanned?: number;
  /** Searching only. */
  stoppedBy?: SearchStop;
}

export interface ConsumerRow {
  group: string;
  state: string;
  members: number;
  topics: string[];
  lag: number | null;
  lagSeconds: number | null;
  /** True when lagSeconds is a lower bound (the commit is older than the sampler's history): shown as "≥ 3 m 20 s". */
  lagSecondsAtLeast?: boolean;
  status: string;
  /** Why the status is what it is ("committed offset stuck at 6 while lag is 254"). */
  statusReason?: string;
  /** Seconds until the lag is gone at the current consume rate; null when it is not draining. */
  drainSeconds?: number | null;
  /** Messages consumed per second. */
  consumeRate?: number | null;
}

export interface ConsumersResponse {
  consumers: ConsumerRow[];
  next?: string;
  total: number;
}

export interface MemberDetail {
  memberId: string;
  clientId: string;
  host: string;
  assignments: { topic: string; partitions: number[] }[];
}

export interface ConsumerPartition {
  topic: string;
  partition: number;
  committed: number | null;
  high: number;
  lag: number;
  lagSeconds: number | null;
  lagSecondsAtLeast?: boolean;
  status: string;
  statusReason?: string;
  noCommit?: boolean;
  /** Age of the oldest message not yet consumed. */
  oldestUnconsumedAgeSeconds?: number | null;
}

export interface ConsumerDetail {
  group: string;
  state: string;
  status: string;
  statusReason?: string;
  drainSeconds?: number | null;
  consumeRate?: number | null;
  lag: number | null;
  lagSeconds: number | null;
  lagSecondsAtLeast?: boolean;
  members: number;
  topics: string[];
  memberDetails: MemberDetail[];
  partitions: ConsumerPartition[];
  pending?: number;
  ackPending?: number;
  redelivered?: number;
  delivered?: number;
}

// ---------- History and live samples ----------

/** One throughput sample (cluster total or one topic). */
export interface RatePoint {
  /** ISO time. */
  t: string;
  msgsPerSec: number | null;
  bytesPerSec: number | null;
}

/** GET /clusters/{c}/history and /clusters/{c}/topics/{t}/history. */
export interface RateHistoryResponse {
  /** Window length in seconds. */
  window: number;
  points: RatePoint[];
}

export interface LagPoint {
  /** ISO time. */
  t: string;
  lag: number | null;
  lagSeconds: number | null;
}

export interface PartitionLagSeries {
  topic: string;
  partition: number;
  points: LagPoint[];
}

/** GET /clusters/{c}/consumers/{g}/history: the group's total and each partition. */
export interface ConsumerHistoryResponse {
  window: number;
  points: LagPoint[];
  partitions: PartitionLagSeries[];
}

/** One sampling cycle as pushed by GET /api/v1/live (event "sample"). */
export interface LiveEvent {
  id: number;
  cluster: string;
  /** Epoch milliseconds of the sample. */
  t: number;
  msgsPerSec: number | null;
  bytesPerSec: number | null;
  topics: { name: string; msgsPerSec: number | null; bytesPerSec: number | null; messages: number | null }[];
  consumers: {
    group: string;
    lag: number | null;
    lagSeconds: number | null;
    /** Present when lagSeconds is a lower bound. */
    lagSecondsAtLeast?: boolean;
    status: string;
    reason: string;
    /** Seconds to drain at the current consume rate (servers since the SSE payload carries it). */
    drainSeconds?: number | null;
    consumeRate?: number | null;
  }[];
}

// ---------- Dead-letter queues and jobs (issue 4) ----------

/** "advisories": the EVENTSCOPE_ADVISORIES stream, JetStream messages that hit MaxDeliver. */
export type DlqKind = "topic" | "advisories";

export interface DlqRow {
  topic: string;
  kind: DlqKind;
  originalTopics: string[];
  messages: number;
  pending: number;
}

export interface DlqsResponse {
  dlqs: DlqRow[];
}

export type DlqMessageStatus = "pending" | "requeuing" | "requeued" | "discarded";
export type DlqStatusFilter = "pending" | "requeued" | "discarded" | "all";

export interface DlqMessage extends Message {
  /** `<partition>-<offset>` on Kafka, `<seq>` on JetStream. */
  id: string;
  originalTopic: string | null;
  originalPartition?: number;
  originalOffset?: number;
  /** JetStream: the subject a requeue publishes to. */
  originalSubject?: string;
  error: string;
  errorClass?: string;
  attempts: number | null;
  status: DlqMessageStatus;
}

export interface DlqMessagesResponse {
  messages: DlqMessage[];
  /** Opaque cursor of the next page (forward only). */
  next?: string;
  /** DLQ messages looked at to fill this page. */
  scanned: number;
}

export interface DlqErrorGroup {
  error: string;
  count: number;
  oldest: string;
  newest: string;
  originalTopics: string[];
}

/** GET /clusters/{c}/dlq/{topic}/summary: pending messages grouped by error. */
export interface DlqSummaryResponse {
  groups: DlqErrorGroup[];
  pending: number;
  scanned: number;
  /** The scan stopped at its budget: the figures cover the start of the DLQ only. */
  truncated: boolean;
}

/** A DLQ filter as the requeue and discard bodies take it (since/until: ISO times). */
export interface DlqFilterBody {
  q?: string;
  error?: string;
  originalTopic?: string;
  since?: string;
  until?: string;
}

/** Which messages an action is about: exactly one of ids, filter or all. */
export type DlqTargetSelector = { ids: string[] } | { filter: DlqFilterBody } | { all: true };

export type RequeueBody = DlqTargetSelector & {
  dryRun?: boolean;
  target?: string;
  ratePerSec?: number;
  dropHeaders?: string[];
  setHeaders?: Record<string, string>;
  /** Only with exactly one id: the edited value to send instead of the original. */
  value?: string;
  /** Only with ids: delete the events' idempotency records first, so they are processed again. */
  clearIdempotencyRecords?: boolean;
};

export interface RequeueDryRunResponse {
  matched: number;
  /** With clearIdempotencyRecords: how many of the events have a record that would be deleted. */
  recordsToClear?: number;
}

export interface RequeueStartedResponse {
  job: Job;
  /** With clearIdempotencyRecords: records deleted before the job started. */
  clearedRecords?: number;
}

export interface DiscardResponse {
  discarded: number;
}

export type { JobKind, JobState } from "@/lib/jobs/types";
/** One job as the jobs API returns it (the same plain type the server builds). */
export type Job = JobView;

export interface JobsResponse {
  jobs: Job[];
  next?: string;
}
