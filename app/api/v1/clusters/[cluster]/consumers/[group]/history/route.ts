import { apiRoute } from "@/lib/api/handler";
import { getCluster, withConnector } from "@/lib/clusters/registry";
import { groupLagHistory, partitionLagHistory } from "@/lib/metrics/history";
import { historyRequest } from "@/lib/metrics/history-request";
import { storedLagHistory } from "@/lib/metrics/history-store";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; group: string }>(async (request, { cluster, group }) => {
  await getCluster(cluster);
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  const { sampler, from, windowMs, fromDatabase } = historyRequest(request, cluster);
  const sampled = sampler.latest?.groups.get(group);
  if (!sampled) await withConnector(cluster, (connector) => connector.describeConsumer(group));
  if (fromDatabase) {
    // Per-partition history is kept in memory only (the last hour); longer windows show the group.
    return { window: windowMs / 1000, resolution: 60, points: await storedLagHistory(cluster, group, from), partitions: [] };
  }
  return {
    window: windowMs / 1000,
    resolution: sampler.intervalMs / 1000,
    points: groupLagHistory(sampler.book, group, from),
    partitions: (sampled?.partitions ?? []).map(({ topic, partition }) => ({
      topic,
      partition,
      points: partitionLagHistory(sampler.book, group, topic, partition, from),
    })),
  };
});
