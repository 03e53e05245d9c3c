"use client";
// Pushed samples into the TanStack Query cache. Every component showing a cluster calls
// useLiveUpdates(cluster); they share one LiveConnection (one EventSource) per cluster per tab, whose
// batches are merged by the pure reducer into each cached query that declared a live target.
import { useEffect, useSyncExternalStore } from "react";
import { notifyManager, useQueryClient, type Query, type QueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import type { LiveEvent } from "@/lib/contract/system";
import { LiveConnection } from "./live-connection";
import { mergeLiveEvents, readLiveTarget } from "./live-reducer";
import { DEFAULT_SAMPLING_INTERVAL_MS, type LiveMode } from "./query-config";
import { useCluster } from "./queries";

/** The shortest refetch interval the query's mounted observers ask for, or undefined. */
function observedInterval(query: Query): number | undefined {
  let shortest: number | undefined;
  for (const observer of query.observers) {
    const option = observer.options.refetchInterval;
    const value = typeof option === "function" ? option(query) : option;
    if (typeof value === "number" && value > 0 && (shortest === undefined || value < shortest)) shortest = value;
  }
  return shortest;
}

/**
 * Merges one prepared batch of a cluster's samples into every cached query that asked for it, then
 * refetches the active ones whose own refetch interval has passed since their last real fetch.
 *
 * Why the refetch is done here: TanStack Query restarts a query's refetchInterval timer on every
 * update of its data, setQueryData included. With a sample merged every few seconds, a query polling
 * more slowly than that (a list's 30 s reconciliation, a group's per-partition history) would never
 * poll while live. So merged data keeps its last fetch time (`updatedAt`), and each flush refetches
 * what is overdue.
 */
export function mergeLiveBatchIntoCache(queryClient: QueryClient, clusterId: string, events: LiveEvent[], now = Date.now()): void {
  const cache = queryClient.getQueryCache();
  const queries = [
    ...cache.findAll({ queryKey: queryKeys.clusters(), exact: true }),
    ...cache.findAll({ queryKey: queryKeys.cluster(clusterId) }),
  ];
  const overdue: Query[] = [];
  notifyManager.batch(() => {
    for (const query of queries) {
      const target = readLiveTarget(query.meta);
      const data = query.state.data;
      if (!target || data === undefined) continue;
      const next = mergeLiveEvents(target, data, events);
      // Unchanged data is not written back: no re-render, and the query's own age stays honest.
      if (next !== data) queryClient.setQueryData(query.queryKey, next, { updatedAt: query.state.dataUpdatedAt });
      const interval = observedInterval(query);
      if (interval !== undefined && query.state.fetchStatus === "idle" && now - query.state.dataUpdatedAt >= interval) {
        overdue.push(query);
      }
    }
  });
  for (const query of overdue) {
    void queryClient.refetchQueries({ queryKey: query.queryKey, exact: true, type: "active" }, { cancelRefetch: false });
  }
}

const connections = new WeakMap<QueryClient, Map<string, LiveConnection>>();

/** The tab's connection for a cluster, created (not opened) on first use. */
function connectionFor(queryClient: QueryClient, clusterId: string): LiveConnection {
  let byCluster = connections.get(queryClient);
  if (!byCluster) {
    byCluster = new Map();
    connections.set(queryClient, byCluster);
  }
  let connection = byCluster.get(clusterId);
  if (!connection) {
    connection = new LiveConnection(clusterId, (events) => mergeLiveBatchIntoCache(queryClient, clusterId, events));
    byCluster.set(clusterId, connection);
  }
  return connection;
}

const serverMode = (): LiveMode => "connecting";

/**
 * Keeps the cluster's cached data live while the calling component is mounted and returns the mode:
 * "live" (samples arriving), "connecting", "polling" (no usable stream: queries poll at the sampling
 * interval) or "offline". With `enabled: false` (cluster down or unknown) nothing is opened and the
 * mode is "polling".
 */
export function useLiveUpdates(clusterId: string, options: { enabled?: boolean; samplingMs?: number } = {}): LiveMode {
  const enabled = options.enabled ?? true;
  const queryClient = useQueryClient();
  const connection = connectionFor(queryClient, clusterId);
  const mode = useSyncExternalStore(connection.subscribe, connection.getMode, serverMode);

  useEffect(() => {
    connection.setSamplingInterval(options.samplingMs);
  }, [connection, options.samplingMs]);

  useEffect(() => (enabled ? connection.acquire() : undefined), [connection, enabled]);

  return enabled ? mode : "polling";
}

/**
 * useLiveUpdates for a cluster known by id, with its sampling interval: what the cluster pages use.
 * The stream is opened only for a cluster that is up.
 */
export function useClusterLive(clusterId: string): { mode: LiveMode; samplingMs: number } {
  const { cluster } = useCluster(clusterId);
  const samplingMs = cluster?.samplingIntervalMs ?? DEFAULT_SAMPLING_INTERVAL_MS;
  const mode = useLiveUpdates(clusterId, { enabled: cluster?.status === "up", samplingMs });
  return { mode, samplingMs };
}

/**
 * The mode of a cluster's connection without subscribing to it, for a query's refetchInterval
 * function (evaluated each time the next refetch is scheduled). "polling" when none is open.
 */
export function liveModeOf(queryClient: QueryClient, clusterId: string): LiveMode {
  return connections.get(queryClient)?.get(clusterId)?.getMode() ?? "polling";
}
