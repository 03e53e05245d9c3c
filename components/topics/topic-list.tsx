"use client";
import Link from "next/link";
import { capabilitiesFor, clusterHref, kindLabel, vocabularyFor, watchedPatternOf } from "@/lib/client/cluster-labels";
import { useDeferredValue, useMemo } from "react";
import type { TopicRow } from "@/lib/contract/topics";
import { formatByteRate, formatBytes, formatInteger, formatNumber, formatRate } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { paginate } from "@/lib/client/paginate";
import { livePollMs, TOPICS_PAGE_SIZE } from "@/lib/client/query-config";
import { useCluster, useTopics } from "@/lib/client/queries";
import { noMatchTitle, withFilter, withoutFilters, withSort } from "@/lib/client/list-state";
import { countInternalTopics, filterTopics, isInternalTopic, sortTopics, TOPIC_LIST, type TopicKindFilter, type TopicSortKey } from "@/lib/client/topic-list";
import { useListState } from "@/lib/client/use-list-state";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Checkbox, FilterInput, Select } from "@/components/ui/input";
import { NoMatch } from "@/components/ui/no-match";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { QueryView } from "@/components/ui/query-view";
import { Toolbar } from "@/components/ui/section";
import { ClusterStatusLine } from "@/components/clusters/cluster-status-line";
import { LiveIndicator } from "@/components/charts/live-indicator";
import { useClusterLive } from "@/lib/client/use-live-updates";

function Figure({ value, format }: { value: number | null; format: (value: number | null) => string }) {
  return <span title={value === null ? "unknown" : formatInteger(value)}>{format(value)}</span>;
}

