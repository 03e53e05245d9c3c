"use client";
// The offset reset call of the consumer page: one mutation for previews (dryRun, nothing changes)
// and one for applying, which refreshes every consumer view of the cluster.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ResetResponse } from "@/lib/consumers/reset-plan";
import type { ResetBody } from "@/lib/consumers/reset-request";
import { queryKeys } from "@/lib/query-keys";
import { api, seg } from "./api-client";

export function useResetOffsets(clusterId: string, group: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ResetBody) => api.post<ResetResponse>(`/clusters/${seg(clusterId)}/consumers/${seg(group)}/reset`, body),
    onSuccess: (result) => (result.applied ? client.invalidateQueries({ queryKey: queryKeys.consumers(clusterId) }) : undefined),
  });
}
