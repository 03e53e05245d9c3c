import "server-only";
import { getCluster, withConnector } from "@/lib/clusters/registry";
import { dlqKindOf } from "./dlq-kinds";
import { resolvedCounts } from "./dlq-state";
import { originalTopicOfDlq } from "./dlq-names";

export interface DlqSummary {
  topic: string;
  kind: "topic" | "advisories";
  originalTopics: string[];
  messages: number;
  pending: number;
}

/** Every DLQ of a cluster with its counts: one topic listing plus one database query. */
export async function listDlqs(clusterId: string): Promise<DlqSummary[]> {
  const { config } = await getCluster(clusterId);
  return withConnector(clusterId, async (connector) => {
    const topics = await connector.listTopics();
    const candidates = await Promise.all(
      topics.map(async (topic) => {
        // Streams carry subjects that decide whether they are DLQs; Kafka names alone do.
        const subjects = config.kind === "nats" ? ((await connector.describeTopic(topic.name)).subjects ?? []) : [];
        return { topic, kind: dlqKindOf(config.kind, topic.name, subjects, config.dlqTopics ?? []) };
      }),
    );
    const resolved = await resolvedCounts(clusterId);
    return candidates
      .filter((candidate) => candidate.kind !== null)
      .map(({ topic, kind }) => {
        const messages = topic.messages ?? 0;
        // JetStream deletes what it requeues or discards, so what remains is pending.
        const pending = config.kind === "nats" ? messages : Math.max(0, messages - (resolved.get(topic.name) ?? 0));
        const original = originalTopicOfDlq(topic.name);
        return { topic: topic.name, kind: kind!, originalTopics: original ? [original] : [], messages, pending };
      });
  });
}