export function TopicList({ clusterId }: { clusterId: string }) {
  const { cluster } = useCluster(clusterId);
  const words = vocabularyFor(cluster?.kind);
  // Rates and counts are pushed; the list itself (new topics, partitions, sizes) is reconciled slowly.
  const { mode, samplingMs } = useClusterLive(clusterId);
  const topics = useTopics(clusterId, { refetchInterval: livePollMs(mode, samplingMs) });
  // Filter, sort, kind, internal and page live in the URL; the whole list is here, so all of it is sorted.
  const { state, setState, text, setText } = useListState(TOPIC_LIST);
  const showInternal = state.filters.internal === "show";
  const kind = state.filters.kind as TopicKindFilter;
  // Thousands of rows: let typing stay responsive while the filtered list catches up.
  const deferredFilter = useDeferredValue(text);

  const all = topics.data?.topics;
  const visible = useMemo(
    () => (all ? sortTopics(filterTopics(all, deferredFilter, showInternal, kind), { key: state.sort, direction: state.dir }) : []),
    [all, deferredFilter, showInternal, kind, state.sort, state.dir],
  );
  const internalCount = useMemo(() => (all ? countInternalTopics(all) : 0), [all]);
  const slice = paginate(visible, state.page, TOPICS_PAGE_SIZE);

  const columns: Column<TopicRow>[] = [
    {
      id: "name",
      header: "Name",
      sortable: true,
      className: "cell-name",
      cell: (topic) => (
        <span className="name-cell">
          <Link href={clusterHref.topic(clusterId, topic.name)} className="bidi-isolate break-all">
            {revealControlChars(topic.name)}
          </Link>
          {topic.dlq ? (
            <Badge tone="danger" title="Dead-letter queue">
              DLQ
            </Badge>
          ) : null}
          {isInternalTopic(topic) ? <Badge>internal</Badge> : null}
        </span>
      ),
    },
    ...(!capabilitiesFor(cluster?.kind).hasPartitions
      ? []
      : [
          {
            id: "partitions",
            header: "Partitions",
            align: "right" as const,
            sortable: true,
            width: "90px",
            cell: (topic: TopicRow) => formatInteger(topic.partitions),
          },
        ]),
    {
      id: "messages",
      header: "Messages",
      align: "right",
      sortable: true,
      width: "100px",
      cell: (topic) => <Figure value={topic.messages} format={formatNumber} />,
    },
    {
      id: "bytes",
      header: "Size",
      align: "right",
      sortable: true,
      width: "100px",
      cell: (topic) => <Figure value={topic.bytes} format={formatBytes} />,
    },
    {
      id: "msgsPerSec",
      header: "Msgs/s",
      align: "right",
      sortable: true,
      width: "100px",
      cell: (topic) => <Figure value={topic.msgsPerSec} format={formatRate} />,
    },
    {
      id: "bytesPerSec",
      header: "Bytes/s",
      align: "right",
      sortable: true,
      width: "110px",
      cell: (topic) => <Figure value={topic.bytesPerSec} format={formatByteRate} />,
    },
  ];

  const title = words.topics;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: cluster?.name ?? clusterId }, { label: title }]}
        title={title}
        subtitle={<ClusterStatusLine clusterId={clusterId} />}
        actions={
          <>
            <FetchingIndicator active={topics.isFetching} />
            <LiveIndicator mode={mode} samplingMs={samplingMs} />
          </>
        }
      />
      <QueryView
        query={topics}
        loadingLabel={`Loading ${title.toLowerCase()}…`}
        pollMs={livePollMs(mode, samplingMs)}
        isEmpty={(data) => data.topics.length === 0}
        empty={
          <EmptyState title={`No ${title.toLowerCase()}`}>
            {cluster && watchedPatternOf(cluster) !== null
              ? `This cluster watches the ${title.toLowerCase()} whose keys match “${watchedPatternOf(cluster)}”; none does.`
              : `This ${kindLabel(cluster?.kind)} cluster has no ${title.toLowerCase()} yet.`}
          </EmptyState>
        }
      >
        {() => (
          <>
            <Toolbar>
              <FilterInput value={text} onChange={setText} placeholder={`Filter ${title.toLowerCase()} by name…`} label={`Filter ${title.toLowerCase()}`} />
              <label className="inline-field">
                <span>Kind</span>
                <Select
                  value={kind}
                  aria-label="Kind filter"
                  data-testid="kind-filter"
                  onChange={(event) => setState(withFilter(state, { filters: { kind: event.target.value } }))}
                >
                  <option value="">Any</option>
                  <option value="dlq">Dead-letter queues</option>
                  <option value="regular">Not dead-letter queues</option>
                </Select>
              </label>
              {internalCount > 0 ? (
                <Checkbox checked={showInternal} onChange={(checked) => setState(withFilter(state, { filters: { internal: checked ? "show" : "" } }))}>
                  Show internal ({formatInteger(internalCount)})
                </Checkbox>
              ) : null}
              <span className="toolbar-spacer" />
              <span className="muted">
                {formatInteger(visible.length)} of {formatInteger(all?.length ?? 0)}
              </span>
            </Toolbar>
            <DataTable
              label={title}
              columns={columns}
              rows={slice.items}
              rowKey={(topic) => topic.name}
              sort={{ id: state.sort, direction: state.dir }}
              onSort={(id) => setState(withSort(TOPIC_LIST, state, id as TopicSortKey))}
              empty={
                <NoMatch
                  title={noMatchTitle(title.toLowerCase(), { ...state, q: deferredFilter }, { kind: "kind" })}
                  onClear={() => {
                    setText("");
                    setState(withoutFilters(state));
                  }}
                >
                  {!showInternal && internalCount > 0 ? "Internal ones are hidden." : null}
                </NoMatch>
              }
            />
            <Pagination
              page={slice.page}
              pageCount={slice.pageCount}
              first={slice.first}
              last={slice.last}
              total={slice.total}
              onPage={(page) => setState({ ...state, page })}
              noun={title.toLowerCase()}
            />
          </>
        )}
      </QueryView>
    </>
  );
}
