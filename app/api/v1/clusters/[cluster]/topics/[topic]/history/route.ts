import { apiRoute } from "@/lib/api/handler";
import { withConnector } from "@/lib/clusters/registry";
import { requireBrokerName } from "@/lib/clusters/require-broker-name";
import type { RatePoint } from "@/lib/metrics/history";
import type { HistoryAnswer } from "@/lib/metrics/history-query";
import { historyRequest } from "@/lib/metrics/history-request";
import { storedRateHistory } from "@/lib/metrics/history-store";
import { rateHistoryWithStored } from "@/lib/metrics/history-with-stored";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }) => {
  // Checked before anything else: the answer may come from memory or the database, never asking the broker.
  await requireBrokerName(cluster, "topic", topic);
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  const { sampler, from, windowMs, fromDatabase } = historyRequest(request, cluster);
  if (!sampler.latest?.topics.has(topic)) await withConnector(cluster, (connector) => connector.describeTopic(topic));
  const points = fromDatabase
    ? await storedRateHistory(cluster, topic, from)
    : await rateHistoryWithStored(cluster, topic, from, (await sampler.history({ kind: "topic", topic, from })) as HistoryAnswer<RatePoint>);
  return { window: windowMs / 1000, resolution: fromDatabase ? 60 : sampler.intervalMs / 1000, points };
});
