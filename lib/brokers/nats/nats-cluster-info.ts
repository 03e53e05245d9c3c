import "server-only";
import type { JetStreamAccountStats } from "@nats-io/jetstream";
import type { ClusterInfo, ClusterSetting } from "../types";
import type { NatsClients } from "./nats-client";
import { listStreamInfos } from "./nats-streams";

// The cluster page's facts for NATS: the connected server's INFO (name, version, cluster, the
// client URLs it announces for the other servers) and the JetStream account's limits and usage.
// A stream counts as one topic with one "partition".

/** -1 in a JetStream limit means "no limit". */
function limit(value: number | undefined): string {
  return value === undefined || value < 0 ? "unlimited" : String(value);
}

/** The account's limits and what it uses, as settings rows (bytes as plain numbers; the page formats). */
export function natsAccountSettings(stats: Pick<JetStreamAccountStats, "memory" | "storage" | "streams" | "consumers" | "limits" | "api" | "domain">): ClusterSetting[] {
  const rows: ClusterSetting[] = [
    { name: "storage", value: String(stats.storage), source: "usage", note: "bytes of file storage used by streams" },
    { name: "max_storage", value: limit(stats.limits.max_storage), source: "limit", note: "file storage the account may use (bytes)" },
    { name: "memory", value: String(stats.memory), source: "usage", note: "bytes of memory used by streams" },
    { name: "max_memory", value: limit(stats.limits.max_memory), source: "limit", note: "memory the account may use (bytes)" },
    { name: "streams", value: String(stats.streams), source: "usage" },
    { name: "max_streams", value: limit(stats.limits.max_streams), source: "limit" },
    { name: "consumers", value: String(stats.consumers), source: "usage" },
    { name: "max_consumers", value: limit(stats.limits.max_consumers), source: "limit" },
    { name: "max_ack_pending", value: limit(stats.limits.max_ack_pending), source: "limit", note: "unacknowledged messages per consumer" },
    { name: "storage_max_stream_bytes", value: limit(stats.limits.storage_max_stream_bytes), source: "limit", note: "largest file stream (bytes)" },
    { name: "max_bytes_required", value: String(stats.limits.max_bytes_required ?? false), source: "limit", note: "streams must set max_bytes" },
    { name: "api.total", value: String(stats.api.total), source: "usage", note: "JetStream API calls" },
    { name: "api.errors", value: String(stats.api.errors), source: "usage", note: "JetStream API calls that failed" },
  ];
  if (stats.domain) rows.push({ name: "domain", value: stats.domain, source: "set" });
  return rows;
}

export async function describeNatsCluster(clients: NatsClients): Promise<ClusterInfo> {
  const [account, streams] = await Promise.all([clients.jsm.getAccountInfo(), listStreamInfos(clients)]);
  const info = clients.nc.info;
  const nodes = info
    ? [{ id: info.server_name || info.server_id, host: info.host, port: info.port, isController: false, version: info.version }]
    : [];
  const listeners = [
    ...(info ? [{ name: "client (connected)", value: `nats://${info.host}:${info.port}` }] : []),
    ...(info?.connect_urls ?? []).map((url) => ({ name: "cluster peer", value: url })),
  ];
  return {
    kind: "nats",
    clusterId: info?.cluster ?? null,
    version: info ? `nats-server ${info.version}` : null,
    ...(info ? { versionDetail: `protocol ${info.proto}${info.api_lvl !== undefined ? `, JetStream API level ${info.api_lvl}` : ""}, max payload ${info.max_payload} bytes` } : {}),
    controller: null,
    nodes,
    listeners,
    topics: streams.length,
    partitions: streams.length,
    settings: natsAccountSettings(account),
  };
}
