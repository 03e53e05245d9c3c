"use client";
// TanStack Query hooks for idempotency stores and the event trace. Keys from lib/query-keys.ts,
// intervals from ./query-config.ts; a delete invalidates its store (figures, pages and records).
import { useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IdempotencyRecord, RecordPage, StoreSummary, StoresResponse } from "@/lib/idempotency/types";
import type { TraceProgress, TraceResult, TraceStreamLine } from "@/lib/trace/types";
import { queryKeys, type IdempotencyRecordsParams, type TraceParams } from "@/lib/query-keys";
import { ApiError, api, apiUrl, seg, toApiError } from "./api-client";
import { splitNdjson } from "./ndjson";
import { applyTraceProgress, EMPTY_TRACE_LIVE, type TraceLive } from "./trace-live";
import { IDEMPOTENCY_RECORDS_POLL_MS, IDEMPOTENCY_STORES_POLL_MS, TRACE_STALE_MS } from "./query-config";

const storePath = (store: string) => `/idempotency/${seg(store)}`;

export function useIdempotencyStores() {
  return useQuery({
    queryKey: queryKeys.idempotency(),
    queryFn: ({ signal }) => api.get<StoresResponse>("/idempotency", undefined, signal),
    refetchInterval: IDEMPOTENCY_STORES_POLL_MS,
  });
}

export function useIdempotencyStore(store: string) {
  return useQuery({
    queryKey: queryKeys.idempotencyStore(store),
    queryFn: ({ signal }) => api.get<StoreSummary>(storePath(store), undefined, signal),
    refetchInterval: IDEMPOTENCY_STORES_POLL_MS,
  });
}

/** A page of records; polled while `live`, so new records appear without a reload. */
export function useIdempotencyRecords(store: string, params: IdempotencyRecordsParams, options: { live: boolean; enabled?: boolean }) {
  return useQuery({
    queryKey: queryKeys.idempotencyRecords(store, params),
    queryFn: ({ signal }) =>
      api.get<RecordPage>(`${storePath(store)}/records`, { q: params.q, cursor: params.cursor, limit: params.limit, sort: params.sort }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: options.live ? IDEMPOTENCY_RECORDS_POLL_MS : false,
    enabled: options.enabled ?? true,
  });
}

export function useIdempotencyRecord(store: string, key: string, options: { live: boolean }) {
  return useQuery({
    queryKey: queryKeys.idempotencyRecord(store, key),
    queryFn: ({ signal }) => api.get<IdempotencyRecord>(`${storePath(store)}/records/${seg(key)}`, undefined, signal),
    refetchInterval: options.live ? IDEMPOTENCY_RECORDS_POLL_MS : false,
    retry: false,
  });
}

export function useDeleteIdempotencyRecord(store: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => api.delete(`${storePath(store)}/records/${seg(key)}`),
    onSuccess: (_data, key) => {
      client.removeQueries({ queryKey: queryKeys.idempotencyRecord(store, key) });
      return Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.idempotencyStore(store) }),
        client.invalidateQueries({ queryKey: queryKeys.idempotency(), exact: true }),
      ]);
    },
  });
}

/**
 * Streams GET /api/v1/trace?stream=1 (NDJSON): progress lines while the bounded scan runs, then the
 * result. Every failure is an ApiError with the server's message.
 */
export async function streamTrace(params: TraceParams, signal: AbortSignal, onProgress: (progress: TraceProgress) => void): Promise<TraceResult> {
  let response: Response;
  try {
    response = await fetch(apiUrl("/trace", { id: params.id, cluster: params.cluster, topic: params.topic, stream: 1 }), {
      signal,
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/x-ndjson" },
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network-error", `Could not reach the Eventscope server (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  if (!response.ok || !response.body) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: toApiError copes
    }
    throw toApiError(response.status, response.statusText, body);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = "";
  for (;;) {
    const { done, value } = await reader.read();
    const split = splitNdjson(rest, done ? "\n" : value);
    rest = split.rest;
    for (const text of split.lines) {
      const line = JSON.parse(text) as TraceStreamLine;
      if (line.type === "progress") onProgress(line);
      else if (line.type === "result") return line.result;
      else throw new ApiError(500, line.error.code, line.error.message);
    }
    if (done) break;
  }
  throw new ApiError(0, "network-error", "The trace stopped before it finished (the connection closed)");
}

/**
 * One trace per (id, scope), kept a few minutes. While it runs, `progress` is the latest counters and
 * `found` every hit streamed so far (lib/client/trace-live.ts), so the page lists hits as they come.
 */
export function useTrace(params: TraceParams | null) {
  const [live, setLive] = useState<{ key: string; value: TraceLive } | null>(null);
  const key = params ? JSON.stringify(params) : "";
  const query = useQuery({
    queryKey: queryKeys.trace(params ?? { id: "", cluster: null, topic: null }),
    queryFn: ({ signal }) => {
      // A new run (or a refetch) starts from nothing: hits of an earlier run are not "found so far".
      setLive({ key, value: EMPTY_TRACE_LIVE });
      return streamTrace(params!, signal, (progress) =>
        setLive((current) => ({ key, value: applyTraceProgress(current?.key === key ? current.value : EMPTY_TRACE_LIVE, progress) })),
      );
    },
    enabled: params !== null && params.id !== "",
    staleTime: TRACE_STALE_MS,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const current = live?.key === key ? live.value : EMPTY_TRACE_LIVE;
  return { query, progress: current.progress, found: current.found };
}
