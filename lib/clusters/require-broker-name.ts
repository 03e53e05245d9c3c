import "server-only";
import { requireName, type NameKind } from "@/lib/brokers/names";
import { connectorFor, getCluster } from "./registry";

/**
 * Checks a topic or group name by the cluster's broker rules (connector.checkName) and answers 400
 * naming `field` (the path parameter) when they refuse it: for routes that may answer without asking
 * the broker (from the sampler's memory, the stored history), so a name the broker would refuse gets
 * the same 400 there as on every route that reaches the broker. 404 for an unknown cluster.
 */
export async function requireBrokerName(clusterId: string, kind: NameKind, name: string, field: string = kind): Promise<void> {
  const { config } = await getCluster(clusterId);
  requireName(field, connectorFor(config).checkName(kind, name));
}
