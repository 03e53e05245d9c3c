import { apiRoute } from "@/lib/api/handler";
import { getCluster, withConnector } from "@/lib/clusters/registry";
import { groupLagHistory, partitionLagHistory } from "@/lib/metrics/history";
import { historyRequest } from "@/lib/metrics/history-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; group: string }>(async (request, { cluster, group }) => {
  await getCluster(cluster);
  const { sampler, from, windowMs } = historyRequest(request, cluster);
  const sampled = sampler.latest?.groups.get(group);
  if (!sampled) await withConnector(cluster, (connector) => connector.describeConsumer(group));
  return {
    window: windowMs / 1000,
    points: groupLagHistory(sampler.book, group, from),
    partitions: (sampled?.partitions ?? []).map(({ topic, partition }) => ({
      topic,
      partition,
      points: partitionLagHistory(sampler.book, group, topic, partition, from),
    })),
  };
});
