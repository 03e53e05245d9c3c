"use client";
import { kindLabel } from "@/lib/client/cluster-labels";
import { useCluster } from "@/lib/client/queries";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/ui/status-badge";

/** "Local Kafka · Kafka · up" under a page title; with the full reason when the cluster is down. */
export function ClusterStatusLine({ clusterId }: { clusterId: string }) {
  const { cluster, missing } = useCluster(clusterId);
  if (missing) return <span className="muted">Unknown cluster “{clusterId}”</span>;
  if (!cluster) return <span className="muted bidi-isolate">{clusterId}</span>;
  return (
    <span className="status-line">
      <span className="bidi-isolate">{cluster.name}</span>
      <Badge tone="accent">{kindLabel(cluster.kind)}</Badge>
      <StatusBadge status={cluster.status} />
      {cluster.status === "down" && cluster.error ? <span className="down-reason">down: {cluster.error}</span> : null}
    </span>
  );
}
