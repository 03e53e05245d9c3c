// What a job says about its trouble, in the sentences the jobs list, the job page and the DLQ/replay
// progress panels show: "paused: broker unavailable since <time> (<reason>)" while a running job waits
// for its broker, "failed: <reason>" once it has failed, "partly failed: 2 of 5 messages not sent" when
// it ended with some refused, and why messages were not sent, with counts.
// Pure, unit-tested (tests/unit/ui-job-status.test.ts).
import type { Job, JobFailure } from "@/lib/contract/jobs";
import { formatInteger } from "./format";

/**
 * How the sentence writes a time: the operator's zone (components pass useFormatTime()). Required, so
 * no caller can fall back to UTC while the rest of the page follows the UTC/local switch.
 */
type TimeFormatter = (iso: string) => string;

const PAUSE_PREFIX = /^broker unavailable:\s*/i;

/** Whether the job is waiting for its broker (only a running job pauses; the server clears it on any end). */
export function isJobPaused(job: Pick<Job, "state" | "pausedSince">): boolean {
  return job.state === "running" && Boolean(job.pausedSince);
}

/**
 * "paused: broker unavailable since 2026-12-06 21:40:05 UTC (connect ECONNREFUSED 127.0.0.1:9)".
 * The server's reason starts with "broker unavailable: "; that part is already in the sentence.
 * Null when the job is not paused.
 */
export function jobPausedText(job: Pick<Job, "state" | "pausedSince" | "pausedReason">, format: TimeFormatter): string | null {
  if (!isJobPaused(job) || !job.pausedSince) return null;
  const reason = (job.pausedReason ?? "").replace(PAUSE_PREFIX, "").trim();
  const since = `paused: broker unavailable since ${format(job.pausedSince)}`;
  return reason ? `${since} (${reason})` : since;
}

/** "failed: refused by Kafka: ..." for a failed job ("failed" alone when the server gave no reason); null otherwise. */
export function jobFailedText(job: Pick<Job, "state" | "error">): string | null {
  if (job.state !== "failed") return null;
  const reason = job.error?.trim();
  return reason ? `failed: ${reason}` : "failed";
}

/**
 * "partly failed: 2 of 5 messages not sent" for a job that ran to its end with some messages refused
 * (the server records it as succeeded, with `failed` and `failures`; one that sent nothing is failed).
 * Null otherwise.
 */
export function jobPartlyFailedText(job: Pick<Job, "state" | "done" | "failed">): string | null {
  if (job.state !== "succeeded" || !(job.failed > 0)) return null;
  const of = job.done + job.failed;
  return `partly failed: ${formatInteger(job.failed)} of ${formatInteger(of)} message${of === 1 ? "" : "s"} not sent`;
}

/** The one sentence about a job's trouble (paused, failed or partly failed), or null when there is none. */
export function jobStatusText(
  job: Pick<Job, "state" | "error" | "pausedSince" | "pausedReason"> & Partial<Pick<Job, "done" | "failed">>,
  format: TimeFormatter,
): string | null {
  return jobPausedText(job, format) ?? jobFailedText(job) ?? jobPartlyFailedText({ state: job.state, done: job.done ?? 0, failed: job.failed ?? 0 });
}

export interface FailureLine {
  reason: string;
  count: number;
  /** "3 messages: target $JS.API.X is reserved". */
  text: string;
}

/**
 * Why messages were not sent, most frequent first (the server sorts them; sorted again here so the
 * order never depends on it), with "1 message" / "3 messages". Zero or negative counts are left out.
 */
export function jobFailureLines(failures: readonly JobFailure[] | undefined): FailureLine[] {
  if (!Array.isArray(failures)) return [];
  return failures
    .filter((failure) => failure && typeof failure.reason === "string" && Number.isFinite(failure.count) && failure.count > 0)
    .slice()
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .map(({ reason, count }) => ({ reason, count, text: `${formatInteger(count)} message${count === 1 ? "" : "s"}: ${reason}` }));
}

/** A short summary for a table cell: "target is reserved (3) · too large (1)", at most `max` reasons. */
export function jobFailuresSummary(failures: readonly JobFailure[] | undefined, max = 2): string | null {
  const lines = jobFailureLines(failures);
  if (lines.length === 0) return null;
  const shown = lines.slice(0, max).map((line) => `${line.reason} (${formatInteger(line.count)})`);
  const more = lines.length - shown.length;
  return more > 0 ? `${shown.join(" · ")} · ${more} more` : shown.join(" · ");
}
