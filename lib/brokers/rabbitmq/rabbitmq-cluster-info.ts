import type { ClusterInfo } from "../types";
import type { SilentDropWarning } from "./dead-letter-topology";
import type { OverviewAnswer } from "./management-types";
import { formatQueueId } from "./rabbitmq-names";

const DROP_LABEL: Record<SilentDropWarning["kind"], string> = {
  "missing-exchange": "dead-letter exchange missing",
  "delivery-limit-without-dlx": "delivery limit, no dead-letter exchange",
  unroutable: "dead letters routed nowhere",
};

/** One settings row per queue that loses dead letters silently, with the plain sentence as its note. */
export function silentDropSettings(warnings: SilentDropWarning[]): ClusterInfo["settings"] {
  return warnings.map((warning) => ({
    name: `silent drop: ${formatQueueId(warning)}`,
    value: DROP_LABEL[warning.kind],
    source: "set" as const,
    note: warning.message,
  }));
}

// The cluster page's facts from /api/overview. Pure.
export function describeRabbitCluster(overview: OverviewAnswer, vhosts: string[], endpoint: string): ClusterInfo {
  const listeners = (overview.listeners ?? []).filter((listener) => listener.protocol).map((listener) => ({ name: listener.protocol!, value: `${listener.ip_address ?? "?"}:${listener.port ?? "?"}` }));
  const queues = overview.object_totals?.queues ?? 0;
  const node = overview.node ?? "rabbit";
  return {
    kind: "rabbitmq",
    clusterId: overview.cluster_name ?? null,
    version: overview.rabbitmq_version ? `RabbitMQ ${overview.rabbitmq_version}` : null,
    versionDetail: overview.erlang_version ? `Erlang ${overview.erlang_version}` : undefined,
    controller: null,
    nodes: [{ id: node, host: node.includes("@") ? node.split("@")[1] : endpoint.split(":")[0], port: Number(endpoint.split(":")[1]) || null, isController: false }],
    listeners: listeners.length ? listeners : [{ name: "amqp", value: endpoint }],
    topics: queues,
    partitions: queues,
    settings: [
      { name: "vhosts", value: vhosts.join(", "), source: "set", note: "the vhosts this console reads" },
      { name: "management", value: overview.management_version ?? null, source: "default", note: "management plugin version" },
      { name: "exchanges", value: overview.object_totals?.exchanges !== undefined ? String(overview.object_totals.exchanges) : null, source: "usage" },
      { name: "consumers", value: overview.object_totals?.consumers !== undefined ? String(overview.object_totals.consumers) : null, source: "usage" },
    ],
  };
}
