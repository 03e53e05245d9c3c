"use client";
import "./dlq.css";
import { capabilitiesFor, clusterHref, vocabularyFor } from "@/lib/client/cluster-labels";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { DiscardResponse, DlqMessage, DlqMessagesResponse, DlqRow } from "@/lib/contract/dlq";
import type { Job } from "@/lib/contract/jobs";
import {
  dlqCursorFromSearch,
  withDlqCursor,
  describeFilters,
  dlqHref,
  filterCoversPending,
  filtersFromSearchParams,
  filtersKey,
  filtersToSearch,
  hasContentFilters,
  jobHref,
  messagesParams,
  selectorForFilters,
  type DlqFilters,
} from "@/lib/client/dlq-filters";
import { isJobActive, isRequeueOf } from "@/lib/client/dlq-progress";
import { invalidateDlq, useDlqMessages, useDlqs, useDlqSummary, useJobs } from "@/lib/client/dlq-queries";
import {
  EMPTY_SELECTION,
  reconcileSelection,
  selectedIds,
  selectedMessages,
  setPageSelected,
  toggleSelected,
  type DlqSelection,
} from "@/lib/client/dlq-selection";
import { formatInteger, pluralize } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { DLQ_ACTIVE_JOBS_SCAN, DLQ_PAGE_SIZES } from "@/lib/client/query-config";
import { dlqLimitFromSearch, dlqOrderFromSearch, toggleDlqOrder, withDlqLimit, withDlqOrder, type DlqOrder } from "@/lib/client/dlq-page-url";
import { useCursorTrail } from "@/lib/client/use-cursor-history";
import { useCluster } from "@/lib/client/queries";
import { useHydrated } from "@/lib/client/use-hydrated";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Select } from "@/components/ui/input";
import { FetchingIndicator, LoadingState } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { Stat, StatRow } from "@/components/ui/stat";
import { ClusterStatusLine } from "@/components/clusters/cluster-status-line";
import { JobProgressPanel } from "@/components/jobs/job-progress";
import { DiscardDialog, type DiscardRequest } from "./discard-dialog";
import { DlqErrorSummary } from "./dlq-error-summary";
import { DlqFilterBar } from "./dlq-filter-bar";
import { DlqKindBadge } from "./dlq-kind";
import { DlqMessageTable } from "./dlq-message-table";
import { RequeueDialog, type RequeueRequest } from "./requeue-dialog";
import { useDlqPermission } from "./use-dlq-permission";
import { useFormatTime } from "@/components/ui/time";

type OpenDialog = { kind: "requeue"; request: RequeueRequest } | { kind: "discard"; request: DiscardRequest } | null;

function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set([...values].filter((value) => value !== ""))].sort();
}

/**
 * One DLQ: pending messages by error, filters kept in the URL, a page of messages with checkboxes,
 * requeue (dry run, options, a job with live progress) and discard.
 */
