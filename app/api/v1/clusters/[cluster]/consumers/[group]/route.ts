import { apiRoute } from "@/lib/api/handler";
import { consumerDetailView } from "@/lib/clusters/cluster-views";
import { oldestUnconsumedAges } from "@/lib/clusters/oldest-unconsumed";
import { withConnector } from "@/lib/clusters/registry";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; group: string }>(async (_request, { cluster, group }) => {
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  return withConnector(cluster, async (connector) => {
    const detail = await connector.describeConsumer(group);
    const ages = await oldestUnconsumedAges(connector, detail.partitions);
    return consumerDetailView(detail, getSampler(cluster)?.latest, ages);
  });
});
