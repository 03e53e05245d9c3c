import { apiRoute } from "@/lib/api/handler";
import { withConnector } from "@/lib/clusters/registry";
import { requireBrokerName } from "@/lib/clusters/require-broker-name";
import type { LagPoint } from "@/lib/metrics/history";
import type { HistoryAnswer } from "@/lib/metrics/history-query";
import { historyRequest } from "@/lib/metrics/history-request";
import { storedLagHistory } from "@/lib/metrics/history-store";
import { lagHistoryWithStored } from "@/lib/metrics/history-with-stored";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; group: string }>(async (request, { cluster, group }) => {
  // Checked before anything else: the answer may come from memory or the database, never asking the broker.
  await requireBrokerName(cluster, "group", group);
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  const { sampler, from, windowMs, fromDatabase } = historyRequest(request, cluster);
  const sampled = sampler.latest?.groups.get(group);
  if (!sampled) await withConnector(cluster, (connector) => connector.describeConsumer(group));
  if (fromDatabase) {
    // Per-partition history is kept in memory only (the last hour); longer windows show the group.
    return { window: windowMs / 1000, resolution: 60, points: await storedLagHistory(cluster, group, from), partitions: [] };
  }
  const live = (await sampler.history({ kind: "group", group, from })) as HistoryAnswer<LagPoint>;
  return {
    window: windowMs / 1000,
    resolution: sampler.intervalMs / 1000,
    points: await lagHistoryWithStored(cluster, group, from, live),
    partitions: live.partitions ?? [],
  };
});
