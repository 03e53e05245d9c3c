import { apiRoute } from "@/lib/api/handler";
import { topicDetailView } from "@/lib/clusters/cluster-views";
import { withConnector } from "@/lib/clusters/registry";
import { listingSnapshot, topicDetailOf } from "@/lib/clusters/snapshot-listings";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

// From the sampler's latest snapshot when it is fresh and has the topic; otherwise (a topic created
// since, an unknown name, no snapshot yet) from the broker, which also answers 400/404.
export const GET = apiRoute<{ cluster: string; topic: string }>(async (_request, { cluster, topic }) => {
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  const detail = await withConnector(cluster, async (connector) => {
    const snapshot = listingSnapshot(cluster);
    return (snapshot && topicDetailOf(snapshot, topic)) ?? connector.describeTopic(topic);
  });
  return topicDetailView(detail, getSampler(cluster)?.latest);
});
