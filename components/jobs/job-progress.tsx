"use client";
import "@/components/dlq/dlq.css";
import Link from "next/link";
import { useEffect, useRef } from "react";
import type { Job } from "@/lib/contract/jobs";
import { ApiError, errorMessage } from "@/lib/client/api-client";
import { dlqHref, jobHref } from "@/lib/client/dlq-filters";
import { formatPercent, isJobActive, jobProgress, jobStateLabel, jobStateTone, jobSubjectOf } from "@/lib/client/dlq-progress";
import { useCancelJob, useJob } from "@/lib/client/dlq-queries";
import { formatDuration, formatInteger, formatMsgRate } from "@/lib/client/format";
import { isJobPaused, jobFailureLines, jobStatusText } from "@/lib/client/job-status";
import { revealControlChars } from "@/lib/client/message-value";
import { useNow } from "@/lib/client/use-now";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingState } from "@/components/ui/loading-state";
import { useDlqPermission } from "@/components/dlq/use-dlq-permission";
import { useFormatTime } from "@/components/ui/time";

export function JobStateBadge({
  state,
  cancelRequested = false,
  paused = false,
  testId,
}: {
  state: Job["state"];
  cancelRequested?: boolean;
  /** A running job waiting for its broker: "paused" (the sentence beside it says since when and why). */
  paused?: boolean;
  testId?: string;
}) {
  const label = paused && !cancelRequested && state === "running" ? "paused" : jobStateLabel({ state, cancelRequested });
  return (
    <span data-testid={testId} data-state={state} data-cancel-requested={cancelRequested || undefined} data-paused={paused || undefined}>
      <Badge tone={label === state ? jobStateTone(state) : "warn"}>{label}</Badge>
    </span>
  );
}

/**
 * What went wrong, in words: "paused: broker unavailable since … (…)" while the job waits for its
 * broker, "failed: <reason>" once it failed, and why messages were not sent, with counts.
 */
