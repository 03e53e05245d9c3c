// Progress of a requeue (or replay) job as the console shows it: percentage, rate, time left, and
// the words and colours of job and DLQ message states. Pure, unit-tested
// (tests/unit/ui-dlq-progress.test.ts).
import type { BadgeTone } from "@/components/ui/badge";
import type { DlqMessageStatus } from "@/lib/contract/dlq";
import type { Job, JobState } from "@/lib/contract/jobs";

export function isJobActive(state: JobState): boolean {
  return state === "queued" || state === "running";
}

export function isJobFinished(state: JobState): boolean {
  return !isJobActive(state);
}

export interface JobProgress {
  /** done + failed, never more than total. */
  processed: number;
  remaining: number;
  /** 0..100: share of the total processed (sent or failed). */
  percent: number;
  /** Shares of the bar for sent and failed messages, 0..100 each. */
  donePercent: number;
  failedPercent: number;
  /** Seconds since the job started (until it finished), or null before it started. */
  elapsedSeconds: number | null;
  /** Average messages per second since the start, or null while not known. */
  ratePerSec: number | null;
  /** Seconds left at that rate; null when unknown, 0 when finished. */
  etaSeconds: number | null;
}

function timeOf(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}

/** Below this much running time a rate is mostly noise (the first batch): no ETA yet. */
const MIN_ELAPSED_FOR_RATE_S = 0.5;

export function jobProgress(job: Pick<Job, "state" | "total" | "done" | "failed" | "startedAt" | "finishedAt">, nowMs: number): JobProgress {
  const total = Math.max(0, job.total);
  const processed = Math.min(total, Math.max(0, job.done) + Math.max(0, job.failed));
  const remaining = total - processed;
  const finished = isJobFinished(job.state);
  let percent: number;
  if (total === 0) percent = finished ? 100 : 0;
  else percent = (processed / total) * 100;
  // Never show 100 % while something is still to do (99.97 % would round to 100).
  if (!finished && percent > 99.9 && remaining > 0) percent = 99.9;
  const share = (count: number) => (total === 0 ? 0 : (Math.min(count, total) / total) * 100);

  const started = timeOf(job.startedAt);
  const ended = timeOf(job.finishedAt) ?? (finished ? null : nowMs);
  const elapsedSeconds = started !== null && ended !== null ? Math.max(0, (ended - started) / 1000) : null;
  const ratePerSec =
    elapsedSeconds !== null && elapsedSeconds >= MIN_ELAPSED_FOR_RATE_S && processed > 0 ? processed / elapsedSeconds : null;
  let etaSeconds: number | null = null;
  if (finished) etaSeconds = 0;
  else if (remaining === 0) etaSeconds = 0;
  else if (ratePerSec !== null && ratePerSec > 0) etaSeconds = remaining / ratePerSec;

  return {
    processed,
    remaining,
    percent,
    donePercent: share(Math.max(0, job.done)),
    failedPercent: share(Math.max(0, job.failed)),
    elapsedSeconds,
    ratePerSec,
    etaSeconds,
  };
}

/** "42 %", "99.9 %", "0.4 %": one decimal below 10 % and near the end, none otherwise. */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return "—";
  const clamped = Math.min(100, Math.max(0, percent));
  if (clamped === 0 || clamped === 100) return `${clamped} %`;
  if (clamped < 10 || clamped > 99) return `${Math.floor(clamped * 10) / 10} %`;
  return `${Math.floor(clamped)} %`;
}

/** What the state badge says: "cancelling…" for an active job someone asked to cancel. */
export function jobStateLabel(job: Pick<Job, "state"> & { cancelRequested?: boolean }): string {
  return job.cancelRequested && isJobActive(job.state) ? "cancelling…" : job.state;
}

export function jobStateTone(state: JobState | string): BadgeTone {
  switch (state) {
    case "queued":
      return "neutral";
    case "running":
      return "info";
    case "succeeded":
      return "ok";
    case "failed":
      return "danger";
    case "cancelled":
      return "warn";
    default:
      return "neutral";
  }
}

export function dlqStatusTone(status: DlqMessageStatus | string): BadgeTone {
  switch (status) {
    case "pending":
      return "warn";
    case "requeuing":
      return "info";
    case "requeued":
      return "ok";
    case "discarded":
      return "neutral";
    default:
      return "neutral";
  }
}

/** What a job says about itself in its params, read defensively (params is whatever the server stored). */
export interface JobSubject {
  /** The DLQ a requeue reads (or the topic a replay reads). */
  topic: string | null;
  /** The override target, when one was given. */
  target: string | null;
  ratePerSec: number | null;
  /** "3 selected messages", "filter", "all pending". */
  scope: string | null;
}

export function jobSubjectOf(params: unknown): JobSubject {
  const record = params && typeof params === "object" ? (params as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  let scope: string | null = null;
  if (Array.isArray(record.ids)) scope = `${record.ids.length} selected message${record.ids.length === 1 ? "" : "s"}`;
  else if (record.filter && typeof record.filter === "object") scope = "matching a filter";
  else if (text(record.topic)) scope = "all pending";
  return {
    topic: text(record.topic),
    target: text(record.target),
    ratePerSec: typeof record.ratePerSec === "number" && Number.isFinite(record.ratePerSec) ? record.ratePerSec : null,
    scope,
  };
}

/** Whether a job is a requeue of this DLQ (to show its progress on the DLQ's page). */
export function isRequeueOf(job: Pick<Job, "kind" | "clusterId" | "params">, clusterId: string, topic: string): boolean {
  return job.kind === "requeue" && job.clusterId === clusterId && jobSubjectOf(job.params).topic === topic;
}
