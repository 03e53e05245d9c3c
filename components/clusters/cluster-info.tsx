"use client";
import Link from "next/link";
import { kindInfo } from "@/lib/brokers/kinds";
import type { ClusterInfo, ClusterNode, ClusterSetting } from "@/lib/brokers/types";
import { clusterHref, kindLabel, leadNodeRoleFor, vocabularyFor } from "@/lib/client/cluster-labels";
import { dlqHref } from "@/lib/client/dlq-filters";
import { formatBytes, formatInteger } from "@/lib/client/format";
import { useCluster, useClusterInfo } from "@/lib/client/queries";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Section } from "@/components/ui/section";
import { Stat, StatRow } from "@/components/ui/stat";
import { ClusterStatusLine } from "./cluster-status-line";

const SOURCE_TONE: Record<ClusterSetting["source"], BadgeTone> = { default: "neutral", set: "accent", limit: "info", usage: "ok" };

/** JetStream byte figures read better as sizes; everything else is shown as the broker says it. */
const BYTE_SETTINGS = new Set(["storage", "max_storage", "memory", "max_memory", "storage_max_stream_bytes", "log.retention.bytes", "log.segment.bytes", "message.max.bytes"]);

function settingValue(setting: ClusterSetting) {
  if (setting.value === null) return <span className="muted">not set</span>;
  if (BYTE_SETTINGS.has(setting.name) && /^\d+$/.test(setting.value)) {
    return (
      <span title={`${formatInteger(Number(setting.value))} bytes`}>
        {formatBytes(Number(setting.value))} <span className="muted">({setting.value})</span>
      </span>
    );
  }
  return setting.value;
}

const nodeColumns = (leadRole: string): Column<ClusterNode>[] => [
  // Wide enough for a RabbitMQ node name (rabbit@host) and half a Redis run id on one line; a Kafka id is short anyway.
  { id: "id", header: "Id", width: "28%", className: "mono break-all", cell: (node) => node.id },
  { id: "host", header: "Host", className: "mono break-all", cell: (node) => node.host },
  { id: "port", header: "Port", width: "80px", align: "right", cell: (node) => node.port ?? "—" },
  {
    id: "role",
    header: "Role",
    width: "110px",
    cell: (node) => (node.isController ? <Badge tone="accent">{leadRole}</Badge> : <span className="muted">{node.version ? `v${node.version}` : "broker"}</span>),
  },
];

const settingColumns: Column<ClusterSetting>[] = [
  { id: "name", header: "Setting", width: "32%", className: "mono break-all", cell: (setting) => setting.name },
  { id: "value", header: "Value", className: "mono break-all", cell: settingValue },
  { id: "source", header: "Source", width: "90px", cell: (setting) => <Badge tone={SOURCE_TONE[setting.source]}>{setting.source}</Badge> },
  { id: "note", header: "Why it matters", className: "muted", cell: (setting) => setting.note ?? "" },
];

function ClusterFacts({ info, topicsLabel }: { info: ClusterInfo; topicsLabel: string }) {
  const kind = kindInfo(info.kind);
  return (
    <>
      <StatRow>
        <Stat label="Version" value={<span data-testid="cluster-version">{info.version ?? "unknown"}</span>} title={info.versionDetail} />
        <Stat label={kind.vocabulary.nodes} value={formatInteger(info.nodes.length)} />
        {kind.clusterPage.showsController ? <Stat label="Controller" value={info.controller ?? "—"} /> : null}
        <Stat label={topicsLabel} value={<span data-testid="cluster-topic-count">{formatInteger(info.topics)}</span>} />
        {kind.capabilities.hasPartitions ? <Stat label="Partitions" value={formatInteger(info.partitions)} /> : null}
        <Stat label={kind.clusterPage.clusterId} value={<span className="mono">{info.clusterId ?? "single server"}</span>} />
      </StatRow>
      {info.versionDetail ? <p className="muted">{info.versionDetail}</p> : null}
      <Section title={kind.vocabulary.nodes}>
        <DataTable label="Cluster nodes" dense fixed columns={nodeColumns(leadNodeRoleFor(info.kind))} rows={info.nodes} rowKey={(node) => node.id} />
      </Section>
      <Section title="Listeners">
        {info.listeners.length === 0 ? (
          <div className="muted">The broker does not report its listeners.</div>
        ) : (
          <dl className="meta-list" data-testid="cluster-listeners">
            {info.listeners.map((listener) => (
              <div key={`${listener.name}|${listener.value}`}>
                <dt>{listener.name}</dt>
                <dd className="mono break-all">{listener.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </Section>
      <Section title={kind.clusterPage.settingsTitle}>
        <DataTable label="Cluster settings" dense fixed columns={settingColumns} rows={info.settings} rowKey={(setting) => setting.name} />
      </Section>
    </>
  );
}

/** One cluster: what it runs, where it listens, how big it is, and the settings an operator checks first. */
export function ClusterInfoView({ clusterId }: { clusterId: string }) {
  const { cluster } = useCluster(clusterId);
  const words = vocabularyFor(cluster?.kind);
  const info = useClusterInfo(clusterId);
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: cluster?.name ?? clusterId }]}
        title={cluster?.name ?? clusterId}
        badges={cluster ? <Badge tone="info">{kindLabel(cluster.kind)}</Badge> : null}
        subtitle={<ClusterStatusLine clusterId={clusterId} />}
        actions={
          <>
            <FetchingIndicator active={info.isFetching} />
            <Link href={clusterHref.topics(clusterId)}>{words.topics}</Link>
            <Link href={clusterHref.consumers(clusterId)}>{words.consumers}</Link>
            <Link href={dlqHref.list(clusterId)}>DLQ</Link>
          </>
        }
      />
      <QueryView query={info} loadingLabel="Describing the cluster…" notFound={<Link href="/">All clusters</Link>}>
        {(data) => <ClusterFacts info={data.info} topicsLabel={words.topics} />}
      </QueryView>
    </>
  );
}
