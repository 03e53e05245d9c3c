import { apiRoute } from "@/lib/api/handler";
import { consumerDetailView } from "@/lib/clusters/cluster-views";
import { oldestUnconsumedAges } from "@/lib/clusters/oldest-unconsumed";
import { withConnector } from "@/lib/clusters/registry";
import { getSampler } from "@/lib/metrics/samplers";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; group: string }>(async (_request, { cluster, group }) =>
  withConnector(cluster, async (connector) => {
    const detail = await connector.describeConsumer(group);
    const ages = await oldestUnconsumedAges(connector, detail.partitions);
    return consumerDetailView(detail, getSampler(cluster)?.latest, ages);
  }),
);
