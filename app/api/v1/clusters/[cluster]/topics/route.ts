import { apiRoute } from "@/lib/api/handler";
import { topicView } from "@/lib/clusters/cluster-views";
import { withConnector } from "@/lib/clusters/registry";
import { listingSnapshot, topicSummariesOf } from "@/lib/clusters/snapshot-listings";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

// From the sampler's latest snapshot when it is fresh (lib/clusters/snapshot-listings.ts); before
// the first cycle, or after the console changed the cluster, from the broker.
export const GET = apiRoute<{ cluster: string }>(async (_request, { cluster }) => {
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  const topics = await withConnector(cluster, async (connector) => {
    const snapshot = listingSnapshot(cluster);
    return snapshot ? topicSummariesOf(snapshot) : connector.listTopics();
  });
  return { topics: topics.map((topic) => topicView(topic, getSampler(cluster)?.latest)) };
});
