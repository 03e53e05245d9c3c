"use client";
import Link from "next/link";
import { useState } from "react";
import type { ConsumerRow } from "@/lib/client/api-types";
import { clusterHref, vocabularyFor } from "@/lib/client/cluster-labels";
import { formatInteger, formatLagSeconds, formatNumber } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { CONSUMERS_PAGE_SIZE, livePollMs, SEARCH_DEBOUNCE_MS } from "@/lib/client/query-config";
import { useCluster, useConsumerPage } from "@/lib/client/queries";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { useHydrated } from "@/lib/client/use-hydrated";
import { useClusterLive } from "@/lib/client/use-live-updates";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FilterInput } from "@/components/ui/input";
import { FetchingIndicator, LoadingState } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/pagination";
import { Toolbar } from "@/components/ui/section";
import { ClusterStatusLine } from "@/components/clusters/cluster-status-line";
import { LiveIndicator } from "@/components/charts/live-indicator";
import { LagStatusBadge } from "./lag-status-badge";

const MAX_TOPICS_SHOWN = 3;

function TopicsCell({ topics }: { topics: string[] }) {
  if (topics.length === 0) return <span className="muted">—</span>;
  const shown = topics.slice(0, MAX_TOPICS_SHOWN).map((topic) => revealControlChars(topic));
  const rest = topics.length - shown.length;
  return (
    <span title={topics.join(", ")} className="bidi-isolate">
      {shown.join(", ")}
      {rest > 0 ? <span className="muted"> +{rest}</span> : null}
    </span>
  );
}

/**
 * Consumer groups, paged by the server (clusters can have ten thousand groups): the filter goes to
 * the server as `q`, paging follows its cursors, and Prev walks back through the cursors seen.
 */
export function ConsumerList({ clusterId }: { clusterId: string }) {
  const { cluster } = useCluster(clusterId);
  const words = vocabularyFor(cluster?.kind);
  const [filter, setFilter] = useState("");
  const q = useDebouncedValue(filter.trim(), SEARCH_DEBOUNCE_MS);
  // The cursors of the pages visited, for this filter; a new filter starts again at page one.
  const [paging, setPaging] = useState<{ q: string; cursors: (string | null)[] }>({ q: "", cursors: [null] });
  const cursors = paging.q === q ? paging.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;
  // Lag and status of the listed groups are pushed; the rest (state, members) is reconciled slowly.
  const { mode, samplingMs } = useClusterLive(clusterId);
  const consumers = useConsumerPage(
    clusterId,
    { q, limit: CONSUMERS_PAGE_SIZE, cursor },
    { refetchInterval: livePollMs(mode, samplingMs) },
  );
  const hydrated = useHydrated();
  const data = hydrated ? consumers.data : undefined;

  const rows = data?.consumers ?? [];
  const pageIndex = cursors.length - 1;
  const first = rows.length === 0 ? 0 : pageIndex * CONSUMERS_PAGE_SIZE + 1;
  const last = rows.length === 0 ? 0 : first + rows.length - 1;

  const columns: Column<ConsumerRow>[] = [
    {
      id: "group",
      header: cluster?.kind === "nats" ? "Consumer (stream.consumer)" : "Group",
      className: "cell-name",
      cell: (row) => (
        <Link href={clusterHref.consumer(clusterId, row.group)} className="bidi-isolate break-all">
          {revealControlChars(row.group)}
        </Link>
      ),
    },
    { id: "state", header: "State", width: "130px", className: "cell-preview", cell: (row) => row.state || <span className="muted">—</span> },
    { id: "members", header: "Members", align: "right", width: "80px", cell: (row) => formatInteger(row.members) },
    { id: "topics", header: words.topics, className: "cell-preview", cell: (row) => <TopicsCell topics={row.topics} /> },
    {
      id: "lag",
      header: "Lag",
      align: "right",
      width: "90px",
      cell: (row) => <span title={formatInteger(row.lag)}>{formatNumber(row.lag)}</span>,
    },
    {
      id: "lagSeconds",
      header: "Lag time",
      title: "How far behind, in time",
      align: "right",
      width: "110px",
      className: "nowrap",
      cell: (row) => formatLagSeconds(row.lagSeconds, row.lagSecondsAtLeast),
    },
    {
      id: "status",
      header: "Status",
      title: "Lag evaluation over the sampling window; hover a badge for the reason",
      width: "100px",
      cell: (row) => <LagStatusBadge status={row.status} reason={row.statusReason} />,
    },
  ];

  const title = words.consumers;
  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Overview", href: "/" },
          { label: cluster?.name ?? clusterId, href: clusterHref.topics(clusterId) },
          { label: title },
        ]}
        title={title}
        subtitle={<ClusterStatusLine clusterId={clusterId} />}
        actions={
          <>
            <FetchingIndicator active={consumers.isFetching} />
            <LiveIndicator mode={mode} samplingMs={samplingMs} />
          </>
        }
      />
      <Toolbar>
        <FilterInput
          value={filter}
          onChange={setFilter}
          placeholder={`Filter ${title.toLowerCase()} by name…`}
          label={`Filter ${title.toLowerCase()}`}
        />
        <span className="toolbar-spacer" />
        {data ? <span className="muted">{formatInteger(data.total)} total</span> : null}
      </Toolbar>
      {data === undefined ? (
        hydrated && consumers.isError ? (
          <ErrorState error={consumers.error} onRetry={() => void consumers.refetch()} retryingEveryMs={livePollMs(mode, samplingMs)} />
        ) : (
          <LoadingState label={`Loading ${title.toLowerCase()}…`} />
        )
      ) : (
        <>
          {consumers.isError ? (
            <ErrorState error={consumers.error} onRetry={() => void consumers.refetch()} retryingEveryMs={livePollMs(mode, samplingMs)} compact />
          ) : null}
          <div className={consumers.isPlaceholderData ? "is-stale" : undefined}>
            <DataTable
              label={title}
              fixed
              columns={columns}
              rows={rows}
              rowKey={(row) => row.group}
              empty={
                q ? (
                  <EmptyState title={`No ${title.toLowerCase()} match`}>Nothing matches “{q}”.</EmptyState>
                ) : (
                  <EmptyState title={`No ${title.toLowerCase()}`}>
                    Nothing consumes from this cluster yet{cluster?.kind === "nats" ? " (no durable consumers)" : ""}.
                  </EmptyState>
                )
              }
            />
          </div>
          <CursorPagination
            first={first}
            last={last}
            total={data.total}
            noun={title.toLowerCase()}
            hasPrevious={cursors.length > 1}
            hasNext={Boolean(data.next) && !consumers.isPlaceholderData}
            busy={consumers.isPlaceholderData}
            onFirst={() => setPaging({ q, cursors: [null] })}
            onPrevious={() => setPaging({ q, cursors: cursors.slice(0, -1) })}
            onNext={() => {
              if (data.next) setPaging({ q, cursors: [...cursors, data.next] });
            }}
          />
        </>
      )}
    </>
  );
}
