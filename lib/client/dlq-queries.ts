"use client";
// TanStack Query hooks for dead-letter queues and jobs. Keys come from lib/query-keys.ts (DLQs sit
// under their cluster, jobs at the top), intervals from ./query-config.ts. Every action invalidates
// the parent key of what it changed.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { queryKeys, type DlqMessagesParams, type JobPageParams } from "@/lib/query-keys";
import { api, seg } from "./api-client";
import type { DiscardResponse, DlqMessagesResponse, DlqSummaryResponse, DlqTargetSelector, DlqsResponse, RequeueBody, RequeueDryRunResponse, RequeueStartedResponse } from "@/lib/contract/dlq";
import type { Job, JobsResponse } from "@/lib/contract/jobs";
import { isJobActive } from "./dlq-progress";
import { DLQ_SUMMARY_STALE_MS, DLQS_POLL_MS, JOB_POLL_MS, JOBS_ACTIVE_POLL_MS, JOBS_IDLE_POLL_MS, MESSAGES_STALE_MS } from "./query-config";

const dlqPath = (clusterId: string, topic: string) => `/clusters/${seg(clusterId)}/dlq/${seg(topic)}`;

export function useDlqs(clusterId: string, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.dlqs(clusterId),
    queryFn: ({ signal }) => api.get<DlqsResponse>(`/clusters/${seg(clusterId)}/dlq`, undefined, signal),
    refetchInterval: options.refetchInterval ?? DLQS_POLL_MS,
  });
}

/** Pending messages by error. A scan of up to 200,000 messages: on demand and after actions only. */
export function useDlqSummary(clusterId: string, topic: string) {
  return useQuery({
    queryKey: queryKeys.dlqSummary(clusterId, topic),
    queryFn: ({ signal }) => api.get<DlqSummaryResponse>(`${dlqPath(clusterId, topic)}/summary`, undefined, signal),
    staleTime: DLQ_SUMMARY_STALE_MS,
    refetchOnWindowFocus: false,
  });
}

/** One page of DLQ messages: a snapshot the operator reads, refreshed by hand and after actions. */
export function useDlqMessages(clusterId: string, topic: string, params: DlqMessagesParams) {
  return useQuery({
    queryKey: queryKeys.dlqMessages(clusterId, topic, params),
    queryFn: ({ signal }) =>
      api.get<DlqMessagesResponse>(
        `${dlqPath(clusterId, topic)}/messages`,
        {
          status: params.status,
          q: params.q,
          error: params.error,
          originalTopic: params.originalTopic,
          since: params.since,
          until: params.until,
          limit: params.limit,
          cursor: params.cursor,
          sort: params.sort,
          dir: params.sort ? params.dir : null,
        },
        signal,
      ),
    staleTime: MESSAGES_STALE_MS,
    refetchOnWindowFocus: false,
    placeholderData: keepPreviousData,
  });
}

/** Refreshes what an action on a DLQ changes: its pages and summary, the DLQ list, message counts. */
export function invalidateDlq(client: QueryClient, clusterId: string) {
  return Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.dlqs(clusterId) }),
    client.invalidateQueries({ queryKey: queryKeys.topics(clusterId) }),
  ]);
}

/** The dry run of a requeue: how many pending messages it would send. Not cached (always fresh). */
export function useRequeueDryRun(clusterId: string, topic: string) {
  return useMutation({
    mutationFn: (body: RequeueBody) =>
      api.post<RequeueDryRunResponse>(`${dlqPath(clusterId, topic)}/requeue`, { ...body, dryRun: true }),
  });
}

/** Starts a requeue job (202 {job}); the DLQ is refreshed when the job finishes (see JobProgressPanel). */
export function useStartRequeue(clusterId: string, topic: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RequeueBody) => {
      const { dryRun: _dryRun, ...rest } = body;
      return api.post<RequeueStartedResponse>(`${dlqPath(clusterId, topic)}/requeue`, rest);
    },
    onSuccess: (data) => {
      client.setQueryData(queryKeys.job(data.job.id), data.job);
      // The messages are now claimed ("requeuing"); the list shows it at once.
      return Promise.all([client.invalidateQueries({ queryKey: queryKeys.jobs() }), invalidateDlq(client, clusterId)]);
    },
  });
}

/** Counts what a discard would touch (dryRun: changes nothing). */
export function useDiscardDryRun(clusterId: string, topic: string) {
  return useMutation({
    mutationFn: (selector: DlqTargetSelector) =>
      api.post<RequeueDryRunResponse>(`${dlqPath(clusterId, topic)}/discard`, { ...selector, dryRun: true }),
  });
}

export function useDiscard(clusterId: string, topic: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (selector: DlqTargetSelector) => api.post<DiscardResponse>(`${dlqPath(clusterId, topic)}/discard`, selector),
    onSuccess: () => invalidateDlq(client, clusterId),
  });
}

export function useJobs(params: JobPageParams, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.jobPage(params),
    queryFn: ({ signal }) => api.get<JobsResponse>("/jobs", { ...params }, signal),
    placeholderData: keepPreviousData,
    // Fast while a job on the page is moving, slow otherwise.
    refetchInterval:
      options.refetchInterval ??
      ((query) => (query.state.data?.jobs.some((job) => isJobActive(job.state)) ? JOBS_ACTIVE_POLL_MS : JOBS_IDLE_POLL_MS)),
  });
}

/** One job, polled every second until it has finished. */
export function useJob(jobId: string, initial?: Job) {
  return useQuery({
    queryKey: queryKeys.job(jobId),
    queryFn: ({ signal }) => api.get<Job>(`/jobs/${seg(jobId)}`, undefined, signal),
    initialData: initial,
    // Initial data (from the 202 or the job list) is already a second old: read again soon.
    initialDataUpdatedAt: initial ? 0 : undefined,
    refetchInterval: (query) => {
      const job = query.state.data;
      return job && !isJobActive(job.state) ? false : JOB_POLL_MS;
    },
    refetchIntervalInBackground: true,
  });
}

export function useCancelJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => api.post<Job>(`/jobs/${seg(jobId)}/cancel`, {}),
    onSuccess: (job) => {
      client.setQueryData(queryKeys.job(job.id), job);
      return client.invalidateQueries({ queryKey: queryKeys.jobs() });
    },
  });
}
