"use client";
import Link from "next/link";
import { capabilitiesFor, clusterHref, vocabularyFor } from "@/lib/client/cluster-labels";
import { useMemo, useState } from "react";
import type { ConsumerDetail, ConsumerPartition, MemberDetail } from "@/lib/contract/consumers";
import { formatDuration, formatInteger, formatLagSeconds, formatNumber, formatRate } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { paginate } from "@/lib/client/paginate";
import { CONSUMER_DETAIL_POLL_MS, CONSUMER_PARTITIONS_PAGE_SIZE, historyPollMs } from "@/lib/client/query-config";
import { useCluster, useConsumer, useConsumerHistory } from "@/lib/client/queries";
import { useHydrated } from "@/lib/client/use-hydrated";
import { useClusterLive } from "@/lib/client/use-live-updates";
import { useTimeWindow } from "@/lib/client/use-time-window";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Checkbox } from "@/components/ui/input";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { QueryView } from "@/components/ui/query-view";
import { Section } from "@/components/ui/section";
import { Stat, StatRow } from "@/components/ui/stat";
import { StatusBadge } from "@/components/ui/status-badge";
import { ClusterStatusLine } from "@/components/clusters/cluster-status-line";
import { LiveIndicator } from "@/components/charts/live-indicator";
import { PartitionLagChart } from "@/components/charts/partition-lag-chart";
import { TimeWindowPicker } from "@/components/charts/time-window-picker";
import { DrainEstimate } from "./drain-estimate";
import { PendingEntriesPanel } from "./pending-entries-panel";
import { ResetOffsetsPanel } from "./reset-offsets-panel";
import { isNoteworthyStatus, LagStatusBadge } from "./lag-status-badge";

function MembersTable({ members, lagging }: { members: MemberDetail[]; lagging: boolean }) {
  return (
    <DataTable
      label="Members"
      dense
      rows={members}
      rowKey={(member) => member.memberId}
      columns={[
        { id: "memberId", header: "Member id", className: "mono break-all", cell: (m) => revealControlChars(m.memberId) },
        { id: "clientId", header: "Client id", className: "mono break-all", cell: (m) => revealControlChars(m.clientId) },
        { id: "host", header: "Host", className: "mono", cell: (m) => revealControlChars(m.host) },
        {
          id: "assignments",
          header: "Assignments",
          cell: (m) =>
            m.assignments.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <ul className="plain-list">
                {m.assignments.map((assignment) => (
                  <li key={assignment.topic}>
                    <span className="mono bidi-isolate">{revealControlChars(assignment.topic)}</span>
                    <span className="muted">: </span>
                    <span className="mono">{assignment.partitions.join(", ")}</span>
                  </li>
                ))}
              </ul>
            ),
        },
      ]}
      empty={
        <EmptyState title="No active members">
          {lagging ? "Nobody is consuming right now: the lag will not go down by itself." : "Nobody is consuming right now."}
        </EmptyState>
      }
    />
  );
}

