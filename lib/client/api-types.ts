// Response shapes of the Eventscope HTTP API v1 as the browser sees them (see /api/v1/openapi.json).
// Plain types only; kept on the client side so client components never import server modules.

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
}

export interface TopicDetail {
  name: string;
  partitions: PartitionOffsets[];
  subjects?: string[];
  bytes?: number | null;
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
}

export interface MessageCursor {
  partition: number;
  offset: number;
}

export interface MessagesResponse {
  messages: Message[];
  next?: MessageCursor;
}

export interface ConsumerRow {
  group: string;
  state: string;
  members: number;
  topics: string[];
  lag: number | null;
  lagSeconds: number | null;
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
  members: number;
  topics: string[];
  memberDetails: MemberDetail[];
  partitions: ConsumerPartition[];
  pending?: number;
  ackPending?: number;
  redelivered?: number;
  delivered?: number;
}
