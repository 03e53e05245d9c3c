import { apiRoute, parseQuery } from "@/lib/api/handler";
import { pageOfNames } from "@/lib/api/paginate";
import { consumersQuerySchema } from "@/lib/api/query-schemas";
import { consumerView } from "@/lib/clusters/cluster-views";
import { withConnector } from "@/lib/clusters/registry";

export const dynamic = "force-dynamic";

// Only the requested page is described: listing names is one cheap call even at 10,000 groups.
export const GET = apiRoute<{ cluster: string }>(async (request, { cluster }) => {
  const query = parseQuery(request, consumersQuerySchema);
  return withConnector(cluster, async (connector) => {
    const page = pageOfNames(await connector.listConsumerNames(), query);
    const consumers = await connector.listConsumers(page.items);
    return { consumers: consumers.map(consumerView), total: page.total, ...(page.next ? { next: page.next } : {}) };
  });
});
