import { apiRoute, parseQuery } from "@/lib/api/handler";
import { pageOfNames } from "@/lib/api/paginate";
import { consumersQuerySchema } from "@/lib/api/query-schemas";
import { consumerView } from "@/lib/clusters/cluster-views";
import { withConnector } from "@/lib/clusters/registry";
import { listingSnapshot } from "@/lib/clusters/snapshot-listings";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";
import { orderConsumers, pageByPosition } from "@/lib/consumers/order-consumers";

export const dynamic = "force-dynamic";

// The sampler's latest snapshot answers at any scale without a broker call; without one, only the
// requested page of groups is described (listing names is one cheap call even at 10,000 groups).
export const GET = apiRoute<{ cluster: string }>(async (request, { cluster }) => {
  const query = parseQuery(request, consumersQuerySchema);
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  return withConnector(cluster, async (connector) => {
    const sampler = getSampler(cluster);
    const snapshot = listingSnapshot(cluster);
    const byName = snapshot ? new Map(snapshot.consumers.map((consumer) => [consumer.group, consumer])) : undefined;
    const names = byName ? [...byName.keys()].sort((a, b) => a.localeCompare(b)) : await connector.listConsumerNames();
    if (query.sort !== "name" || query.status || query.dir === "desc" || query.topic !== undefined) {
      // Sorted by a figure or filtered by status: every group's view is needed (from the snapshot, or
      // described once when there is none yet), then ordered and paged by position.
      const all = byName ? [...byName.values()] : await connector.listConsumers(names);
      const views = all.map((consumer) => consumerView(consumer, sampler?.latest));
      const ordered = orderConsumers(views, { sort: query.sort, dir: query.dir ?? (query.sort === "name" ? "asc" : "desc"), q: query.q, status: query.status, topic: query.topic });
      const page = pageByPosition(ordered, query);
      return { consumers: page.items, total: page.total, ...(page.next ? { next: page.next } : {}) };
    }
    const page = pageOfNames(names, query);
    const consumers = byName ? page.items.map((name) => byName.get(name)!) : await connector.listConsumers(page.items);
    return {
      consumers: consumers.map((consumer) => consumerView(consumer, sampler?.latest)),
      total: page.total,
      ...(page.next ? { next: page.next } : {}),
    };
  });
});
