import "server-only";
import { AppError } from "@/lib/api/errors";
import { clusterView } from "@/lib/clusters/cluster-views";
import { clusterStatus, getCluster, listClusters, withConnector, type ClusterEntry } from "@/lib/clusters/registry";
import type { getCluster as getClusterOperation, getClusterHistory, getClusterInfo, listClusters as listClustersOperation } from "@/lib/contract/clusters";
import type { ResponseOf } from "@/lib/contract/operation";
import type { RatePoint } from "@/lib/metrics/history";
import type { HistoryAnswer } from "@/lib/metrics/history-query";
import { historyRequest } from "@/lib/metrics/history-request";
import { CLUSTER_TOTAL, storedRateHistory } from "@/lib/metrics/history-store";
import { rateHistoryWithStored } from "@/lib/metrics/history-with-stored";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleAllOnRead, sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

// The cluster reads: status and the latest cycle's figures. Each first lets serverless mode sample
// (sampleOnRead does nothing where a background sampler runs).

type ClusterAnswer = ResponseOf<typeof getClusterOperation>;

async function viewOf(entry: ClusterEntry): Promise<ClusterAnswer> {
  return clusterView(entry, await clusterStatus(entry.config), getSampler(entry.config.id)?.latest);
}

export async function presentClusters(): Promise<ResponseOf<typeof listClustersOperation>> {
  await sampleAllOnRead();
  return { clusters: await Promise.all((await listClusters()).map(viewOf)) };
}

export async function presentCluster(cluster: string): Promise<ClusterAnswer> {
  await sampleOnRead(cluster);
  return viewOf(await getCluster(cluster));
}

/** Total throughput of a cluster over `window`, for the overview chart. */
export async function presentClusterHistory(cluster: string, window: string): Promise<ResponseOf<typeof getClusterHistory>> {
  await getCluster(cluster);
  await sampleOnRead(cluster);
  const { sampler, from, windowMs, fromDatabase } = historyRequest(cluster, window);
  const points = fromDatabase
    ? await storedRateHistory(cluster, CLUSTER_TOTAL, from)
    : await rateHistoryWithStored(cluster, CLUSTER_TOTAL, from, (await sampler.history({ kind: "cluster", from })) as HistoryAnswer<RatePoint>);
  return { window: windowMs / 1000, resolution: fromDatabase ? 60 : sampler.intervalMs / 1000, points };
}

/** Nodes, version, controller, listeners, topic and partition counts and the settings that matter. */
export async function presentClusterInfo(cluster: string): Promise<ResponseOf<typeof getClusterInfo>> {
  const info = await withConnector(cluster, (connector) => {
    if (!connector.describeCluster) throw new AppError("unsupported", `cluster "${cluster}": this broker kind has no cluster description`);
    return connector.describeCluster();
  });
  return { info };
}
