"use client";
import "@/components/dlq/dlq.css";
import Link from "next/link";
import { useState } from "react";
import type { Job } from "@/lib/client/api-types";
import { errorMessage } from "@/lib/client/api-client";
import { dlqHref, jobHref } from "@/lib/client/dlq-filters";
import { formatPercent, isJobActive, jobProgress, jobSubjectOf } from "@/lib/client/dlq-progress";
import { useCancelJob, useJobs } from "@/lib/client/dlq-queries";
import { formatInteger, formatTime, MISSING, pluralize } from "@/lib/client/format";
import { previewText, revealControlChars } from "@/lib/client/message-value";
import { JOBS_ACTIVE_POLL_MS, JOBS_PAGE_SIZE } from "@/lib/client/query-config";
import { useHydrated } from "@/lib/client/use-hydrated";
import { Button } from "@/components/ui/button";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FetchingIndicator, LoadingState } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { useDlqPermission } from "@/components/dlq/use-dlq-permission";
import { JobProgressPanel, JobStateBadge, ProgressBar } from "./job-progress";
import { withToggled } from "@/lib/client/toggle-set";

/** What a job works on: "orders.dlq on local-kafka → orders.retry". */
export function JobSubjectCell({ job }: { job: Job }) {
  const subject = jobSubjectOf(job.params);
  return (
    <span className="cell-preview">
      {subject.topic ? (
        <Link href={dlqHref.detail(job.clusterId, subject.topic)} className="bidi-isolate" onClick={(event) => event.stopPropagation()}>
          {previewText(subject.topic, 60)}
        </Link>
      ) : (
        <span className="muted">{MISSING}</span>
      )}{" "}
      <span className="muted">on {revealControlChars(job.clusterId)}</span>
      {subject.target ? <span className="mono"> → {previewText(subject.target, 60)}</span> : null}
      {subject.scope ? <span className="muted"> · {subject.scope}</span> : null}
    </span>
  );
}

function CancelButton({ job }: { job: Job }) {
  const cancel = useCancelJob();
  const permission = useDlqPermission(job.clusterId);
  if (!isJobActive(job.state) || !permission.allowed) return null;
  if (cancel.isSuccess) {
    return (
      <span className="muted" title="The job stops after its current batch">
        Cancelling…
      </span>
    );
  }
  return (
    <span onClick={(event) => event.stopPropagation()}>
      <Button
        size="sm"
        variant="danger"
        data-testid={`job-cancel-${job.id}`}
        disabled={cancel.isPending}
        title={cancel.isError ? errorMessage(cancel.error) : "Stop after the current batch"}
        onClick={() => cancel.mutate(job.id)}
      >
        {cancel.isPending ? "Cancelling…" : cancel.isError ? "Retry cancel" : "Cancel"}
      </Button>
    </span>
  );
}

