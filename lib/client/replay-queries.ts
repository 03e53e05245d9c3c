"use client";
// TanStack Query hooks for replaying a topic or stream range (POST /topics/{topic}/replay): the dry
// run (count only) and the start of a replay job, which then shows in the jobs list.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import { api, seg } from "./api-client";
import type { RequeueDryRunResponse, RequeueStartedResponse } from "@/lib/contract/dlq";
import type { ReplayBody } from "./replay-form";

const replayPath = (clusterId: string, topic: string) => `/clusters/${seg(clusterId)}/topics/${seg(topic)}/replay`;

export function useReplayDryRun(clusterId: string, topic: string) {
  return useMutation({
    mutationFn: (body: ReplayBody) => api.post<Pick<RequeueDryRunResponse, "matched">>(replayPath(clusterId, topic), { ...body, dryRun: true }),
  });
}

export function useStartReplay(clusterId: string, topic: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReplayBody) => {
      const { dryRun: _dryRun, ...rest } = body;
      return api.post<Pick<RequeueStartedResponse, "job">>(replayPath(clusterId, topic), rest);
    },
    onSuccess: (data) => {
      client.setQueryData(queryKeys.job(data.job.id), data.job);
      return client.invalidateQueries({ queryKey: queryKeys.jobs() });
    },
  });
}
