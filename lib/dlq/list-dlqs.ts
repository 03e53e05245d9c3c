import "server-only";
import type { BrokerConnector, ClusterKind } from "@/lib/brokers/types";
import { getCluster, withConnector } from "@/lib/clusters/registry";
import { dlqKindOf } from "./dlq-kinds";
import { resolvedCounts, resolvedMessageIds } from "./dlq-state";
import { parseDlqMessageId } from "./requeue-id";
import { originalTopicOfDlq } from "./dlq-names";
import { capabilitiesOf } from "@/lib/brokers/kinds";

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
    const [topics, byTopology] = await Promise.all([connector.listTopics(), connector.deadLetterQueues?.() ?? []]);
    // DLQs the broker's topology names (dead-letter exchanges), with the topics feeding them.
    const feeding = new Map(byTopology.map((dlq) => [dlq.topic, dlq.originalTopics]));
    const candidates = await Promise.all(
      topics.map(async (topic) => {
        // Streams carry subjects that decide whether they are DLQs; Kafka names alone do.
        const subjects = capabilitiesOf(config.kind).hasSubjects ? ((await connector.describeTopic(topic.name)).subjects ?? []) : [];
        return { topic, kind: dlqKindOf(config.kind, topic.name, subjects, config.dlqTopics ?? []) ?? (feeding.has(topic.name) ? ("topic" as const) : null) };
      }),
    );
    const resolved = await resolvedCounts(clusterId);
    return Promise.all(
      candidates
        .filter((candidate) => candidate.kind !== null)
        .map(async ({ topic, kind }) => {
          const messages = topic.messages ?? 0;
          // Requeued or discarded messages still in the DLQ are not pending (Kafka keeps every
          // message; JetStream deletes them, but a crash can bring deletions back): the same rule
          // as the DLQ's message list and a requeue dry run.
          const resolvedHere = messages > 0 && resolved.get(topic.name) ? await resolvedStillThere(connector, config.kind, clusterId, topic.name) : 0;
          const pending = Math.max(0, messages - resolvedHere);
          const original = originalTopicOfDlq(topic.name);
          const originalTopics = feeding.get(topic.name) ?? (original ? [original] : []);
          return { topic: topic.name, kind: kind!, originalTopics, messages, pending };
        }),
    );
  });
}

async function resolvedStillThere(connector: BrokerConnector, kind: ClusterKind, clusterId: string, topic: string): Promise<number> {
  const positions = (await resolvedMessageIds({ clusterId, dlqTopic: topic })).flatMap((id) => parseDlqMessageId(kind, id) ?? []);
  return connector.countRetained(topic, positions);
}
