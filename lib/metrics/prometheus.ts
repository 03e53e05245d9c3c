import type { ClusterKind } from "@/lib/brokers/types";
import { runInSlices, runToEnd } from "@/lib/event-loop/run-in-slices";
import type { CycleFigures } from "./derive-cycle";
import { kindInfo } from "@/lib/brokers/kinds";

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

/** The server process itself: memory, and how long callbacks waited for the event loop since the last scrape. */
export interface ProcessFigures {
  rssBytes: number;
  loopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
  /** V8 heap of each thread (the HTTP thread, the sampler worker): where the resident memory goes. */
  heaps?: { thread: string; usedBytes: number; totalBytes: number }[];
}

type ClusterMetrics = { id: string; kind: ClusterKind; figures: CycleFigures | undefined } & SamplerHealth;

export function renderMetrics(clusters: ClusterMetrics[], server?: ProcessFigures): string {
  return runToEnd(renderSteps(clusters, server));
}

/**
 * The same text, giving the event loop a turn every few milliseconds: at 60,000 group-partitions it
 * is 200,000 lines, which in one go held every other request for the length of a scrape.
 */
export function renderMetricsInSlices(clusters: ClusterMetrics[], server?: ProcessFigures): Promise<string> {
  return runInSlices(renderSteps(clusters, server));
}

function* renderSteps(clusters: ClusterMetrics[], server: ProcessFigures | undefined): Generator<void, string> {
  const w = new MetricWriter();
  if (server) {
    w.add("eventscope_process_resident_memory_bytes", "Resident memory of the console's server process", {}, server.rssBytes);
    const help = "Event loop delay since the previous scrape (a blocked loop delays every request)";
    w.add("eventscope_event_loop_delay_seconds", help, { quantile: "0.5" }, server.loopDelay.p50Ms / 1000);
    w.add("eventscope_event_loop_delay_seconds", help, { quantile: "0.99" }, server.loopDelay.p99Ms / 1000);
    w.add("eventscope_event_loop_delay_seconds", help, { quantile: "1" }, server.loopDelay.maxMs / 1000);
    for (const heap of server.heaps ?? []) {
      const heapHelp = "V8 heap of a thread of the server: used (live and not yet collected) and total (reserved)";
      w.add("eventscope_heap_bytes", heapHelp, { thread: heap.thread, kind: "used" }, heap.usedBytes);
      w.add("eventscope_heap_bytes", heapHelp, { thread: heap.thread, kind: "total" }, heap.totalBytes);
    }
  }
  for (const { id, kind, figures, up, lastCycleMs, intervalMs } of clusters) {
    if (up !== undefined) w.add("eventscope_cluster_up", "1 when the cluster's brokers answered the last sampling cycle, 0 when it is down", { cluster_name: id, kind }, up ? 1 : 0);
    if (lastCycleMs !== undefined) w.add("eventscope_sampler_cycle_seconds", "Wall time of the last sampling cycle (above the interval: samples are late)", { cluster_name: id }, lastCycleMs / 1000);
    if (intervalMs !== undefined) w.add("eventscope_sampler_interval_seconds", "Configured sampling interval", { cluster_name: id }, intervalMs / 1000);
    if (!figures) continue;
    const prefix = kindInfo(kind).metricsPrefix;
    const topicMessages = kindInfo(kind).topicMessagesMetric;
    for (const topic of figures.topics.values()) {
      if (topicMessages) w.add(topicMessages.name, topicMessages.help, { cluster_name: id, [topicMessages.topicLabel]: topic.name }, topic.messages);
      for (const p of topic.partitions) {
        w.add(`${prefix}_partition_latest_offset`, "Log-end offset (next offset) of a partition", { cluster_name: id, topic: topic.name, partition: p.partition }, p.high);
        w.add(`${prefix}_partition_earliest_offset`, "Earliest retained offset of a partition", { cluster_name: id, topic: topic.name, partition: p.partition }, p.low);
      }
      w.add("eventscope_topic_messages_per_second", "Messages appended per second", { cluster_name: id, topic: topic.name }, topic.msgsPerSec);
      w.add("eventscope_topic_bytes_per_second", "Bytes appended per second (where the broker reports sizes)", { cluster_name: id, topic: topic.name }, topic.bytesPerSec);
      yield;
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
      yield;
    }
  }
  return w.toString();
}
