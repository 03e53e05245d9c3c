"use client";
// A group's pending entries (Redis Streams' PEL) on the group page: one page of the list, and the
// claim and ack calls (a dry run that counts, then the job), which refresh the group's views.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { AckDryRun, ClaimDryRun, DeadLetterDryRun, PendingEntriesResponse, ackBody, claimBody, deadLetterBody } from "@/lib/contract/consumers";
import type { JobAccepted } from "@/lib/contract/jobs";
import { queryKeys } from "@/lib/query-keys";
import { api, seg } from "./api-client";

export interface PendingPageParams {
  limit: number;
  sort: "id" | "idle";
  /** sort "id": continue after this entry id. */
  after?: string;
  /** sort "idle": skip this many. */
  offset?: number;
}

export function usePendingEntries(clusterId: string, group: string, params: PendingPageParams, refetchInterval: number) {
  return useQuery({
    queryKey: queryKeys.pendingEntries(clusterId, group, params),
    queryFn: ({ signal }) =>
      api.get<PendingEntriesResponse>(
        `/clusters/${seg(clusterId)}/consumers/${seg(group)}/pending`,
        { limit: params.limit, sort: params.sort, after: params.after, offset: params.offset },
        signal,
      ),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** Entries by id, or (without ids) every entry idle at least minIdleMs. */
export type PendingSelectionBody = Pick<z.input<typeof ackBody>, "ids" | "minIdleMs">;

/** Dead-letter: every entry delivered at least minDeliveries times, to the group's dead-letter stream. */
export type PendingActionRequest =
  | ((({ action: "claim" } & Pick<z.input<typeof claimBody>, "consumer">) | { action: "ack" }) & PendingSelectionBody)
  | ({ action: "dead-letter"; ids?: undefined; minIdleMs?: undefined } & Pick<z.input<typeof deadLetterBody>, "minDeliveries">);

function path(clusterId: string, group: string, action: PendingActionRequest["action"]) {
  return `/clusters/${seg(clusterId)}/consumers/${seg(group)}/pending/${action}`;
}

function bodyOf(request: PendingActionRequest, dryRun: boolean) {
  return {
    ...(request.action === "claim" ? { consumer: request.consumer } : {}),
    ...(request.action === "dead-letter" ? { minDeliveries: request.minDeliveries } : {}),
    ...(request.ids ? { ids: request.ids } : {}),
    ...(request.minIdleMs !== undefined ? { minIdleMs: request.minIdleMs } : {}),
    ...(dryRun ? { dryRun: true } : {}),
  };
}

export function usePendingDryRun(clusterId: string, group: string) {
  return useMutation({
    mutationFn: (request: PendingActionRequest) => api.post<ClaimDryRun | AckDryRun | DeadLetterDryRun>(path(clusterId, group, request.action), bodyOf(request, true)),
  });
}

export function usePendingAction(clusterId: string, group: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: PendingActionRequest) => api.post<JobAccepted>(path(clusterId, group, request.action), bodyOf(request, false)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.consumer(clusterId, group) });
      void client.invalidateQueries({ queryKey: queryKeys.jobs() });
    },
  });
}
