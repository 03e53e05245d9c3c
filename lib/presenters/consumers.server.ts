import "server-only";
import { pageOfNames } from "@/lib/api/paginate";
import { consumerDetailView, consumerView } from "@/lib/clusters/cluster-views";
import { oldestUnconsumedAges } from "@/lib/clusters/oldest-unconsumed";
import { withConnector } from "@/lib/clusters/registry";
import { requireBrokerName } from "@/lib/clusters/require-broker-name";
import { consumerDetailOf, listingSnapshot } from "@/lib/clusters/snapshot-listings";
import { orderConsumers, pageByPosition } from "@/lib/consumers/order-consumers";
import type { getConsumer, getConsumerHistory, listConsumers, ListConsumersQuery } from "@/lib/contract/consumers";
import type { ResponseOf } from "@/lib/contract/operation";
import type { LagPoint } from "@/lib/metrics/history";
import type { HistoryAnswer } from "@/lib/metrics/history-query";
import { historyRequest } from "@/lib/metrics/history-request";
import { storedLagHistory } from "@/lib/metrics/history-store";
import { lagHistoryWithStored } from "@/lib/metrics/history-with-stored";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

// The consumer group reads. Each first lets serverless mode sample (sampleOnRead does nothing where a
// background sampler runs), then answers from the sampler's latest snapshot when it has one.

type ConsumersAnswer = ResponseOf<typeof listConsumers>;

/**
 * A page of groups. The snapshot answers at any scale without a broker call; without one, only the
 * requested page of groups is described (listing names is one cheap call even at 10,000 groups).
 */
export async function presentConsumers(cluster: string, query: ListConsumersQuery): Promise<ConsumersAnswer> {
  await sampleOnRead(cluster);
  return withConnector(cluster, async (connector) => {
    const sampler = getSampler(cluster);
    const snapshot = listingSnapshot(cluster);
    const byName = snapshot ? new Map(snapshot.consumers.map((consumer) => [consumer.group, consumer])) : undefined;
    const names = byName ? [...byName.keys()].sort((a, b) => a.localeCompare(b)) : await connector.listConsumerNames();
    if (query.sort !== "name" || query.status || query.dir === "desc" || query.topic !== undefined) {
      // Sorted by a figure or filtered: every group's view is needed (from the snapshot, or described
      // once when there is none yet), then ordered and paged by position.
      const all = byName ? [...byName.values()] : await connector.listConsumers(names);
      const views = all.map((consumer) => consumerView(consumer, sampler?.latest));
      const dir = query.dir ?? (query.sort === "name" ? "asc" : "desc");
      const page = pageByPosition(orderConsumers(views, { sort: query.sort, dir, q: query.q, status: query.status, topic: query.topic }), query);
      return pageAnswer(page.items, page.total, page.next);
    }
    const page = pageOfNames(names, query);
    const consumers = byName ? page.items.map((name) => byName.get(name)!) : await connector.listConsumers(page.items);
    return pageAnswer(consumers.map((consumer) => consumerView(consumer, sampler?.latest)), page.total, page.next);
  });
}

function pageAnswer(consumers: ConsumersAnswer["consumers"], total: number, next: string | undefined): ConsumersAnswer {
  return { consumers, total, ...(next ? { next } : {}) };
}

/**
 * One group: offsets, lag and members from the sampler's latest snapshot when it is fresh and has the
 * group (else from the broker); the snapshot lacks only the age of the oldest unconsumed message per
 * partition: one batched read of the partitions not seen at that offset before.
 */
export async function presentConsumer(cluster: string, group: string): Promise<ResponseOf<typeof getConsumer>> {
  await sampleOnRead(cluster);
  return withConnector(cluster, async (connector) => {
    // The group with its partitions (from the sampler worker, which keeps them; see SamplerView.scoped).
    const scoped = await getSampler(cluster)?.scoped({ group });
    const snapshot = scoped && listingSnapshot(cluster, scoped.snapshot);
    const detail = (snapshot && consumerDetailOf(snapshot, group)) ?? (await connector.describeConsumer(group));
    const ages = await oldestUnconsumedAges(connector, detail.partitions);
    return consumerDetailView(detail, scoped?.figures, ages);
  });
}

/** Lag and lag seconds over `window`; per partition only from memory (the last hour). */
export async function presentConsumerHistory(cluster: string, group: string, window: string): Promise<ResponseOf<typeof getConsumerHistory>> {
  // Checked before anything else: the answer may come from memory or the database, never asking the broker.
  await requireBrokerName(cluster, "group", group);
  await sampleOnRead(cluster);
  const { sampler, from, windowMs, fromDatabase } = historyRequest(cluster, window);
  if (!sampler.latest?.groups.get(group)) await withConnector(cluster, (connector) => connector.describeConsumer(group));
  if (fromDatabase) {
    return { window: windowMs / 1000, resolution: 60, points: await storedLagHistory(cluster, group, from), partitions: [] };
  }
  const live = (await sampler.history({ kind: "group", group, from })) as HistoryAnswer<LagPoint>;
  return {
    window: windowMs / 1000,
    resolution: sampler.intervalMs / 1000,
    points: await lagHistoryWithStored(cluster, group, from, live),
    partitions: live.partitions ?? [],
  };
}
