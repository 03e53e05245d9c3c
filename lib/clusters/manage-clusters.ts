import "server-only";
import { DomainError } from "@/lib/errors";
import type { ClusterConfig } from "@/lib/config/schema";
import { clusterView } from "./cluster-views";
import { clusterStatus, forgetCluster, getCluster, isFileCluster } from "./registry";
import { syncSamplers } from "@/lib/metrics/samplers";
import { createStoredCluster, deleteStoredCluster, updateStoredCluster } from "./stored-clusters";

// Clusters from eventscope.config.json are the operator's source of truth; only UI-added ones change here.
function refuseFileCluster(id: string): void {
  if (isFileCluster(id)) {
    throw new DomainError("conflict", `cluster "${id}" is defined in the configuration file; change it there`);
  }
}

export async function createCluster(config: ClusterConfig) {
  refuseFileCluster(config.id);
  await createStoredCluster(config);
  await syncSamplers();
  const entry = await getCluster(config.id);
  return clusterView(entry, await clusterStatus(entry.config));
}

export async function updateCluster(id: string, config: ClusterConfig) {
  if (config.id !== id) throw new DomainError("invalid-input", "id: the id in the body must match the URL", { field: "id" });
  refuseFileCluster(id);
  await getCluster(id);
  await updateStoredCluster(id, config);
  await forgetCluster(id);
  await syncSamplers();
  const entry = await getCluster(id);
  return clusterView(entry, await clusterStatus(entry.config));
}

export async function deleteCluster(id: string): Promise<void> {
  refuseFileCluster(id);
  await getCluster(id);
  await deleteStoredCluster(id);
  await forgetCluster(id);
  await syncSamplers();
}
