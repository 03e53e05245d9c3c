import { apiRoute } from "@/lib/api/handler";
import { getCluster } from "@/lib/clusters/registry";
import { clusterRateHistory } from "@/lib/metrics/history";
import { historyRequest } from "@/lib/metrics/history-request";

export const dynamic = "force-dynamic";

/** Total throughput of a cluster, for the overview chart. */
export const GET = apiRoute<{ cluster: string }>(async (request, { cluster }) => {
  await getCluster(cluster);
  const { sampler, from, windowMs } = historyRequest(request, cluster);
  return { window: windowMs / 1000, points: clusterRateHistory(sampler.book, from) };
});