export function JobTrouble({ job }: { job: Job }) {
  const formatTime = useFormatTime();
  const status = jobStatusText(job, formatTime);
  // Another state with an error (a job cancelled after an error, say) still shows the server's words.
  const otherError = status === null && job.error ? job.error : null;
  const failures = jobFailureLines(job.failures);
  if (!status && !otherError && failures.length === 0) return null;
  return (
    <div className="job-trouble">
      {status ? (
        <div className={isJobPaused(job) ? "job-paused" : "job-error"} data-testid="job-status-text" role="status">
          {revealControlChars(status)}
        </div>
      ) : null}
      {otherError ? <div className="job-error">{revealControlChars(otherError)}</div> : null}
      {failures.length > 0 ? (
        <div className="job-failures" data-testid="job-failures">
          <div className="value-label">Not sent</div>
          <ul>
            {failures.map((line) => (
              <li key={line.reason} data-count={line.count}>
                {revealControlChars(line.text)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Sent (and failed) share of a job as a bar. */
export function ProgressBar({ job, small = false }: { job: Pick<Job, "state" | "total" | "done" | "failed" | "startedAt" | "finishedAt">; small?: boolean }) {
  const progress = jobProgress(job, 0);
  const classes = ["progress", small ? "progress-sm" : "", isJobActive(job.state) ? "progress-active" : ""].filter(Boolean).join(" ");
  return (
    <div className={classes} aria-hidden="true">
      <div className="progress-done" style={{ width: `${progress.donePercent}%` }} />
      <div className="progress-failed" style={{ width: `${progress.failedPercent}%` }} />
    </div>
  );
}

/** Why a cancel failed, in words an operator can act on. */
function cancelErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) return `Not allowed to cancel: ${error.message}`;
  return `Cancel failed: ${errorMessage(error)}`;
}

/**
 * A job's live progress: state, a bar of sent and failed messages, rate and time left, and Cancel
 * while it is queued or running. Polls the job every second until it finishes, then calls
 * `onFinished` once (the DLQ page refreshes its lists then).
 */
export function JobProgressPanel({
  jobId,
  initial,
  onFinished,
  onDismiss,
  showTitle = true,
}: {
  jobId: string;
  initial?: Job;
  onFinished?: (job: Job) => void;
  onDismiss?: () => void;
  showTitle?: boolean;
}) {
  const query = useJob(jobId, initial);
  const cancel = useCancelJob();
  const job = query.data;
  const active = job ? isJobActive(job.state) : true;
  const now = useNow(1_000, active);
  const permission = useDlqPermission(job?.clusterId);
  // A running job stops at its next batch; until then the server reports cancelRequested (set by
  // anyone, in any tab), and this tab knows at once when its own request succeeded.
  const cancelRequested = Boolean(job?.cancelRequested || cancel.isSuccess) && active;

  // Tell the parent once when the job has finished (whether seen running here or not).
  const notified = useRef(false);
  const finishedState = job && !isJobActive(job.state) ? job.state : null;
  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;
  useEffect(() => {
    if (finishedState && job && !notified.current) {
      notified.current = true;
      onFinishedRef.current?.(job);
    }
  }, [finishedState, job]);

  if (!job) {
    return (
      <div className="job-panel" data-job-id={jobId}>
        {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} compact /> : <LoadingState label="Reading the job…" />}
      </div>
    );
  }

  const progress = jobProgress(job, now || Date.parse(job.startedAt ?? job.createdAt));
  const subject = jobSubjectOf(job.params);
  const valueText = `${formatInteger(progress.processed)} of ${formatInteger(job.total)} (${formatPercent(progress.percent)})`;
  return (
    <div className="job-panel" data-job-id={job.id} data-testid="job-panel">
      <div className="job-panel-head">
        {showTitle ? (
          <span className="job-panel-title">
            {job.kind === "requeue" ? "Requeue" : "Replay"} job{" "}
            <Link href={jobHref.detail(job.id)} className="mono">
              {job.id.slice(0, 12)}
            </Link>
            {subject.topic ? (
              <>
                {" "}
                from{" "}
                <Link href={dlqHref.detail(job.clusterId, subject.topic)} className="bidi-isolate">
                  {revealControlChars(subject.topic)}
                </Link>
              </>
            ) : null}
            {subject.target ? (
              <>
                {" "}
                to <span className="mono bidi-isolate">{revealControlChars(subject.target)}</span>
              </>
            ) : null}
          </span>
        ) : null}
        <JobStateBadge state={job.state} cancelRequested={cancelRequested} paused={isJobPaused(job)} testId="job-state" />
        <span className="toolbar-spacer" />
        {cancelRequested ? (
          <span className="muted" data-testid="job-cancel-requested">
            Cancel requested: the job stops after its current batch.
          </span>
        ) : null}
        {active && permission.allowed && !cancelRequested ? (
          <Button
            size="sm"
            variant="danger"
            data-testid="job-cancel"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(job.id)}
            title="Stop after the current batch; what was sent stays sent"
          >
            {cancel.isPending ? "Cancelling…" : "Cancel"}
          </Button>
        ) : null}
        {!active && onDismiss ? (
          <Button size="sm" variant="ghost" onClick={onDismiss} data-testid="job-dismiss">
            Dismiss
          </Button>
        ) : null}
      </div>
      <div
        data-testid="job-progress"
        role="progressbar"
        aria-label="Job progress"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={progress.processed}
        aria-valuetext={valueText}
        data-total={job.total}
        data-done={job.done}
        data-failed={job.failed}
        data-state={job.state}
      >
        <ProgressBar job={job} />
        <div className="job-figures">
          <span>
            <strong>{formatInteger(job.done)}</strong> / {formatInteger(job.total)} sent
          </span>
          <span>
            <strong>{formatInteger(job.failed)}</strong> failed
          </span>
          <span>{formatPercent(progress.percent)}</span>
          {progress.ratePerSec !== null ? <span>{formatMsgRate(progress.ratePerSec)}</span> : null}
          {/* While paused nothing moves: a time left would be a guess the pause already disproves. */}
          {active && !isJobPaused(job) && progress.etaSeconds !== null && progress.remaining > 0 ? <span>about {formatDuration(progress.etaSeconds)} left</span> : null}
          {!active && progress.elapsedSeconds !== null ? <span>took {formatDuration(progress.elapsedSeconds)}</span> : null}
          {job.state === "queued" ? <span>waiting for the job runner…</span> : null}
          {subject.ratePerSec !== null ? <span>limit {formatMsgRate(subject.ratePerSec)}</span> : null}
        </div>
      </div>
      <JobTrouble job={job} />
      {cancel.isError ? (
        <div className="form-error" role="alert">
          {cancelErrorText(cancel.error)}
        </div>
      ) : null}
      {query.isError ? <div className="muted">Progress not updated: {errorMessage(query.error)}</div> : null}
    </div>
  );
}
