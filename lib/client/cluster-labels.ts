// Words that differ between Kafka and JetStream, so each operator sees their own vocabulary.
import type { ClusterKind } from "./api-types";

export function kindLabel(kind: ClusterKind | undefined): string {
  if (kind === "nats") return "JetStream";
  if (kind === "kafka") return "Kafka";
  return "Cluster";
}

export interface Vocabulary {
  /** "Topics" / "Streams" */
  topics: string;
  /** "topic" / "stream" */
  topic: string;
  /** "Consumer groups" / "Consumers" */
  consumers: string;
  /** "group" / "consumer" */
  consumer: string;
  /** "Offset" / "Sequence" */
  offset: string;
}

export function vocabularyFor(kind: ClusterKind | undefined): Vocabulary {
  if (kind === "nats") {
    return { topics: "Streams", topic: "stream", consumers: "Consumers", consumer: "consumer", offset: "Sequence" };
  }
  return { topics: "Topics", topic: "topic", consumers: "Consumer groups", consumer: "group", offset: "Offset" };
}

export const clusterHref = {
  topics: (clusterId: string) => `/clusters/${encodeURIComponent(clusterId)}/topics`,
  topic: (clusterId: string, topic: string) =>
    `/clusters/${encodeURIComponent(clusterId)}/topics/${encodeURIComponent(topic)}`,
  consumers: (clusterId: string) => `/clusters/${encodeURIComponent(clusterId)}/consumers`,
  consumer: (clusterId: string, group: string) =>
    `/clusters/${encodeURIComponent(clusterId)}/consumers/${encodeURIComponent(group)}`,
};
