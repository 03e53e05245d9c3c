import { apiRoute } from "@/lib/api/handler";
import { getCluster, withConnector } from "@/lib/clusters/registry";
import { topicRateHistory } from "@/lib/metrics/history";
import { historyRequest } from "@/lib/metrics/history-request";
import { storedRateHistory } from "@/lib/metrics/history-store";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }) => {
  await getCluster(cluster);
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  const { sampler, from, windowMs, fromDatabase } = historyRequest(request, cluster);
  if (!sampler.latest?.topics.has(topic)) await withConnector(cluster, (connector) => connector.describeTopic(topic));
  const points = fromDatabase ? await storedRateHistory(cluster, topic, from) : topicRateHistory(sampler.book, topic, from);
  return { window: windowMs / 1000, resolution: fromDatabase ? 60 : sampler.intervalMs / 1000, points };
});
