"use client";
// TanStack Query hooks for the metrics sources (processing outcomes). Keys from lib/query-keys.ts.
import { useQuery } from "@tanstack/react-query";
import type { MetricsSourceDetail, MetricsSourcesResponse } from "@/lib/metrics-sources/types";
import { queryKeys } from "@/lib/query-keys";
import { api, seg } from "./api-client";
import { METRICS_SOURCES_POLL_MS, pollUnlessNotFound } from "./query-config";

export function useMetricsSources() {
  return useQuery({
    queryKey: queryKeys.metricsSources(),
    queryFn: ({ signal }) => api.get<MetricsSourcesResponse>("/metrics-sources", undefined, signal),
    refetchInterval: METRICS_SOURCES_POLL_MS,
  });
}

export function useMetricsSource(source: string) {
  return useQuery({
    queryKey: queryKeys.metricsSource(source),
    queryFn: ({ signal }) => api.get<MetricsSourceDetail>(`/metrics-sources/${seg(source)}`, undefined, signal),
    refetchInterval: pollUnlessNotFound(METRICS_SOURCES_POLL_MS),
  });
}
