import { apiRoute } from "@/lib/api/handler";
import { getCluster, withConnector } from "@/lib/clusters/registry";
import { topicRateHistory } from "@/lib/metrics/history";
import { historyRequest } from "@/lib/metrics/history-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }) => {
  await getCluster(cluster);
  const { sampler, from, windowMs } = historyRequest(request, cluster);
  if (!sampler.latest?.topics.has(topic)) await withConnector(cluster, (connector) => connector.describeTopic(topic));
  return { window: windowMs / 1000, points: topicRateHistory(sampler.book, topic, from) };
});
