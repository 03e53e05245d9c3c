"use client";
import Link from "next/link";
import { emptyClusterNote, endpointsOf, clusterHref, kindLabel, vocabularyFor } from "@/lib/client/cluster-labels";
import type { Cluster } from "@/lib/contract/clusters";
import { formatInteger, formatNumber } from "@/lib/client/format";
import { DEFAULT_SAMPLING_INTERVAL_MS, historyPollMs, OVERVIEW_COUNTS_POLL_MS } from "@/lib/client/query-config";
import { useClusterHistory, useConsumerPage, useTopics } from "@/lib/client/queries";
import type { TimeWindow } from "@/lib/client/time-window";
import { isInternalTopic } from "@/lib/client/topic-list";
import { useLiveUpdates } from "@/lib/client/use-live-updates";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/ui/status-badge";
import { LiveIndicator } from "@/components/charts/live-indicator";
import { ThroughputChart } from "@/components/charts/throughput-chart";

function Count({ value, loading, failed }: { value: number | undefined; loading: boolean; failed: boolean }) {
  if (value !== undefined) return <span title={formatInteger(value)}>{formatNumber(value)}</span>;
  if (failed) return <span className="muted">—</span>;
  return <span className="muted">{loading ? "…" : "—"}</span>;
}

/**
 * One cluster on the overview: kind, status (with the full down reason), live state, counts and a
 * total throughput chart when up, links.
 */
export function ClusterCard({ cluster, window }: { cluster: Cluster; window: TimeWindow }) {
  const up = cluster.status === "up";
  const words = vocabularyFor(cluster.kind);
  const samplingMs = cluster.samplingIntervalMs ?? DEFAULT_SAMPLING_INTERVAL_MS;
  const mode = useLiveUpdates(cluster.id, { enabled: up, samplingMs });
  const history = useClusterHistory(cluster.id, window.id, {
    enabled: up,
    refetchInterval: historyPollMs(window.seconds, mode, samplingMs),
  });
  // Counts come with the cluster once it was sampled; before that, from the list endpoints (shared
  // cache with the list pages), fetched only when up.
  const sampled = cluster.topicCount !== undefined;
  const topics = useTopics(cluster.id, { enabled: up && !sampled, refetchInterval: OVERVIEW_COUNTS_POLL_MS });
  const consumers = useConsumerPage(
    cluster.id,
    { q: "", limit: 1, cursor: null },
    { enabled: up && !sampled, refetchInterval: OVERVIEW_COUNTS_POLL_MS },
  );
  const topicCount = cluster.topicCount ?? topics.data?.topics.filter((topic) => !isInternalTopic(topic)).length;
  const consumerCount = cluster.consumerCount ?? consumers.data?.total;
  const dlqCount = cluster.dlqCount ?? topics.data?.topics.filter((topic) => topic.dlq).length;
  const endpoints = endpointsOf(cluster);

  return (
    <article className={`card cluster-card cluster-card-${cluster.status}`}>
      <div className="card-head">
        <h2 className="card-title">
          <Link href={clusterHref.cluster(cluster.id)} className="bidi-isolate">
            {cluster.name}
          </Link>
        </h2>
        <Badge tone="accent">{kindLabel(cluster.kind)}</Badge>
        <StatusBadge status={cluster.status} />
        {up ? <LiveIndicator mode={mode} samplingMs={samplingMs} /> : null}
      </div>
      <div className="card-sub mono">
        <span className="bidi-isolate">{cluster.id}</span>
        {endpoints && endpoints.length > 0 ? (
          <span className="muted truncate" title={endpoints.join(", ")}>
            {" "}
            · {endpoints.join(", ")}
          </span>
        ) : null}
      </div>
      {cluster.status === "down" ? (
        <div className="card-reason" role="status">
          down: {cluster.error && cluster.error !== "" ? cluster.error : "no reason given"}
        </div>
      ) : null}
      {cluster.status === "unknown" ? <div className="card-note muted">Not checked yet: waiting for the first sample.</div> : null}
      {up ? (
        <dl className="card-figures">
          <div>
            <dt>{words.topics}</dt>
            <dd>
              <Count value={topicCount} loading={topics.isPending} failed={topics.isError} />
            </dd>
          </div>
          <div>
            <dt>{words.consumers}</dt>
            <dd>
              <Count value={consumerCount} loading={consumers.isPending} failed={consumers.isError} />
            </dd>
          </div>
          {dlqCount !== undefined && dlqCount > 0 ? (
            <div>
              <dt>DLQs</dt>
              <dd>
                <Count value={dlqCount} loading={false} failed={false} />
              </dd>
            </div>
          ) : null}
          {cluster.groupsBehind !== undefined ? (
            <div title="Groups whose status is WARN or ERR">
              <dt>Behind</dt>
              <dd className={cluster.groupsBehind > 0 ? "figure-warn" : undefined}>
                <Count value={cluster.groupsBehind} loading={false} failed={false} />
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {up && topicCount === 0 ? (
        // No topic, no throughput to sample: the chart would say "Collecting samples…" forever.
        <div className="card-chart card-empty" role="status" data-testid="cluster-empty">
          {emptyClusterNote(cluster)}
        </div>
      ) : up ? (
        <div className="card-chart">
          <ThroughputChart
            query={history}
            samplingMs={samplingMs}
            height={110}
            compact
            title={`Throughput, last ${window.label}`}
            label={`Total throughput of ${cluster.name}`}
          />
        </div>
      ) : null}
      <div className="card-links">
        <Link href={clusterHref.topics(cluster.id)}>{words.topics}</Link>
        <Link href={clusterHref.consumers(cluster.id)}>{words.consumers}</Link>
      </div>
    </article>
  );
}
