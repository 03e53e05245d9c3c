"use client";
import "@/components/dlq/dlq.css";
import Link from "next/link";
import { useState } from "react";
import { jobPageParams, JOB_LIST } from "@/lib/client/job-list";
import { noMatchTitle, withFilter, withoutFilters, withSort } from "@/lib/client/list-state";
import { useCursorHistory } from "@/lib/client/use-cursor-history";
import { useListState } from "@/lib/client/use-list-state";
import { JOB_KINDS, JOB_SORTS, JOB_STATES, jobSortFirstDir, type JobSort } from "@/lib/jobs/job-list-options";
import { CursorPager } from "@/components/ui/cursor-pager";
import { FilterSelect } from "@/components/ui/filter-select";
import { FilterInput, Select } from "@/components/ui/input";
import { NoMatch } from "@/components/ui/no-match";
import { Toolbar } from "@/components/ui/section";
import type { Job } from "@/lib/contract/jobs";
import { errorMessage } from "@/lib/client/api-client";
import { dlqHref, jobHref } from "@/lib/client/dlq-filters";
import { formatPercent, isJobActive, jobProgress, jobSubjectOf } from "@/lib/client/dlq-progress";
import { useCancelJob, useJobs } from "@/lib/client/dlq-queries";
import { formatInteger, MISSING, pluralize } from "@/lib/client/format";
import { isJobPaused, jobFailuresSummary, jobStatusText } from "@/lib/client/job-status";
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
import { Time, useFormatTime } from "@/components/ui/time";

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

/** Paused/failed in a sentence and why messages were not sent, shortened (the full text in the tooltip and the open row). */
function JobTroubleCell({ job }: { job: Job }) {
  const formatTime = useFormatTime();
  const status = jobStatusText(job, formatTime) ?? job.error ?? null;
  const failures = jobFailuresSummary(job.failures);
  if (!status && !failures) return <span className="muted">—</span>;
  return (
    <span data-testid="job-row-trouble">
      {status ? (
        <span className={isJobPaused(job) ? "job-cell-paused" : "job-cell-error"} title={status}>
          {previewText(status, 80)}
        </span>
      ) : null}
      {status && failures ? <br /> : null}
      {failures ? (
        <span className="muted" title={`not sent: ${failures}`}>
          not sent: {previewText(failures, 80)}
        </span>
      ) : null}
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

const JOB_SORT_LABELS: Record<JobSort, string> = {
  createdAt: "Created",
  startedAt: "Started",
  finishedAt: "Finished",
  kind: "Kind",
  state: "State",
  failed: "Failed messages",
  createdBy: "Created by",
};

/** Requeue and replay jobs, newest first: state, progress, who started them; a row opens its live panel. */
export function JobList() {
  const formatTime = useFormatTime();
  const hydrated = useHydrated();
  // Sort, state and kind filters, search text and page live in the URL; the server sorts every job.
  const { state, setState, text, setText } = useListState(JOB_LIST);
  const params = jobPageParams(state, JOBS_PAGE_SIZE);
  const pager = useCursorHistory(state, setState, JSON.stringify({ ...params, cursor: null }));
  const jobs = useJobs(params);
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
      sortable: true,
      width: "90px",
      cell: (job) => (
        <Link href={jobHref.detail(job.id)} onClick={(event) => event.stopPropagation()} title={job.id}>
          {job.kind}
        </Link>
      ),
    },
    { id: "subject", header: "Source", className: "cell-preview", cell: (job) => <JobSubjectCell job={job} /> },
    { id: "state", header: "State", sortable: true,  width: "100px", cell: (job) => <JobStateBadge state={job.state} cancelRequested={job.cancelRequested} paused={isJobPaused(job)} testId="job-row-state" /> },
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
    { id: "createdBy", header: "Created by", sortable: true,  width: "90px", className: "cell-preview", cell: (job) => revealControlChars(job.createdBy) },
    {
      id: "startedAt",
      header: "Started",
      sortable: true,
      // "2026-12-06 21:40:05 +01:00" fits without spilling into the next cell.
      width: "205px",
      className: "nowrap",
      cell: (job) => (
        <span title={`created ${formatTime(job.createdAt)}`} data-testid="job-started">
          <Time value={job.startedAt} />
        </span>
      ),
    },
    { id: "finishedAt", header: "Finished", sortable: true,  width: "205px", className: "nowrap", cell: (job) => <span data-testid="job-finished"><Time value={job.finishedAt} /></span> },
    { id: "trouble", header: "Problem", width: "16%", className: "cell-preview", cell: (job) => <JobTroubleCell job={job} /> },
    { id: "actions", header: <span className="sr-only">Actions</span>, width: "80px", cell: (job) => <CancelButton job={job} /> },
  ];

  const filtered = state.q !== "" || state.filters.state !== "" || state.filters.kind !== "";
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Jobs" }]}
        title="Jobs"
        subtitle="Requeues and replays run as jobs: rate-limited, resumable after a restart, cancellable."
        actions={<FetchingIndicator active={jobs.isFetching} />}
      />
      <Toolbar>
        <FilterInput value={text} onChange={setText} placeholder="Filter by id, cluster, user, topic or target…" label="Filter jobs" />
        <FilterSelect label="State" testId="state-filter" value={state.filters.state} options={JOB_STATES} onChange={(value) => setState(withFilter(state, { filters: { state: value } }))} />
        <FilterSelect label="Kind" testId="kind-filter" value={state.filters.kind} options={JOB_KINDS} onChange={(value) => setState(withFilter(state, { filters: { kind: value } }))} />
        <span className="toolbar-spacer" />
        <label className="inline-field">
          <span>Sort</span>
          <Select value={state.sort} aria-label="Sort jobs by" data-testid="job-sort" onChange={(event) => {
              const sort = event.target.value as JobSort;
              setState({ ...state, sort, dir: jobSortFirstDir(sort), cursor: "" });
            }}>
            {JOB_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {JOB_SORT_LABELS[sort]}
              </option>
            ))}
          </Select>
        </label>
      </Toolbar>
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
              sort={{ id: state.sort, direction: state.dir }}
              onSort={(id) => setState(withSort(JOB_LIST, state, id as JobSort))}
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
                filtered ? (
                  <NoMatch title={noMatchTitle("jobs", state)} onClear={() => setState(withoutFilters(state))} />
                ) : (
                  <EmptyState title="No jobs yet">A job appears here when someone requeues messages from a dead-letter queue.</EmptyState>
                )
              }
            />
          </div>
          <CursorPager pager={pager} hasNext={Boolean(data.next)} busy={jobs.isPlaceholderData} onNext={() => data.next && pager.next(data.next)} summary={pluralize(data.jobs.length, "job")} />
        </>
      )}
    </>
  );
}
