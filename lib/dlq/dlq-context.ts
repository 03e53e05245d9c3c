import "server-only";
import { notFound } from "@/lib/api/errors";
import { connectorFor, getCluster, withConnector } from "@/lib/clusters/registry";
import type { DlqContext } from "./dlq-messages";
import { dlqKindOf } from "./dlq-kinds";

/** The DLQ a request names, or 404 when the cluster or topic is unknown or the topic is no DLQ. */
export async function resolveDlq(clusterId: string, topic: string): Promise<DlqContext> {
  const { config } = await getCluster(clusterId);
  const detail = await withConnector(clusterId, (connector) => connector.describeTopic(topic));
  const dlqKind = dlqKindOf(config.kind, topic, detail.subjects ?? [], config.dlqTopics ?? []);
  if (!dlqKind) throw notFound(`DLQ "${topic}" (the topic exists but follows no DLQ convention and is not configured as one)`);
  return { clusterId, clusterKind: config.kind, topic, dlqKind, connector: connectorFor(config) };
}
