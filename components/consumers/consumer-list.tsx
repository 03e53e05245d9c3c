"use client";
import Link from "next/link";
import { vocabularyFor, clusterHref } from "@/lib/client/cluster-labels";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import type { ConsumerRow } from "@/lib/contract/consumers";
import { formatInteger, formatLagSeconds, formatNumber } from "@/lib/client/format";
import { consumerListFromSearch, consumerListToSearch, toggleSort, type ConsumerListState } from "@/lib/client/list-url-state";
import { revealControlChars } from "@/lib/client/message-value";
import { CONSUMERS_PAGE_SIZE, livePollMs, SEARCH_DEBOUNCE_MS } from "@/lib/client/query-config";
import { useCluster, useConsumerPage } from "@/lib/client/queries";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { useHydrated } from "@/lib/client/use-hydrated";
import { useClusterLive } from "@/lib/client/use-live-updates";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FilterInput, Select } from "@/components/ui/input";
import { FetchingIndicator, LoadingState } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/pagination";
import { Toolbar } from "@/components/ui/section";
import { ClusterStatusLine } from "@/components/clusters/cluster-status-line";
import { LiveIndicator } from "@/components/charts/live-indicator";
import { LagStatusBadge } from "./lag-status-badge";

const MAX_TOPICS_SHOWN = 3;

/** The topics a group reads, each a link to its topic page. */
function TopicsCell({ clusterId, topics }: { clusterId: string; topics: string[] }) {
  if (topics.length === 0) return <span className="muted">—</span>;
  const shown = topics.slice(0, MAX_TOPICS_SHOWN);
  const rest = topics.length - shown.length;
  return (
    <span title={topics.join(", ")} className="bidi-isolate" data-testid="group-topics">
      {shown.map((topic, index) => (
        <span key={topic}>
          {index > 0 ? ", " : null}
          <Link href={clusterHref.topic(clusterId, topic)}>{revealControlChars(topic)}</Link>
        </span>
      ))}
      {rest > 0 ? <span className="muted"> +{rest}</span> : null}
    </span>
  );
}

const STATUS_OPTIONS = ["", "ERR", "WARN", "OK", "UNKNOWN"] as const;

/**
 * Consumer groups, paged by the server (clusters can have ten thousand groups): the filter, the
 * sort (name, lag, lag time, status) and the status filter go to the server and live in the URL;
 * paging follows its cursors, and Prev walks back through the cursors seen.
 */
export function ConsumerList({ clusterId }: { clusterId: string }) {
  const { cluster } = useCluster(clusterId);
  const words = vocabularyFor(cluster?.kind);
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams?.toString() ?? "";
  const listState = useMemo(() => consumerListFromSearch(new URLSearchParams(search)), [search]);
  const setListState = (next: ConsumerListState) => {
    const query = consumerListToSearch(next, search);
    router.replace(query ? `${pathname}?${query}` : (pathname ?? clusterHref.consumers(clusterId)), { scroll: false });
  };
  const [filter, setFilter] = useState(listState.q);
  const q = useDebouncedValue(filter.trim(), SEARCH_DEBOUNCE_MS);
  useEffect(() => {
    if (q !== listState.q) setListState({ ...listState, q });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a settled filter goes to the URL
  }, [q]);
  const { sort, dir, status } = listState;
  const orderKey = `${q}|${sort}|${dir}|${status}`;
  // The cursors of the pages visited, for this filter and order; a change starts again at page one.
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({ key: orderKey, cursors: [null] });
  const cursors = paging.key === orderKey ? paging.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;
  // Lag and status of the listed groups are pushed; the rest (state, members) is reconciled slowly.
  const { mode, samplingMs } = useClusterLive(clusterId);
  const consumers = useConsumerPage(
    clusterId,
    { q, limit: CONSUMERS_PAGE_SIZE, cursor, ...(sort !== "name" || dir !== "asc" ? { sort, dir } : {}), ...(status ? { status } : {}) },
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
      id: "name",
      sortable: true,
      header: vocabularyFor(cluster?.kind).consumerColumn,
      className: "cell-name",
      cell: (row) => (
        <Link href={clusterHref.consumer(clusterId, row.group)} className="bidi-isolate break-all">
          {revealControlChars(row.group)}
        </Link>
      ),
    },
    { id: "state", header: "State", width: "130px", className: "cell-preview", cell: (row) => row.state || <span className="muted">—</span> },
    { id: "members", header: "Members", align: "right", width: "80px", cell: (row) => formatInteger(row.members) },
    { id: "topics", header: words.topics, className: "cell-preview", cell: (row) => <TopicsCell clusterId={clusterId} topics={row.topics} /> },
    {
      id: "lag",
      sortable: true,
      header: "Lag",
      align: "right",
      width: "90px",
      cell: (row) => <span title={formatInteger(row.lag)}>{formatNumber(row.lag)}</span>,
    },
    {
      id: "lagSeconds",
      sortable: true,
      header: "Lag time",
      title: "How far behind, in time",
      align: "right",
      width: "110px",
      className: "nowrap",
      cell: (row) => formatLagSeconds(row.lagSeconds, row.lagSecondsAtLeast),
    },
    {
      id: "status",
      sortable: true,
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
          { label: cluster?.name ?? clusterId, href: clusterHref.cluster(clusterId) },
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
        <label className="inline-field">
          <span>Status</span>
          <Select
            value={status}
            aria-label="Status filter"
            data-testid="status-filter"
            onChange={(event) => setListState({ ...listState, q, status: event.target.value as ConsumerListState["status"] })}
          >
            {STATUS_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {option === "" ? "Any" : option}
              </option>
            ))}
          </Select>
        </label>
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
              sort={{ id: sort, direction: dir }}
              onSort={(column) => setListState(toggleSort({ ...listState, q }, column as ConsumerListState["sort"]))}
              empty={
                q || status ? (
                  <EmptyState title={`No ${title.toLowerCase()} match`}>
                    Nothing matches{q ? ` “${q}”` : ""}
                    {status ? ` with status ${status}` : ""}.
                  </EmptyState>
                ) : (
                  <EmptyState title={`No ${title.toLowerCase()}`}>
                    Nothing consumes from this cluster yet{vocabularyFor(cluster?.kind).noConsumersHint}.
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
            onFirst={() => setPaging({ key: orderKey, cursors: [null] })}
            onPrevious={() => setPaging({ key: orderKey, cursors: cursors.slice(0, -1) })}
            onNext={() => {
              if (data.next) setPaging({ key: orderKey, cursors: [...cursors, data.next] });
            }}
          />
        </>
      )}
    </>
  );
}
