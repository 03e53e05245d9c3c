// Words that differ between brokers, so each operator sees their own vocabulary: from the
// cluster-kind registry (lib/brokers/kinds.ts), never from a kind's name here.
import { capabilitiesOf, kindInfo } from "@/lib/brokers/kinds";
import type { BrokerCapabilities } from "@/lib/brokers/capabilities";
import { PARTITIONED_LOG_VOCABULARY, type KindVocabulary } from "@/lib/brokers/kind-info";
import type { Cluster } from "@/lib/contract/clusters";
import type { ClusterKind } from "@/lib/contract/common";

export function kindLabel(kind: ClusterKind | undefined): string {
  return kind ? kindInfo(kind).label : "Cluster";
}

/** A few letters for narrow places (the sidebar). */
export function kindShortLabel(kind: ClusterKind): string {
  return kindInfo(kind).shortLabel;
}

export type Vocabulary = KindVocabulary;

/** Words while the cluster is not known yet: a partitioned log's, the widest view (as capabilitiesFor). */
const GENERIC_VOCABULARY: Vocabulary = PARTITIONED_LOG_VOCABULARY;

/** The role badge of a cluster page's lead node (the node marked isController), in the kind's word. */
export function leadNodeRoleFor(kind: ClusterKind): string {
  return kindInfo(kind).clusterPage.leadNodeRole ?? "controller";
}

export function vocabularyFor(kind: ClusterKind | undefined): Vocabulary {
  return kind ? kindInfo(kind).vocabulary : GENERIC_VOCABULARY;
}

/** What a requeue does to this broker's DLQ beyond sending (RabbitMQ: held messages and their order), or null. */
export function requeueNoticeFor(kind: ClusterKind | undefined): string | null {
  return kind ? (kindInfo(kind).requeueNotice ?? null) : null;
}

/** What the broker can do; while the cluster is not known, as a partitioned log (the widest view). */
export function capabilitiesFor(kind: ClusterKind | undefined): BrokerCapabilities {
  return kind
    ? capabilitiesOf(kind)
    : { deletesSingleMessages: false, deduplicatesPublishes: false, hasPartitions: true, hasSubjects: false, resetsPositions: null, reportsDeliveryAdvisories: false, keepsPendingEntries: false };
}

/** A cluster's endpoints, from its kind's own field (brokers, servers: a list; url: one address). */
export function endpointsOf(cluster: Cluster): string[] | undefined {
  const value = (cluster as unknown as Record<string, unknown>)[kindInfo(cluster.kind).endpointsField];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? (value as string[]) : undefined;
}

/**
 * What an up cluster without topics says instead of a chart that would wait for samples forever:
 * "No streams match “orders-*”" where the cluster watches a pattern, "No topics yet" otherwise.
 */
export function emptyClusterNote(cluster: Pick<Cluster, "kind" | "pattern">): string {
  const topics = vocabularyFor(cluster.kind).topics.toLowerCase();
  const pattern = watchedPatternOf(cluster);
  return pattern !== null ? `No ${topics} match “${pattern}”` : `No ${topics} yet`;
}

/** The glob a cluster watches (Redis Streams: its `pattern`, "*" when not set), or null for kinds that watch the whole broker. */
export function watchedPatternOf(cluster: Pick<Cluster, "kind" | "pattern">): string | null {
  const watched = kindInfo(cluster.kind).watchedPattern;
  return watched ? watched(cluster as Record<string, unknown>) : null;
}

export const clusterHref = {
  cluster: (clusterId: string) => `/clusters/${encodeURIComponent(clusterId)}`,
  topics: (clusterId: string) => `/clusters/${encodeURIComponent(clusterId)}/topics`,
  topic: (clusterId: string, topic: string) =>
    `/clusters/${encodeURIComponent(clusterId)}/topics/${encodeURIComponent(topic)}`,
  consumers: (clusterId: string) => `/clusters/${encodeURIComponent(clusterId)}/consumers`,
  consumer: (clusterId: string, group: string) =>
    `/clusters/${encodeURIComponent(clusterId)}/consumers/${encodeURIComponent(group)}`,
};
