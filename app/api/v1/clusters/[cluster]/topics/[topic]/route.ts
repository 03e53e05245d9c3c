import { apiRoute } from "@/lib/api/handler";
import { topicDetailView } from "@/lib/clusters/cluster-views";
import { withConnector } from "@/lib/clusters/registry";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (_request, { cluster, topic }) => {
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  return topicDetailView(await withConnector(cluster, (connector) => connector.describeTopic(topic)), getSampler(cluster)?.latest);
});
