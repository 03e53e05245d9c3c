"use client";
// TanStack Query hooks for the console's reads and writes. Keys come from lib/query-keys.ts,
// intervals from ./query-config.ts; every mutation invalidates its parent key.
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { queryKeys, type ConsumerPageParams, type MessageBrowseParams } from "@/lib/query-keys";
import { api, seg } from "./api-client";
import type { Cluster, ClusterInput, ClusterMutationResponse, ClustersResponse } from "@/lib/contract/clusters";
import type { RateHistoryResponse } from "@/lib/contract/common";
import type { ConsumerDetail, ConsumerHistoryResponse, ConsumersResponse } from "@/lib/contract/consumers";
import type { MessagesResponse, TopicDetail, TopicsResponse } from "@/lib/contract/topics";
import type { ClusterInfo } from "@/lib/brokers/types";
import { liveMeta } from "./live-reducer";
import {
  CLUSTERS_POLL_MS,
  CONSUMER_DETAIL_POLL_MS,
  CONSUMERS_POLL_MS,
  GROUPS_BEHIND_SCAN_LIMIT,
  MESSAGES_STALE_MS,
  OVERVIEW_COUNTS_POLL_MS,
  TOPIC_DETAIL_POLL_MS,
  pollUnlessNotFound,
  TOPICS_POLL_MS,
} from "./query-config";
import { useHydrated } from "./use-hydrated";

export function useClusters() {
  return useQuery({
    queryKey: queryKeys.clusters(),
    queryFn: ({ signal }) => api.get<ClustersResponse>("/clusters", undefined, signal),
    refetchInterval: CLUSTERS_POLL_MS,
    meta: liveMeta({ kind: "clusters" }),
  });
}

/**
 * One cluster, read from the (shared, polled) cluster list. `cluster` is undefined while loading,
 * while the page hydrates (see useHydrated), or when unknown (`missing`).
 */
export function useCluster(clusterId: string) {
  const hydrated = useHydrated();
  const query = useClusters();
  const cluster: Cluster | undefined = hydrated ? query.data?.clusters.find((c) => c.id === clusterId) : undefined;
  return { cluster, query, missing: hydrated && query.isSuccess && !cluster };
}

export function useTopics(clusterId: string, options: { refetchInterval?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.topics(clusterId),
    queryFn: ({ signal }) => api.get<TopicsResponse>(`/clusters/${seg(clusterId)}/topics`, undefined, signal),
    refetchInterval: options.refetchInterval ?? TOPICS_POLL_MS,
    enabled: options.enabled ?? true,
    meta: liveMeta({ kind: "topics" }),
  });
}

/** The cluster page: nodes, version, listeners, counts and settings (slow to change: polled rarely). */
export function useClusterInfo(clusterId: string) {
  return useQuery({
    queryKey: queryKeys.clusterInfo(clusterId),
    queryFn: ({ signal }) => api.get<{ info: ClusterInfo }>(`/clusters/${seg(clusterId)}/info`, undefined, signal),
    refetchInterval: pollUnlessNotFound(OVERVIEW_COUNTS_POLL_MS),
  });
}

export function useTopic(clusterId: string, topic: string, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.topic(clusterId, topic),
    queryFn: ({ signal }) =>
      api.get<TopicDetail>(`/clusters/${seg(clusterId)}/topics/${seg(topic)}`, undefined, signal),
    refetchInterval: pollUnlessNotFound(options.refetchInterval ?? TOPIC_DETAIL_POLL_MS),
    meta: liveMeta({ kind: "topic", topic }),
  });
}

export function useMessages(clusterId: string, topic: string, params: MessageBrowseParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.messages(clusterId, topic, params),
    queryFn: ({ signal }) =>
      api.get<MessagesResponse>(
        `/clusters/${seg(clusterId)}/topics/${seg(topic)}/messages`,
        { partition: params.partition, from: params.from, fromId: params.fromId ?? null, since: params.since, limit: params.limit, q: params.q, cursor: params.cursor },
        signal,
      ),
    staleTime: MESSAGES_STALE_MS,
    refetchOnWindowFocus: false,
    enabled,
  });
}

