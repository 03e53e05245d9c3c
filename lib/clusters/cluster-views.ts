import "server-only";
import { isInternalTopicName } from "@/lib/brokers/internal-topics";
import { kindInfo } from "@/lib/brokers/kinds";
import type { ClusterKind, ConsumerDetail, ConsumerSummary, TopicDetail, TopicSummary } from "@/lib/brokers/types";
import { dlqKindOf } from "@/lib/dlq/dlq-kinds";
import { isDlqName } from "@/lib/dlq/dlq-names";
import type { CycleFigures } from "@/lib/metrics/derive-cycle";
import { clusterAuthView } from "./cluster-secrets";
import type { StatusRecord } from "./cluster-status";
import type { ClusterEntry } from "./registry";

// What the API shows of a cluster: never its credentials.
/** Counts and throughput from the sampler's latest cycle, so the overview needs no extra broker calls. */
export function clusterFigures(figures: CycleFigures | undefined, kind: ClusterKind) {
  if (!figures) return {};
  const topics = [...figures.topics.keys()];
  const groups = [...figures.groups.values()];
  return {
    // User topics: the broker's own (__consumer_offsets, ...) are not counted.
    topicCount: topics.filter((name) => !isInternalTopicName(name)).length,
    consumerCount: groups.length,
    // Names only (streams' subjects are not in the figures): close to what GET /dlq lists.
    dlqCount: topics.filter((name) => dlqKindOf(kind, name) !== null).length,
    msgsPerSec: figures.msgsPerSec,
    bytesPerSec: figures.bytesPerSec,
    groupsBehind: groups.filter((group) => group.status === "WARN" || group.status === "ERR").length,
    sampledAt: new Date(figures.t).toISOString(),
  };
}

/** The config's endpoints under its kind's own field name (brokers, servers, url); a URL without its user and password. */
function endpointsOf(config: ClusterEntry["config"]): Record<string, unknown> {
  const field = kindInfo(config.kind).endpointsField;
  const value = (config as unknown as Record<string, unknown>)[field];
  return { [field]: typeof value === "string" ? redactUrl(value) : value };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/** The kind's other connection settings the edit form shows (never credentials). */
function kindFields(config: ClusterEntry["config"]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if ("managementUrl" in config) fields.managementUrl = redactUrl(config.managementUrl);
  if ("vhosts" in config && config.vhosts) fields.vhosts = config.vhosts;
  if ("pattern" in config && config.pattern) fields.pattern = config.pattern;
  return fields;
}

export function clusterView(entry: ClusterEntry, status: StatusRecord, figures?: CycleFigures) {
  const { config } = entry;
  return {
    id: config.id,
    name: config.name,
    kind: config.kind,
    status: status.status,
    ...(status.error ? { error: status.error } : {}),
    source: entry.source,
    ...endpointsOf(config),
    ...kindFields(config),
    ...(config.samplingIntervalMs ? { samplingIntervalMs: config.samplingIntervalMs } : {}),
    // Whether credentials are set (for the edit form), never their values.
    ...(entry.source === "database" ? { auth: clusterAuthView(config) } : {}),
    ...(status.status === "up" ? clusterFigures(figures, config.kind) : {}),
  };
}

export function topicDetailView(detail: TopicDetail, figures?: CycleFigures) {
  const sampled = figures?.topics.get(detail.name);
  return {
    ...detail,
    dlq: isDlqName(detail.name),
    msgsPerSec: sampled?.msgsPerSec ?? null,
    bytesPerSec: sampled?.bytesPerSec ?? null,
    partitions: detail.partitions.map((partition) => ({
      ...partition,
      msgsPerSec: sampled?.partitions.find((p) => p.partition === partition.partition)?.msgsPerSec ?? null,
    })),
  };
}

export function topicView(topic: TopicSummary, figures?: CycleFigures) {
  const sampled = figures?.topics.get(topic.name);
  return {
    name: topic.name,
    partitions: topic.partitions,
    messages: topic.messages,
    bytes: topic.bytes,
    // Rates come from the sampler; until it has two samples they are unknown, never 0.
    msgsPerSec: sampled?.msgsPerSec ?? null,
    bytesPerSec: sampled?.bytesPerSec ?? null,
    dlq: isDlqName(topic.name),
    internal: isInternalTopicName(topic.name),
  };
}

export function consumerView(consumer: ConsumerSummary, figures?: CycleFigures) {
  const sampled = figures?.groups.get(consumer.group);
  return {
    group: consumer.group,
    state: consumer.state,
    members: consumer.members,
    topics: consumer.topics,
    lag: consumer.lag,
    lagSeconds: sampled?.lagSeconds ?? null,
    // The commit is older than the sampler's memory (e.g. after a restart): lag is at least lagSeconds.
    ...(sampled?.lagSecondsAtLeast ? { lagSecondsAtLeast: true } : {}),
    status: sampled?.status ?? "UNKNOWN",
    statusReason: sampled?.reason ?? "not sampled yet",
    drainSeconds: sampled?.drainSeconds ?? null,
    consumeRate: sampled?.consumeRate ?? null,
    ...(consumer.pending !== undefined ? { pending: consumer.pending, ackPending: consumer.ackPending } : {}),
  };
}

export function consumerDetailView(detail: ConsumerDetail, figures?: CycleFigures, oldestAges?: Map<string, number>) {
  const sampled = figures?.groups.get(detail.group);
  return {
    ...consumerView(detail, figures),
    memberDetails: detail.memberDetails,
    partitions: detail.partitions.map((partition) => {
      const found = sampled?.partitions.find((p) => p.topic === partition.topic && p.partition === partition.partition);
      const age = oldestAges?.get(`${partition.topic}\u0000${partition.partition}`);
      return {
        ...partition,
        lagSeconds: found?.lagSeconds ?? null,
        ...(found?.lagSecondsAtLeast ? { lagSecondsAtLeast: true } : {}),
        status: found?.status ?? "UNKNOWN",
        statusReason: found?.reason ?? "not sampled yet",
        // Exact: the age of the message at the committed offset, read when one group is viewed.
        oldestUnconsumedAgeSeconds: age ?? null,
      };
    }),
    ...(detail.redelivered !== undefined ? { redelivered: detail.redelivered, delivered: detail.delivered } : {}),
    ...(detail.brokerFigures ? { brokerFigures: detail.brokerFigures } : {}),
  };
}