export function DlqDetail({ clusterId, topic }: { clusterId: string; topic: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const formatTime = useFormatTime();
  const { cluster } = useCluster(clusterId);
  const clusterKind = cluster?.kind;
  const words = vocabularyFor(clusterKind);
  const permission = useDlqPermission(clusterId);

  const search = searchParams?.toString() ?? "";
  const filters = useMemo(() => filtersFromSearchParams(new URLSearchParams(search)), [search]);
  const fKey = filtersKey(filters);
  const replaceSearch = (query: string) => router.replace(query ? `${pathname}?${query}` : (pathname ?? dlqHref.detail(clusterId, topic)), { scroll: false });
  // New filters start again at the first page: the page's cursor (in the URL) is dropped with them.
  const setFilters = (next: DlqFilters) => replaceSearch(withDlqCursor(filtersToSearch(next, search), null));

  // Paging: order, page size and the page shown (its cursor) are in the URL, so a reload or a shared
  // link keeps them; the trail of pages visited (sessionStorage) lets Prev go back after a reload.
  const order = useMemo(() => dlqOrderFromSearch(new URLSearchParams(search)), [search]);
  const limit = dlqLimitFromSearch(new URLSearchParams(search));
  const cursor = dlqCursorFromSearch(new URLSearchParams(search));
  const pager = useCursorTrail(`${fKey}|${limit}|${order.sort}|${order.dir}`, cursor ?? "", (next) => replaceSearch(withDlqCursor(search, next || null)));

  const dlqs = useDlqs(clusterId);
  const summary = useDlqSummary(clusterId, topic);
  const messages = useDlqMessages(clusterId, topic, messagesParams(filters, limit, cursor, order));
  const data = hydrated ? messages.data : undefined;
  const list = useMemo(() => data?.messages ?? [], [data]);
  // Until hydrated, render what the server did (no data), whatever the shared cache holds (see useHydrated).
  const row: DlqRow | undefined = hydrated ? dlqs.data?.dlqs.find((dlq) => dlq.topic === topic) : undefined;
  const summaryData = hydrated ? summary.data : undefined;
  const isAdvisories = row?.kind === "advisories";

  // Selection: by id across the pages of one filter; a new filter starts empty.
  const [stored, setStored] = useState<{ key: string; selection: DlqSelection }>({ key: fKey, selection: EMPTY_SELECTION });
  const rawSelection = stored.key === fKey ? stored.selection : EMPTY_SELECTION;
  const selection = useMemo(() => reconcileSelection(rawSelection, list), [rawSelection, list]);
  const setSelection = (next: DlqSelection) => setStored({ key: fKey, selection: next });

  // Jobs: those started here, plus requeues of this DLQ still running (another tab, another operator, a reload).
  const jobs = useJobs({ limit: DLQ_ACTIVE_JOBS_SCAN, cursor: null });
  const runningHere = useMemo(
    () => (jobs.data?.jobs ?? []).filter((job) => isRequeueOf(job, clusterId, topic) && isJobActive(job.state)),
    [jobs.data, clusterId, topic],
  );
  const [shownJobs, setShownJobs] = useState<{ id: string; initial?: Job }[]>([]);
  const runningKey = runningHere.map((job) => job.id).join(",");
  useEffect(() => {
    if (runningHere.length === 0) return;
    setShownJobs((current) => {
      const add = runningHere.filter((job) => !current.some((shown) => shown.id === job.id)).map((job) => ({ id: job.id, initial: job }));
      return add.length === 0 ? current : [...current, ...add];
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the ids
  }, [runningKey]);

  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [notice, setNotice] = useState<{ text: string; testId: string } | null>(null);

  const errorOptions = useMemo(() => (summaryData?.groups ?? []).map((group) => group.error), [summaryData]);
  const topicOptions = useMemo(
    () => uniqueSorted([...(row?.originalTopics ?? []), ...(summaryData?.groups ?? []).flatMap((group) => group.originalTopics)]),
    [row, summaryData],
  );
  /** Original topics a filter-wide requeue goes back to, as far as they are known. */
  const filterOriginals = useMemo(() => {
    // Messages that carry subjects go back to their subjects, which the topic summary does not list.
    if (capabilitiesFor(clusterKind).hasSubjects) return [];
    if (filters.originalTopic !== "") return [filters.originalTopic];
    const groups = summaryData?.groups ?? [];
    const relevant = filters.error !== "" ? groups.filter((group) => group.error === filters.error) : groups;
    const fromSummary = uniqueSorted(relevant.flatMap((group) => group.originalTopics));
    return fromSummary.length > 0 ? fromSummary : (row?.originalTopics ?? []);
  }, [clusterKind, filters.originalTopic, filters.error, summaryData, row]);

  const selectedCount = selection.size;
  const coversPending = filterCoversPending(filters);
  const filtered = hasContentFilters(filters);
  const noPermission = permission.allowed ? null : permission.reason;
  const allLabel = filtered ? "all pending messages matching the filter" : "all pending messages";

  const openRequeueSelected = () =>
    setDialog({
      kind: "requeue",
      request: {
        selector: { ids: selectedIds(selection) },
        scopeLabel: `${pluralize(selectedCount, "selected message")}`,
        messages: selectedMessages(selection),
        originals: [],
      },
    });
  const openRequeueAll = () =>
    setDialog({ kind: "requeue", request: { selector: selectorForFilters(filters), scopeLabel: allLabel, messages: list, originals: filterOriginals } });
  const openRequeueOne = (message: DlqMessage, options: { clearRecords?: boolean } = {}) =>
    setDialog({
      kind: "requeue",
      request: { selector: { ids: [message.id] }, scopeLabel: `message ${message.id}`, messages: [message], originals: [], clearRecords: options.clearRecords },
    });
  const openDiscardSelected = () =>
    setDialog({ kind: "discard", request: { selector: { ids: selectedIds(selection) }, scopeLabel: pluralize(selectedCount, "selected message"), count: selectedCount } });
  const openDiscardAll = () => setDialog({ kind: "discard", request: { selector: selectorForFilters(filters), scopeLabel: allLabel, count: null } });
  const openDiscardOne = (message: DlqMessage) =>
    setDialog({ kind: "discard", request: { selector: { ids: [message.id] }, scopeLabel: `message ${message.id}`, count: 1 } });

  const onJobStarted = (job: Job) => {
    setDialog(null);
    setNotice(null);
    setSelection(EMPTY_SELECTION);
    setShownJobs((current) => (current.some((shown) => shown.id === job.id) ? current : [{ id: job.id, initial: job }, ...current]));
  };
  const onJobFinished = () => void invalidateDlq(queryClient, clusterId);
  const onDiscarded = (result: DiscardResponse) => {
    setDialog(null);
    setSelection(EMPTY_SELECTION);
    setNotice({ text: `Discarded ${pluralize(result.discarded, "message")}.`, testId: "discard-result" });
  };

  const next = data?.next;
  const title = revealControlChars(topic);

  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Overview", href: "/" },
          { label: cluster?.name ?? clusterId, href: clusterHref.cluster(clusterId) },
          { label: "DLQ", href: dlqHref.list(clusterId) },
          { label: topic },
        ]}
        title={title}
        badges={
row ? <DlqKindBadge kind={row.kind} clusterKind={clusterKind} /> : <Badge tone="danger">DLQ</Badge>
        }
        subtitle={<ClusterStatusLine clusterId={clusterId} />}
        actions={
          <>
            <Link href={clusterHref.topic(clusterId, topic)}>Browse as {words.topic}</Link>
            <Link href={jobHref.list()}>Jobs</Link>
          </>
        }
      />

      {row ? (
        <StatRow>
          <Stat label="Messages" value={formatInteger(row.messages)} />
          <Stat label="Pending" value={formatInteger(row.pending)} tone={row.pending > 0 ? "warn" : undefined} />
          <Stat
            label={isAdvisories ? "Source streams" : "Original topics"}
            value={
              topicOptions.length === 0 ? (
                <span className="muted">from headers</span>
              ) : (
                <span className="bidi-isolate" title={topicOptions.join(", ")}>
                  {topicOptions.slice(0, 5).map(revealControlChars).join(", ")}
                  {topicOptions.length > 5 ? ` +${topicOptions.length - 5}` : ""}
                </span>
              )
            }
          />
        </StatRow>
      ) : null}
      {isAdvisories ? (
        <p className="muted">
          Each entry stands for a JetStream message that reached its consumer&apos;s MaxDeliver (or was terminated). The
          original message is read from its stream; a requeue publishes it again to its original subject.
        </p>
      ) : null}

      {shownJobs.length > 0 ? (
        <Section title="Requeue jobs">
          {shownJobs.map((shown) => (
            <JobProgressPanel
              key={shown.id}
              jobId={shown.id}
              initial={shown.initial}
              onFinished={onJobFinished}
              onDismiss={() => setShownJobs((current) => current.filter((other) => other.id !== shown.id))}
            />
          ))}
        </Section>
      ) : null}

      <DlqErrorSummary
        summary={summary}
        activeError={filters.error}
        onPickError={(error) => setFilters({ ...filters, error, status: filters.status === "all" ? "all" : "pending" })}
      />

      <Section
        title="Messages"
        actions={
          <>
            <FetchingIndicator active={messages.isFetching} />
            <Button size="sm" data-testid="dlq-refresh" onClick={() => void invalidateDlq(queryClient, clusterId)} disabled={messages.isFetching}>
              Refresh
            </Button>
          </>
        }
      >
        <DlqFilterBar key={fKey} filters={filters} onApply={setFilters} errorOptions={errorOptions} topicOptions={topicOptions} />

        {notice ? (
          <div className="notice" role="status" data-testid={notice.testId}>
            {notice.text}{" "}
            <Button size="sm" variant="ghost" onClick={() => setNotice(null)}>
              Dismiss
            </Button>
          </div>
        ) : null}

        <div className="dlq-actions" role="toolbar" aria-label="DLQ actions">
          <span className="dlq-actions-count" data-testid="dlq-selected-count" data-count={selectedCount}>
            {selectedCount === 0 ? "No message selected" : `${pluralize(selectedCount, "message")} selected`}
          </span>
          {selectedCount > 0 ? (
            <Button size="sm" variant="ghost" onClick={() => setSelection(EMPTY_SELECTION)} data-testid="dlq-clear-selection">
              Clear selection
            </Button>
          ) : null}
          <span className="toolbar-spacer" />
          <Button
            size="sm"
            variant="primary"
            data-testid="requeue-selected"
            disabled={selectedCount === 0 || noPermission !== null}
            title={noPermission ?? (selectedCount === 0 ? "Tick pending messages first" : undefined)}
            onClick={openRequeueSelected}
          >
            Requeue selected{selectedCount > 0 ? ` (${formatInteger(selectedCount)})` : ""}
          </Button>
          <Button
            size="sm"
            data-testid="requeue-all"
            disabled={!coversPending || noPermission !== null}
            title={noPermission ?? (coversPending ? undefined : "Only pending messages are requeued: set the status filter to Pending or All")}
            onClick={openRequeueAll}
          >
            {filtered ? "Requeue all matching filter" : "Requeue all pending"}
          </Button>
          <Button
            size="sm"
            variant="danger"
            data-testid="discard-selected"
            disabled={selectedCount === 0 || noPermission !== null}
            title={noPermission ?? (selectedCount === 0 ? "Tick pending messages first" : undefined)}
            onClick={openDiscardSelected}
          >
            Discard selected
          </Button>
          <Button
            size="sm"
            variant="ghost"
            data-testid="discard-all"
            disabled={!coversPending || noPermission !== null}
            title={noPermission ?? (coversPending ? undefined : "Only pending messages are discarded: set the status filter to Pending or All")}
            onClick={openDiscardAll}
          >
            {filtered ? "Discard all matching…" : "Discard all pending…"}
          </Button>
        </div>
        {noPermission ? (
          <div className="dlq-permission-note" data-testid="dlq-permission-note">
            Requeue and discard are not available: {noPermission}.
          </div>
        ) : null}

        <div className="browse-summary muted">
          Showing {describeFilters(filters, (iso) => formatTime(iso))}
          {pager.pageNumber !== 1 ? `, ${pager.pageNumber === null ? "a later page" : `page ${formatInteger(pager.pageNumber)}`}` : ""}
          {data?.sorted ? <DlqSortNote sorted={data.sorted} sort={order.sort} /> : null}
        </div>

        {data === undefined ? (
          hydrated && messages.isError ? (
            <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />
          ) : (
            <LoadingState label="Reading DLQ messages…" />
          )
        ) : (
          <>
            {messages.isError ? <ErrorState error={messages.error} onRetry={() => void messages.refetch()} compact /> : null}
            <div className={messages.isPlaceholderData ? "is-stale" : undefined}>
              <DlqMessageTable
                clusterId={clusterId}
                messages={list}
                selection={selection}
                offsetLabel={words.offset}
                showPartition={capabilitiesFor(clusterKind).hasPartitions}
                canAct={noPermission === null}
                stale={messages.isPlaceholderData}
                order={order}
                onSort={(column) => replaceSearch(withDlqOrder(search, toggleDlqOrder(order, column)))}
                onToggle={(message, checked) => setSelection(toggleSelected(selection, message, checked))}
                onTogglePage={(checked) => setSelection(setPageSelected(selection, list, checked))}
                onRequeueOne={openRequeueOne}
                onDiscardOne={openDiscardOne}
                empty={
                  next ? (
                    <EmptyState title="No match yet">
                      None of the {formatInteger(data.scanned)} messages read for this page match. Next page continues the scan.
                    </EmptyState>
                  ) : (
                    <EmptyState title="No messages">
                      {filtered || filters.status !== "pending"
                        ? "Nothing matches these filters."
                        : "Nothing is pending in this DLQ. Switch the status filter to see requeued or discarded messages."}
                    </EmptyState>
                  )
                }
              />
            </div>
            <nav className="dlq-pager" aria-label="Pagination">
              <span className="muted" data-testid="dlq-page-info">
                {pager.pageNumber === null ? "A later page" : `Page ${formatInteger(pager.pageNumber)}`} · {pluralize(list.length, "message")} ·{" "}
                {formatInteger(data.scanned)} read
                {next ? "" : list.length > 0 || pager.hasPrevious ? " · end of the DLQ" : ""}
              </span>
              <span className="dlq-pager-buttons">
                <label className="muted">
                  Per page{" "}
                  <Select
                    value={String(limit)}
                    aria-label="Messages per page"
                    onChange={(event) => replaceSearch(withDlqLimit(search, Number(event.target.value)))}
                  >
                    {DLQ_PAGE_SIZES.map((size) => (
                      <option key={size} value={String(size)}>
                        {size}
                      </option>
                    ))}
                  </Select>
                </label>
                <Button
                  size="sm"
                  aria-label="First page"
                  data-testid="dlq-page-first"
                  disabled={!pager.hasPrevious || messages.isPlaceholderData}
                  onClick={pager.first}
                >
                  «
                </Button>
                <Button
                  size="sm"
                  data-testid="dlq-page-prev"
                  disabled={!pager.hasPrevious || messages.isPlaceholderData}
                  onClick={pager.previous}
                >
                  ‹ Prev
                </Button>
                <Button
                  size="sm"
                  data-testid="dlq-page-next"
                  disabled={!next || messages.isPlaceholderData}
                  onClick={() => {
                    if (next) pager.next(next);
                  }}
                >
                  Next ›
                </Button>
              </span>
            </nav>
          </>
        )}
      </Section>

      {dialog?.kind === "requeue" ? (
        <RequeueDialog
          clusterId={clusterId}
          topic={topic}
          clusterKind={clusterKind}
          request={dialog.request}
          onClose={() => setDialog(null)}
          onStarted={onJobStarted}
        />
      ) : null}
      {dialog?.kind === "discard" ? (
        <DiscardDialog
          clusterId={clusterId}
          topic={topic}
          clusterKind={clusterKind}
          request={dialog.request}
          onClose={() => setDialog(null)}
          onDiscarded={onDiscarded}
        />
      ) : null}
    </>
  );
}

const SORT_NAMES: Record<NonNullable<DlqOrder["sort"]>, string> = { time: "time", error: "error", originalTopic: "original topic", attempts: "attempts" };

/** What a sorted page's order covers: every matching message, or those of the part of the DLQ read. */
function DlqSortNote({ sorted, sort }: { sorted: NonNullable<DlqMessagesResponse["sorted"]>; sort: DlqOrder["sort"] }) {
  const by = sort ? ` by ${SORT_NAMES[sort]}` : "";
  return (
    <span data-testid="dlq-sort-note" data-complete={sorted.complete ? "yes" : "no"}>
      {sorted.complete
        ? ` · sorted${by}: all ${pluralize(sorted.matched, "matching message")}`
        : ` · sorted${by} among the ${pluralize(sorted.matched, "matching message")} of the first ${formatInteger(sorted.window)} read (the DLQ holds more: narrow the filters to sort the rest)`}
    </span>
  );
}