export function useConsumerPage(
  clusterId: string,
  params: ConsumerPageParams,
  options: { refetchInterval?: number; enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: queryKeys.consumerPage(clusterId, params),
    queryFn: ({ signal }) =>
      api.get<ConsumersResponse>(
        `/clusters/${seg(clusterId)}/consumers`,
        { q: params.q, limit: params.limit, cursor: params.cursor, sort: params.sort, dir: params.dir, status: params.status || undefined, topic: params.topic },
        signal,
      ),
    // Keep the previous page on screen while the next one (or a new filter) loads.
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval ?? CONSUMERS_POLL_MS,
    enabled: options.enabled ?? true,
    meta: liveMeta({ kind: "consumer-page" }),
  });
}

export function useConsumer(clusterId: string, group: string, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.consumer(clusterId, group),
    queryFn: ({ signal }) =>
      api.get<ConsumerDetail>(`/clusters/${seg(clusterId)}/consumers/${seg(group)}`, undefined, signal),
    refetchInterval: pollUnlessNotFound(options.refetchInterval ?? CONSUMER_DETAIL_POLL_MS),
    meta: liveMeta({ kind: "consumer", group }),
  });
}

// History for the charts. `window` is a TimeWindowId ("5m", "1h", "24h", "7d"); pushed samples are
// appended to the cached series (see live-reducer.ts), so the poll interval is the caller's choice
// from historyPollMs. Previous data stays on screen while another window loads.

export function useClusterHistory(
  clusterId: string,
  window: string,
  options: { refetchInterval?: number; enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: queryKeys.clusterHistory(clusterId, window),
    queryFn: ({ signal }) =>
      api.get<RateHistoryResponse>(`/clusters/${seg(clusterId)}/history`, { window }, signal),
    refetchInterval: options.refetchInterval,
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
    meta: liveMeta({ kind: "cluster-history" }),
  });
}

export function useTopicHistory(clusterId: string, topic: string, window: string, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.topicHistory(clusterId, topic, window),
    queryFn: ({ signal }) =>
      api.get<RateHistoryResponse>(`/clusters/${seg(clusterId)}/topics/${seg(topic)}/history`, { window }, signal),
    refetchInterval: pollUnlessNotFound(options.refetchInterval),
    placeholderData: keepPreviousData,
    meta: liveMeta({ kind: "topic-history", topic }),
  });
}

export function useConsumerHistory(clusterId: string, group: string, window: string, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.consumerHistory(clusterId, group, window),
    queryFn: ({ signal }) =>
      api.get<ConsumerHistoryResponse>(`/clusters/${seg(clusterId)}/consumers/${seg(group)}/history`, { window }, signal),
    refetchInterval: pollUnlessNotFound(options.refetchInterval),
    placeholderData: keepPreviousData,
    meta: liveMeta({ kind: "consumer-history", group }),
  });
}

/**
 * The first GROUPS_BEHIND_SCAN_LIMIT groups of each given cluster, for the overview's ranking of
 * the groups most behind (the API has no "sort by lag" yet). Shares the consumer-page cache, so
 * pushed samples keep their lag current.
 */
export function useConsumerScans(clusterIds: readonly string[], options: { refetchInterval?: (clusterId: string) => number } = {}) {
  return useQueries({
    queries: clusterIds.map((clusterId) => {
      const params: ConsumerPageParams = { q: "", limit: GROUPS_BEHIND_SCAN_LIMIT, cursor: null };
      return {
        queryKey: queryKeys.consumerPage(clusterId, params),
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          api.get<ConsumersResponse>(`/clusters/${seg(clusterId)}/consumers`, { limit: params.limit }, signal),
        refetchInterval: options.refetchInterval?.(clusterId) ?? CONSUMERS_POLL_MS,
        meta: liveMeta({ kind: "consumer-page" }),
      };
    }),
  });
}

export type SaveClusterRequest = { mode: "create"; input: ClusterInput } | { mode: "update"; input: ClusterInput };

export function useSaveCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SaveClusterRequest) =>
      request.mode === "create"
        ? api.post<ClusterMutationResponse>("/clusters", request.input)
        : api.put<ClusterMutationResponse>(`/clusters/${seg(request.input.id)}`, request.input),
    // The list is the parent of every cluster's data: brokers may have changed, so refresh it all.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.clusters() }),
  });
}

export function useDeleteCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clusterId: string) => api.delete(`/clusters/${seg(clusterId)}`),
    onSuccess: (_data, clusterId) => {
      queryClient.removeQueries({ queryKey: queryKeys.cluster(clusterId) });
      return queryClient.invalidateQueries({ queryKey: queryKeys.clusters() });
    },
  });
}
