"use client";
import Link from "next/link";
import type { Cluster } from "@/lib/client/api-types";
import { clusterHref, kindLabel, vocabularyFor } from "@/lib/client/cluster-labels";
import { formatInteger, formatNumber } from "@/lib/client/format";
import { OVERVIEW_COUNTS_POLL_MS } from "@/lib/client/query-config";
import { useConsumerPage, useTopics } from "@/lib/client/queries";
import { isInternalTopic } from "@/lib/client/topic-list";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/ui/status-badge";

function Count({ value, loading, failed }: { value: number | undefined; loading: boolean; failed: boolean }) {
  if (value !== undefined) return <span title={formatInteger(value)}>{formatNumber(value)}</span>;
  if (failed) return <span className="muted">—</span>;
  return <span className="muted">{loading ? "…" : "—"}</span>;
}

/** One cluster on the overview: kind, status (with the full down reason), counts when up, links. */
export function ClusterCard({ cluster }: { cluster: Cluster }) {
  const up = cluster.status === "up";
  const words = vocabularyFor(cluster.kind);
  // Counts come from the list endpoints (shared cache with the list pages), fetched only when up.
  const topics = useTopics(cluster.id, { enabled: up, refetchInterval: OVERVIEW_COUNTS_POLL_MS });
  const consumers = useConsumerPage(
    cluster.id,
    { q: "", limit: 1, cursor: null },
    { enabled: up, refetchInterval: OVERVIEW_COUNTS_POLL_MS },
  );
  const topicCount = topics.data?.topics.filter((topic) => !isInternalTopic(topic)).length;
  const dlqCount = topics.data?.topics.filter((topic) => topic.dlq).length;
  const endpoints = cluster.kind === "kafka" ? cluster.brokers : cluster.servers;

  return (
    <article className={`card cluster-card cluster-card-${cluster.status}`}>
      <div className="card-head">
        <h2 className="card-title">
          <Link href={clusterHref.topics(cluster.id)} className="bidi-isolate">
            {cluster.name}
          </Link>
        </h2>
        <Badge tone="accent">{kindLabel(cluster.kind)}</Badge>
        <StatusBadge status={cluster.status} />
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
              <Count value={consumers.data?.total} loading={consumers.isPending} failed={consumers.isError} />
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
        </dl>
      ) : null}
      <div className="card-links">
        <Link href={clusterHref.topics(cluster.id)}>{words.topics}</Link>
        <Link href={clusterHref.consumers(cluster.id)}>{words.consumers}</Link>
      </div>
    </article>
  );
}
