import "server-only";
import { notFound } from "@/lib/errors";
import { connectorFor, getCluster, withConnector } from "@/lib/clusters/registry";
import type { DlqContext } from "./dlq-messages";
import { dlqKindOf } from "./dlq-kinds";

/** The DLQ a request names, or 404 when the cluster or topic is unknown or the topic is no DLQ. */
export async function resolveDlq(clusterId: string, topic: string): Promise<DlqContext> {
  const { config } = await getCluster(clusterId);
  const detail = await withConnector(clusterId, (connector) => connector.describeTopic(topic));
  const dlqKind =
    dlqKindOf(config.kind, topic, detail.subjects ?? [], config.dlqTopics ?? []) ??
    // A DLQ the broker's topology names (a RabbitMQ queue behind a dead-letter exchange).
    ((await withConnector(clusterId, async (connector) => (await connector.deadLetterQueues?.())?.some((dlq) => dlq.topic === topic))) ? ("topic" as const) : null);
  if (!dlqKind) throw notFound(`DLQ "${topic}" (the topic exists but follows no DLQ convention, is not configured as one and receives no dead letters)`);
  return { clusterId, clusterKind: config.kind, topic, dlqKind, connector: connectorFor(config) };
}
