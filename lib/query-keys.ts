// TanStack Query keys for the console, from one factory. Keys are hierarchical so that invalidating a
// parent refreshes everything below it:
//   ['clusters']                                    cluster list (parent of everything)
//   ['clusters', id]                                one cluster
//   ['clusters', id, 'history', window]             total throughput history
//   ['clusters', id, 'topics']                      topic/stream list
//   ['clusters', id, 'topics', topic]               one topic's partitions
//   ['clusters', id, 'topics', topic, 'messages', params]
//   ['clusters', id, 'topics', topic, 'history', window]
//   ['clusters', id, 'consumers']                   parent of consumer pages and groups
//   ['clusters', id, 'consumers', {page params}]    one page of the group list
//   ['clusters', id, 'consumers', group]            one group
//   ['clusters', id, 'consumers', group, 'history', window]
//   ['clusters', id, 'consumers', group, 'pending', {page params}]
//   ['clusters', id, 'dlq']                         DLQ list (parent of every DLQ below)
//   ['clusters', id, 'dlq', topic]                  one DLQ: parent of its summary and message pages
//   ['clusters', id, 'dlq', topic, 'summary']
//   ['clusters', id, 'dlq', topic, 'messages', params]
//   ['jobs']                                        parent of job pages and jobs
//   ['jobs', {page params}]  /  ['jobs', id]

export interface ConsumerPageParams {
  q: string;
  limit: number;
  cursor: string | null;
  /** Absent: by name, A to Z (the server's default). */
  sort?: "name" | "lag" | "lagSeconds" | "status";
  dir?: "asc" | "desc";
  status?: string;
  /** Only groups reading this topic. */
  topic?: string;
}

export interface MessageBrowseParams {
  /** null: all partitions. */
  partition: number | null;
  from: number | null;
  /** Where messages carry ids (Redis Streams): the id to start at; wins over from. */
  fromId?: string | null;
  /** ISO time. */
  since: string | null;
  limit: number;
  q: string;
  /** With q: the `next` of the previous search answer, to continue where it stopped. */
  cursor?: string;
}

export interface DlqMessagesParams {
  status: string;
  q: string;
  error: string;
  originalTopic: string;
  /** ISO times, or null. */
  since: string | null;
  until: string | null;
  limit: number;
  cursor: string | null;
  /** null: DLQ order. */
  sort: string | null;
  dir: "asc" | "desc";
}

export interface JobPageParams {
  limit: number;
  cursor: string | null;
  /** The job list's order and filters (GET /api/v1/jobs); left out: newest first, every job. */
  sort?: string;
  dir?: "asc" | "desc";
  state?: string;
  kind?: string;
  q?: string;
}

export const queryKeys = {
  clusters: () => ["clusters"] as const,
  cluster: (clusterId: string) => ["clusters", clusterId] as const,
  clusterInfo: (clusterId: string) => ["clusters", clusterId, "info"] as const,
  topics: (clusterId: string) => ["clusters", clusterId, "topics"] as const,
  topic: (clusterId: string, topic: string) => ["clusters", clusterId, "topics", topic] as const,
  messages: (clusterId: string, topic: string, params: MessageBrowseParams) =>
    ["clusters", clusterId, "topics", topic, "messages", params] as const,
  consumers: (clusterId: string) => ["clusters", clusterId, "consumers"] as const,
  consumerPage: (clusterId: string, params: ConsumerPageParams) =>
    ["clusters", clusterId, "consumers", { page: params }] as const,
  consumer: (clusterId: string, group: string) => ["clusters", clusterId, "consumers", group] as const,
  clusterHistory: (clusterId: string, window: string) => ["clusters", clusterId, "history", window] as const,
  topicHistory: (clusterId: string, topic: string, window: string) =>
    ["clusters", clusterId, "topics", topic, "history", window] as const,
  pendingEntries: (clusterId: string, group: string, params: object) => ["clusters", clusterId, "consumers", group, "pending", params] as const,
  consumerHistory: (clusterId: string, group: string, window: string) =>
    ["clusters", clusterId, "consumers", group, "history", window] as const,
  dlqs: (clusterId: string) => ["clusters", clusterId, "dlq"] as const,
  dlq: (clusterId: string, topic: string) => ["clusters", clusterId, "dlq", topic] as const,
  dlqSummary: (clusterId: string, topic: string) => ["clusters", clusterId, "dlq", topic, "summary"] as const,
  dlqMessages: (clusterId: string, topic: string, params: DlqMessagesParams) =>
    ["clusters", clusterId, "dlq", topic, "messages", params] as const,
  jobs: () => ["jobs"] as const,
  jobPage: (params: JobPageParams) => ["jobs", { page: params }] as const,
  job: (jobId: string) => ["jobs", jobId] as const,
  // Idempotency stores and traces (top level, not per cluster):
  //   ['idempotency'] stores list, parent of each store's figures, record pages and records.
  idempotency: () => ["idempotency"] as const,
  idempotencyStore: (store: string) => ["idempotency", store] as const,
  idempotencyRecords: (store: string, params: IdempotencyRecordsParams) => ["idempotency", store, "records", params] as const,
  idempotencyRecord: (store: string, key: string) => ["idempotency", store, "record", key] as const,
  trace: (params: TraceParams) => ["trace", params] as const,
  //   ['metrics-sources'] the list, parent of each source's detail.
  metricsSources: () => ["metrics-sources"] as const,
  metricsSource: (source: string) => ["metrics-sources", source] as const,
} as const;

export interface IdempotencyRecordsParams {
  q: string;
  cursor: string | null;
  limit: number;
  sort: "store" | "newest";
}

export interface TraceParams {
  id: string;
  cluster: string | null;
  topic: string | null;
}
