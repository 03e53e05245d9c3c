// TanStack Query keys for the console, from one factory. Keys are hierarchical so that invalidating a
// parent refreshes everything below it:
//   ['clusters']                                    cluster list (parent of everything)
//   ['clusters', id]                                one cluster
//   ['clusters', id, 'topics']                      topic/stream list
//   ['clusters', id, 'topics', topic]               one topic's partitions
//   ['clusters', id, 'topics', topic, 'messages', params]
//   ['clusters', id, 'consumers']                   parent of consumer pages and groups
//   ['clusters', id, 'consumers', {page params}]    one page of the group list
//   ['clusters', id, 'consumers', group]            one group

export interface ConsumerPageParams {
  q: string;
  limit: number;
  cursor: string | null;
}

export interface MessageBrowseParams {
  /** null: all partitions. */
  partition: number | null;
  from: number | null;
  /** ISO time. */
  since: string | null;
  limit: number;
  q: string;
}

export const queryKeys = {
  clusters: () => ["clusters"] as const,
  cluster: (clusterId: string) => ["clusters", clusterId] as const,
  topics: (clusterId: string) => ["clusters", clusterId, "topics"] as const,
  topic: (clusterId: string, topic: string) => ["clusters", clusterId, "topics", topic] as const,
  messages: (clusterId: string, topic: string, params: MessageBrowseParams) =>
    ["clusters", clusterId, "topics", topic, "messages", params] as const,
  consumers: (clusterId: string) => ["clusters", clusterId, "consumers"] as const,
  consumerPage: (clusterId: string, params: ConsumerPageParams) =>
    ["clusters", clusterId, "consumers", { page: params }] as const,
  consumer: (clusterId: string, group: string) => ["clusters", clusterId, "consumers", group] as const,
} as const;