function PartitionsLagTable({
  clusterId,
  partitions,
  isStream,
}: {
  clusterId: string;
  partitions: ConsumerPartition[];
  isStream: boolean;
}) {
  const [onlyLagging, setOnlyLagging] = useState(false);
  const [page, setPage] = useState(1);
  const rows = useMemo(
    () => (onlyLagging ? partitions.filter((partition) => partition.lag > 0 || partition.noCommit) : partitions),
    [partitions, onlyLagging],
  );
  const slice = paginate(rows, page, CONSUMER_PARTITIONS_PAGE_SIZE);
  return (
    <>
      <div className="toolbar">
        <Checkbox
          checked={onlyLagging}
          onChange={(checked) => {
            setOnlyLagging(checked);
            setPage(1);
          }}
        >
          Only partitions with lag
        </Checkbox>
      </div>
      <DataTable
        label="Partitions"
        dense
        rows={slice.items}
        rowKey={(row) => `${row.topic}\u0000${row.partition}`}
        columns={[
          {
            id: "topic",
            header: isStream ? "Stream" : "Topic",
            className: "cell-name",
            cell: (row) => (
              <Link href={clusterHref.topic(clusterId, row.topic)} className="bidi-isolate break-all">
                {revealControlChars(row.topic)}
              </Link>
            ),
          },
          ...(isStream
            ? []
            : [{ id: "partition", header: "Partition", align: "right" as const, width: "80px", cell: (row: ConsumerPartition) => row.partition }]),
          {
            id: "committed",
            header: "Committed",
            title: isStream ? "Ack floor + 1: the first sequence not yet acknowledged" : "Committed offset",
            align: "right",
            className: "mono",
            cell: (row) => (row.committed === null ? <span className="muted">none</span> : row.committed),
          },
          { id: "high", header: "High", align: "right", className: "mono", cell: (row) => row.high },
          {
            id: "lag",
            header: "Lag",
            align: "right",
            cell: (row) => <span title={formatInteger(row.lag)}>{formatNumber(row.lag)}</span>,
          },
          {
            id: "lagSeconds",
            header: "Lag time",
            title: "How far behind, in time (interpolated from sampled offsets)",
            align: "right",
            className: "nowrap",
            cell: (row) => formatLagSeconds(row.lagSeconds, row.lagSecondsAtLeast),
          },
          {
            id: "oldest",
            header: "Oldest unconsumed",
            title: "Age of the oldest message not yet consumed (read from the message at the committed offset)",
            align: "right",
            className: "nowrap",
            cell: (row) => (row.lag > 0 ? formatDuration(row.oldestUnconsumedAgeSeconds ?? null) : <span className="muted">none</span>),
          },
          {
            id: "status",
            header: "Status",
            width: "260px",
            cell: (row) => (
              <span className="badges">
                <LagStatusBadge status={row.status} reason={row.statusReason} showReason={isNoteworthyStatus(row.status)} />
                {row.noCommit ? (
                  <Badge tone="warn" title="No committed offset: lag is counted from the low watermark">
                    no commit
                  </Badge>
                ) : null}
              </span>
            ),
          },
        ]}
        empty={<EmptyState title={onlyLagging ? "No partition has lag" : "No partitions"} />}
      />
      {slice.pageCount > 1 ? (
        <Pagination
          page={slice.page}
          pageCount={slice.pageCount}
          first={slice.first}
          last={slice.last}
          total={slice.total}
          onPage={setPage}
          noun="partitions"
        />
      ) : null}
    </>
  );
}

function Figures({ data, isStream }: { data: ConsumerDetail; isStream: boolean }) {
  return (
    <StatRow>
      <Stat label="State" value={data.state || "—"} />
      <Stat label="Status" value={<LagStatusBadge status={data.status} reason={data.statusReason} />} />
      <Stat label="Total lag" value={formatNumber(data.lag)} title={formatInteger(data.lag)} />
      <Stat label="Lag time" value={formatLagSeconds(data.lagSeconds, data.lagSecondsAtLeast)} />
      {data.consumeRate !== undefined ? <Stat label="Consume rate" value={formatRate(data.consumeRate)} /> : null}
      {data.drainSeconds !== undefined ? (
        <Stat
          label="Drains in"
          value={<DrainEstimate drainSeconds={data.drainSeconds} lag={data.lag} consumeRate={data.consumeRate} status={data.status} />}
        />
      ) : null}
      <Stat label="Members" value={formatInteger(data.members)} />
      {isStream || data.pending !== undefined ? (
        <>
          <Stat label="Pending" value={formatNumber(data.pending)} title={`num_pending: ${formatInteger(data.pending)}`} />
          <Stat label="Ack pending" value={formatNumber(data.ackPending)} title={`num_ack_pending: ${formatInteger(data.ackPending)}`} />
          <Stat
            label="Redelivered"
            value={formatNumber(data.redelivered)}
            title={formatInteger(data.redelivered)}
            tone={data.redelivered ? "warn" : undefined}
          />
          <Stat label="Delivered" value={formatNumber(data.delivered)} title={formatInteger(data.delivered)} />
        </>
      ) : null}
    </StatRow>
  );
}

