import type { ClusterKind } from "@/lib/brokers/types";
import type { CycleFigures } from "./derive-cycle";

// Prometheus text exposition. Kafka metric names follow kafka-lag-exporter so existing dashboards
// and alerts keep working; JetStream gets the same figures under jetstream_* names.

export function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

type Labels = Record<string, string | number>;
const formatLabels = (labels: Labels) =>
  `{${Object.entries(labels)
    .map(([name, value]) => `${name}="${escapeLabel(String(value))}"`)
    .join(",")}}`;

const STATUS_CODE: Record<string, number> = { UNKNOWN: -1, OK: 0, WARN: 1, ERR: 2 };

class MetricWriter {
  private readonly families = new Map<string, { help: string; lines: string[] }>();

  add(name: string, help: string, labels: Labels, value: number | null): void {
    if (value === null || !Number.isFinite(value)) return;
    const family = this.families.get(name) ?? { help, lines: [] };
    family.lines.push(`${name}${formatLabels(labels)} ${value}`);
    this.families.set(name, family);
  }

  toString(): string {
    const out: string[] = [];
    for (const [name, { help, lines }] of this.families) out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...lines);
    return out.join("\n") + "\n";
  }
}

/** How a cluster's sampler is doing: what an alert on a stuck or slow sampler needs. */
export interface SamplerHealth {
  /** 1 when the last cycle (or health check) reached the brokers, 0 when the cluster is down. */
  up?: boolean;
  /** Wall time of the last sampling cycle, ms; a cycle longer than the interval means samples are late. */
  lastCycleMs?: number;
  intervalMs?: number;
}

export function renderMetrics(clusters: ({ id: string; kind: ClusterKind; figures: CycleFigures | undefined } & SamplerHealth)[]): string {
  const w = new MetricWriter();
  for (const { id, kind, figures, up, lastCycleMs, intervalMs } of clusters) {
    if (up !== undefined) w.add("eventscope_cluster_up", "1 when the cluster's brokers answered the last sampling cycle, 0 when it is down", { cluster_name: id, kind }, up ? 1 : 0);
    if (lastCycleMs !== undefined) w.add("eventscope_sampler_cycle_seconds", "Wall time of the last sampling cycle (above the interval: samples are late)", { cluster_name: id }, lastCycleMs / 1000);
    if (intervalMs !== undefined) w.add("eventscope_sampler_interval_seconds", "Configured sampling interval", { cluster_name: id }, intervalMs / 1000);
    if (!figures) continue;
    const prefix = kind === "kafka" ? "kafka" : "jetstream";
    for (const topic of figures.topics.values()) {
      for (const p of topic.partitions) {
        w.add(`${prefix}_partition_latest_offset`, "Log-end offset (next offset) of a partition", { cluster_name: id, topic: topic.name, partition: p.partition }, p.high);
        w.add(`${prefix}_partition_earliest_offset`, "Earliest retained offset of a partition", { cluster_name: id, topic: topic.name, partition: p.partition }, p.low);
      }
      w.add("eventscope_topic_messages_per_second", "Messages appended per second", { cluster_name: id, topic: topic.name }, topic.msgsPerSec);
      w.add("eventscope_topic_bytes_per_second", "Bytes appended per second (where the broker reports sizes)", { cluster_name: id, topic: topic.name }, topic.bytesPerSec);
    }
    for (const group of figures.groups.values()) {
      for (const p of group.partitions) {
        const labels = { cluster_name: id, group: group.group, topic: p.topic, partition: p.partition };
        w.add(`${prefix}_consumergroup_group_lag`, "Messages behind the log end, per partition", labels, p.lag);
        w.add(`${prefix}_consumergroup_group_lag_seconds`, "Estimated seconds behind the log end, per partition", labels, p.lagSeconds);
        w.add(`${prefix}_consumergroup_group_offset`, "Committed offset, per partition", labels, p.committed);
      }
      const labels = { cluster_name: id, group: group.group };
      w.add(`${prefix}_consumergroup_group_sum_lag`, "Total messages behind, per group", labels, group.lag);
      w.add(`${prefix}_consumergroup_group_max_lag_seconds`, "Largest lag in seconds of any partition, per group", labels, group.lagSeconds);
      w.add("eventscope_consumergroup_status", "Group status: -1 unknown, 0 OK, 1 WARN, 2 ERR", labels, STATUS_CODE[group.status] ?? -1);
    }
  }
  return w.toString();
}
