import { apiRoute } from "@/lib/api/handler";
import { getCluster } from "@/lib/clusters/registry";
import type { RatePoint } from "@/lib/metrics/history";
import type { HistoryAnswer } from "@/lib/metrics/history-query";
import { historyRequest } from "@/lib/metrics/history-request";
import { CLUSTER_TOTAL, storedRateHistory } from "@/lib/metrics/history-store";
import { rateHistoryWithStored } from "@/lib/metrics/history-with-stored";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

/** Total throughput of a cluster, for the overview chart. */
export const GET = apiRoute<{ cluster: string }>(async (request, { cluster }) => {
  await getCluster(cluster);
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  const { sampler, from, windowMs, fromDatabase } = historyRequest(request, cluster);
  const points = fromDatabase
    ? await storedRateHistory(cluster, CLUSTER_TOTAL, from)
    : await rateHistoryWithStored(cluster, CLUSTER_TOTAL, from, (await sampler.history({ kind: "cluster", from })) as HistoryAnswer<RatePoint>);
  return { window: windowMs / 1000, resolution: fromDatabase ? 60 : sampler.intervalMs / 1000, points };
});
