"use client";
import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import type { Cluster } from "@/lib/contract/clusters";
import { rankGroupsBehind, type GroupBehind } from "@/lib/client/chart-data";
import { clusterHref } from "@/lib/client/cluster-labels";
import { formatInteger, formatLagSeconds, formatNumber } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import {
  DEFAULT_SAMPLING_INTERVAL_MS,
  GROUPS_BEHIND_ROWS,
  GROUPS_BEHIND_SCAN_LIMIT,
  livePollMs,
} from "@/lib/client/query-config";
import { useConsumerScans } from "@/lib/client/queries";
import { useHydrated } from "@/lib/client/use-hydrated";
import { liveModeOf } from "@/lib/client/use-live-updates";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingState } from "@/components/ui/loading-state";
import { DrainEstimate } from "@/components/consumers/drain-estimate";
import { LagStatusBadge } from "@/components/consumers/lag-status-badge";

/**
 * The consumer groups most behind across every cluster that is up: by lag in seconds, then lag,
 * each with its status and the reason for it. The group lists are kept current by the clusters'
 * live streams (opened by the overview cards), and polled while a stream is not live.
 */
export function GroupsBehind({ clusters }: { clusters: readonly Cluster[] }) {
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const up = clusters.filter((cluster) => cluster.status === "up");
  const samplingOf = new Map(up.map((cluster) => [cluster.id, cluster.samplingIntervalMs ?? DEFAULT_SAMPLING_INTERVAL_MS]));
  const scans = useConsumerScans(
    up.map((cluster) => cluster.id),
    {
      refetchInterval: (clusterId) =>
        livePollMs(liveModeOf(queryClient, clusterId), samplingOf.get(clusterId) ?? DEFAULT_SAMPLING_INTERVAL_MS),
    },
  );

  if (!hydrated) return <LoadingState label="Loading consumer groups…" />;
  if (up.length === 0) {
    return <EmptyState title="No cluster is up">Groups are ranked once a cluster answers.</EmptyState>;
  }
  const loaded = up.map((cluster, index) => ({ cluster, scan: scans[index] }));
  if (loaded.every(({ scan }) => scan?.data === undefined && !scan?.isError)) {
    return <LoadingState label="Loading consumer groups…" />;
  }
  const ranked = rankGroupsBehind(
    loaded.map(({ cluster, scan }) => ({ clusterId: cluster.id, clusterName: cluster.name, consumers: scan?.data?.consumers ?? [] })),
    GROUPS_BEHIND_ROWS,
  );
  const failed = loaded.filter(({ scan }) => scan?.isError);
  const partial = loaded.filter(({ scan }) => (scan?.data?.total ?? 0) > GROUPS_BEHIND_SCAN_LIMIT);

  return (
    <>
      {failed.map(({ cluster, scan }) => (
        <ErrorState
          key={cluster.id}
          compact
          title={`${cluster.name}: groups unavailable`}
          error={scan?.error}
          onRetry={() => void scan?.refetch()}
        />
      ))}
      <DataTable<GroupBehind>
        label="Groups most behind"
        rows={ranked}
        rowKey={(row) => `${row.clusterId}\u0000${row.group}`}
        columns={[
          {
            id: "group",
            header: "Group",
            className: "cell-name",
            cell: (row) => (
              <div>
                <Link href={clusterHref.consumer(row.clusterId, row.group)} className="bidi-isolate break-all">
                  {revealControlChars(row.group)}
                </Link>
                <div className="muted bidi-isolate">{row.clusterName}</div>
              </div>
            ),
          },
          {
            id: "lagSeconds",
            header: "Lag time",
            title: "How far behind, in time",
            align: "right",
            width: "100px",
            className: "nowrap",
            cell: (row) => formatLagSeconds(row.lagSeconds, row.lagSecondsAtLeast),
          },
          {
            id: "lag",
            header: "Lag",
            title: "Messages not yet consumed",
            align: "right",
            width: "80px",
            cell: (row) => <span title={formatInteger(row.lag)}>{formatNumber(row.lag)}</span>,
          },
          {
            id: "status",
            header: "Status",
            cell: (row) => <LagStatusBadge status={row.status} reason={row.statusReason} showReason />,
          },
          {
            id: "drain",
            header: "Drains in",
            width: "110px",
            className: "nowrap",
            cell: (row) => <DrainEstimate drainSeconds={row.drainSeconds} lag={row.lag} consumeRate={row.consumeRate} status={row.status} />,
          },
        ]}
        empty={<EmptyState title="No group is behind">Every consumer group has caught up.</EmptyState>}
      />
      {partial.length > 0 ? (
        <p className="table-note muted">
          Ranked among the first {formatInteger(GROUPS_BEHIND_SCAN_LIMIT)} groups of{" "}
          {partial.map(({ cluster }) => cluster.name).join(", ")}.
        </p>
      ) : null}
    </>
  );
}
