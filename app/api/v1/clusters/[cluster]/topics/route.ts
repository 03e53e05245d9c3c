import { apiRoute } from "@/lib/api/handler";
import { topicView } from "@/lib/clusters/cluster-views";
import { withConnector } from "@/lib/clusters/registry";
import { getSampler } from "@/lib/metrics/samplers";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string }>(async (_request, { cluster }) => {
  const topics = await withConnector(cluster, (connector) => connector.listTopics());
  return { topics: topics.map((topic) => topicView(topic, getSampler(cluster)?.latest)) };
});
