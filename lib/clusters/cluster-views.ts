import "server-only";
import type { ConsumerDetail, ConsumerSummary, TopicSummary } from "@/lib/brokers/types";
import { isDlqName } from "@/lib/dlq/dlq-names";
import type { StatusRecord } from "./cluster-status";
import type { ClusterEntry } from "./registry";

// What the API shows of a cluster: never its credentials.
export function clusterView(entry: ClusterEntry, status: StatusRecord) {
  const { config } = entry;
  return {
    id: config.id,
    name: config.name,
    kind: config.kind,
    status: status.status,
    ...(status.error ? { error: status.error } : {}),
    source: entry.source,
    ...(config.kind === "kafka" ? { brokers: config.brokers } : { servers: config.servers }),
    ...(config.samplingIntervalMs ? { samplingIntervalMs: config.samplingIntervalMs } : {}),
  };
}

export function topicView(topic: TopicSummary) {
  return {
    name: topic.name,
    partitions: topic.partitions,
    messages: topic.messages,
    bytes: topic.bytes,
    // Rates come from the sampler; until it has two samples they are unknown, never 0.
    msgsPerSec: null as number | null,
    bytesPerSec: null as number | null,
    dlq: isDlqName(topic.name),
    internal: topic.name.startsWith("__") || topic.name.startsWith("_confluent") || topic.name.startsWith("KV_"),
  };
}

export function consumerView(consumer: ConsumerSummary) {
  return {
    group: consumer.group,
    state: consumer.state,
    members: consumer.members,
    topics: consumer.topics,
    lag: consumer.lag,
    lagSeconds: null as number | null,
    status: "unknown",
    ...(consumer.pending !== undefined ? { pending: consumer.pending, ackPending: consumer.ackPending } : {}),
  };
}

export function consumerDetailView(detail: ConsumerDetail) {
  return {
    ...consumerView(detail),
    memberDetails: detail.memberDetails,
    partitions: detail.partitions.map((partition) => ({ ...partition, lagSeconds: null as number | null, status: "unknown" })),
    ...(detail.redelivered !== undefined ? { redelivered: detail.redelivered, delivered: detail.delivered } : {}),
  };
}