export function ConsumerDetailView({ clusterId, group }: { clusterId: string; group: string }) {
  const { cluster } = useCluster(clusterId);
  const words = vocabularyFor(cluster?.kind);
  const isStream = !capabilitiesFor(cluster?.kind).hasPartitions;
  const keepsPending = capabilitiesFor(cluster?.kind).keepsPendingEntries;
  const { mode, samplingMs } = useClusterLive(clusterId);
  const [window] = useTimeWindow();
  // Per-partition figures are not pushed: the group is polled at the sampling interval whatever the
  // stream does (never faster than CONSUMER_DETAIL_POLL_MS: each read also asks the broker for the
  // oldest unconsumed messages); the stream updates its totals in between.
  const detail = useConsumer(clusterId, group, { refetchInterval: Math.max(samplingMs, CONSUMER_DETAIL_POLL_MS) });
  const history = useConsumerHistory(clusterId, group, window.id, {
    refetchInterval: historyPollMs(window.seconds, mode, samplingMs, false),
  });
  const loaded = useHydrated() ? detail.data : undefined;

  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Overview", href: "/" },
          { label: cluster?.name ?? clusterId, href: clusterHref.cluster(clusterId) },
          { label: words.consumers, href: clusterHref.consumers(clusterId) },
          { label: revealControlChars(group) },
        ]}
        title={revealControlChars(group)}
        badges={loaded ? <StatusBadge status={loaded.status} title={loaded.statusReason} /> : null}
        subtitle={
          <>
            <ClusterStatusLine clusterId={clusterId} />
            {loaded?.statusReason ? <div className="status-reason">{loaded.statusReason}</div> : null}
          </>
        }
        actions={
          <>
            <FetchingIndicator active={detail.isFetching} />
            <LiveIndicator mode={mode} samplingMs={samplingMs} />
            <TimeWindowPicker />
          </>
        }
      />
      <QueryView query={detail} loadingLabel={`Loading ${words.consumer}…`} pollMs={CONSUMER_DETAIL_POLL_MS}>
        {(data) => (
          <>
            <Figures data={data} isStream={isStream} />
            <div className="related-links" data-testid="group-reads">
              <span className="muted">Reads {data.topics.length === 1 ? words.topic : words.topics.toLowerCase()}: </span>
              {data.topics.length === 0 ? <span className="muted">none</span> : null}
              {data.topics.map((topic, index) => (
                <span key={topic}>
                  {index > 0 ? ", " : null}
                  <Link href={clusterHref.topic(clusterId, topic)} className="bidi-isolate">
                    {revealControlChars(topic)}
                  </Link>
                </span>
              ))}
            </div>
            <Section title={`Lag, last ${window.label}`}>
              <div className="chart-grid">
                <PartitionLagChart query={history} field="lag" samplingMs={samplingMs} isStream={isStream} />
                <PartitionLagChart
                  query={history}
                  field="lagSeconds"
                  samplingMs={samplingMs}
                  isStream={isStream}
                />
              </div>
            </Section>
            <Section title={`Members (${formatInteger(data.memberDetails?.length ?? 0)})`}>
              <MembersTable members={data.memberDetails ?? []} lagging={(data.lag ?? 0) > 0} />
            </Section>
            <Section title={`${isStream ? "Streams" : "Partitions"} (${formatInteger(data.partitions.length)})`}>
              <PartitionsLagTable clusterId={clusterId} partitions={data.partitions} isStream={isStream} />
            </Section>
            {keepsPending ? <PendingEntriesPanel clusterId={clusterId} group={group} /> : null}
            <ResetOffsetsPanel clusterId={clusterId} group={group} isStream={isStream} members={data.members} partitions={data.partitions} />
          </>
        )}
      </QueryView>
    </>
  );
}