/** Requeue and replay jobs, newest first: state, progress, who started them; a row opens its live panel. */
export function JobList() {
  const hydrated = useHydrated();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const jobs = useJobs({ limit: JOBS_PAGE_SIZE, cursor });
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const data = hydrated ? jobs.data : undefined;
  const toggle = (id: string) =>
    setExpanded((current) => withToggled(current, id));

  const columns: Column<Job>[] = [
    {
      id: "toggle",
      header: <span className="sr-only">Open</span>,
      width: "28px",
      cell: (job) => (
        <button
          type="button"
          className="row-toggle"
          aria-expanded={expanded.has(job.id)}
          aria-label={expanded.has(job.id) ? "Close job" : "Open job"}
          onClick={(event) => {
            event.stopPropagation();
            toggle(job.id);
          }}
        >
          {expanded.has(job.id) ? "▾" : "▸"}
        </button>
      ),
    },
    {
      id: "kind",
      header: "Kind",
      width: "90px",
      cell: (job) => (
        <Link href={jobHref.detail(job.id)} onClick={(event) => event.stopPropagation()} title={job.id}>
          {job.kind}
        </Link>
      ),
    },
    { id: "subject", header: "Source", className: "cell-preview", cell: (job) => <JobSubjectCell job={job} /> },
    { id: "state", header: "State", width: "100px", cell: (job) => <JobStateBadge state={job.state} cancelRequested={job.cancelRequested} testId="job-row-state" /> },
    {
      id: "progress",
      header: "Progress",
      width: "140px",
      cell: (job) => {
        const progress = jobProgress(job, 0);
        return (
          <div className="job-progress-cell" data-testid="job-row-progress" data-done={job.done} data-total={job.total} data-failed={job.failed}>
            <ProgressBar job={job} small />
            <span>
              {formatInteger(job.done)} / {formatInteger(job.total)}
              {job.failed > 0 ? <span className="stat-danger"> · {formatInteger(job.failed)} failed</span> : null} ·{" "}
              {formatPercent(progress.percent)}
            </span>
          </div>
        );
      },
    },
    { id: "createdBy", header: "Created by", width: "90px", className: "cell-preview", cell: (job) => revealControlChars(job.createdBy) },
    {
      id: "startedAt",
      header: "Started",
      width: "135px",
      className: "nowrap",
      cell: (job) => <span title={`created ${formatTime(job.createdAt)}`}>{formatTime(job.startedAt)}</span>,
    },
    { id: "finishedAt", header: "Finished", width: "135px", className: "nowrap", cell: (job) => formatTime(job.finishedAt) },
    {
      id: "error",
      header: "Error",
      width: "12%",
      className: "cell-preview",
      cell: (job) => (job.error ? <span title={job.error}>{previewText(job.error, 80)}</span> : <span className="muted">—</span>),
    },
    { id: "actions", header: <span className="sr-only">Actions</span>, width: "80px", cell: (job) => <CancelButton job={job} /> },
  ];

  const pageIndex = cursors.length - 1;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Jobs" }]}
        title="Jobs"
        subtitle="Requeues and replays run as jobs: rate-limited, resumable after a restart, cancellable."
        actions={<FetchingIndicator active={jobs.isFetching} />}
      />
      {data === undefined ? (
        hydrated && jobs.isError ? (
          <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} retryingEveryMs={JOBS_ACTIVE_POLL_MS} />
        ) : (
          <LoadingState label="Loading jobs…" />
        )
      ) : (
        <>
          {jobs.isError ? <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} compact /> : null}
          <div className={jobs.isPlaceholderData ? "is-stale" : undefined}>
            <DataTable
              label="Jobs"
              fixed
              columns={columns}
              rows={data.jobs}
              rowKey={(job) => job.id}
              expanded={expanded}
              onRowClick={(job) => toggle(job.id)}
              renderExpanded={(job) => (
                <div>
                  <JobProgressPanel jobId={job.id} initial={job} />
                  <div className="job-params">
                    <div className="value-label">Parameters</div>
                    <pre className="code-block">{revealControlChars(JSON.stringify(job.params, null, 2) ?? "null")}</pre>
                  </div>
                </div>
              )}
              empty={
                <EmptyState title="No jobs yet">
                  A job appears here when someone requeues messages from a dead-letter queue.
                </EmptyState>
              }
            />
          </div>
          <nav className="dlq-pager" aria-label="Pagination">
            <span className="muted">
              Page {formatInteger(pageIndex + 1)} · {pluralize(data.jobs.length, "job")}
            </span>
            <span className="dlq-pager-buttons">
              <Button size="sm" disabled={pageIndex === 0} onClick={() => setCursors([null])} aria-label="First page">
                «
              </Button>
              <Button size="sm" disabled={pageIndex === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
                ‹ Prev
              </Button>
              <Button
                size="sm"
                disabled={!data.next || jobs.isPlaceholderData}
                onClick={() => {
                  if (data.next) setCursors([...cursors, data.next]);
                }}
              >
                Next ›
              </Button>
            </span>
          </nav>
        </>
      )}
    </>
  );
}
