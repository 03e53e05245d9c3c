import { apiRoute } from "@/lib/api/handler";
import { topicView } from "@/lib/clusters/cluster-views";
import { withConnector } from "@/lib/clusters/registry";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string }>(async (_request, { cluster }) => {
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  const topics = await withConnector(cluster, (connector) => connector.listTopics());
  return { topics: topics.map((topic) => topicView(topic, getSampler(cluster)?.latest)) };
});
