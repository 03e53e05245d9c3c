"use client";
// TanStack Query hooks for outbox sources. Keys are ['outbox', ...] (the list is the parent of each
// source's figures, history and row pages); an action invalidates its source.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { outboxActionBody } from "@/lib/contract/outbox";
import type { OutboxPoint, OutboxRowPage, OutboxSourceDetail, OutboxSourceSummary } from "@/lib/outbox/types";
import type { JobView } from "@/lib/jobs/types";
import { api, seg } from "./api-client";

export const OUTBOX_POLL_MS = 5_000;
const path = (source: string) => `/outbox/${seg(source)}`;

export const outboxKeys = {
  all: () => ["outbox"] as const,
  source: (source: string) => ["outbox", source] as const,
  history: (source: string) => ["outbox", source, "history"] as const,
  rows: (source: string, params: OutboxRowsParams) => ["outbox", source, "rows", params] as const,
};

export interface OutboxRowsParams {
  status?: string;
  q?: string;
  cursor?: string;
  limit: number;
}

export function useOutboxSources() {
  return useQuery({
    queryKey: outboxKeys.all(),
    queryFn: ({ signal }) => api.get<{ sources: OutboxSourceSummary[] }>("/outbox", undefined, signal),
    refetchInterval: OUTBOX_POLL_MS,
  });
}

export function useOutboxSource(source: string) {
  return useQuery({
    queryKey: outboxKeys.source(source),
    queryFn: ({ signal }) => api.get<OutboxSourceDetail>(path(source), undefined, signal),
    refetchInterval: OUTBOX_POLL_MS,
  });
}

export function useOutboxHistory(source: string) {
  return useQuery({
    queryKey: outboxKeys.history(source),
    queryFn: ({ signal }) => api.get<{ window: string; points: OutboxPoint[] }>(`${path(source)}/history`, { window: "1h" }, signal),
    refetchInterval: OUTBOX_POLL_MS,
  });
}

export function useOutboxRows(source: string, params: OutboxRowsParams) {
  return useQuery({
    queryKey: outboxKeys.rows(source, params),
    queryFn: ({ signal }) => api.get<OutboxRowPage>(`${path(source)}/rows`, { ...params }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: OUTBOX_POLL_MS,
  });
}

export type OutboxActionName = "retry" | "mark-failed";
export type OutboxActionInput = { action: OutboxActionName } & z.input<typeof outboxActionBody>;

export function useOutboxAction(source: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, ...body }: OutboxActionInput) => api.post<{ matched: number } | { job: JobView }>(`${path(source)}/${action}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: outboxKeys.source(source) }),
  });
}
