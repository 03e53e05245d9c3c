import { apiRoute } from "@/lib/api/handler";
import { consumerDetailView } from "@/lib/clusters/cluster-views";
import { oldestUnconsumedAges } from "@/lib/clusters/oldest-unconsumed";
import { withConnector } from "@/lib/clusters/registry";
import { consumerDetailOf, listingSnapshot } from "@/lib/clusters/snapshot-listings";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

// The group's offsets, lag and members from the sampler's latest snapshot when it is fresh and has
// the group (else from the broker); the snapshot lacks only the age of the oldest unconsumed
// message per partition: one batched read of the partitions not seen at that offset before.
export const GET = apiRoute<{ cluster: string; group: string }>(async (_request, { cluster, group }) => {
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  return withConnector(cluster, async (connector) => {
    // The group with its partitions (from the sampler worker, which keeps them; see SamplerView.scoped).
    const scoped = await getSampler(cluster)?.scoped({ group });
    const snapshot = scoped && listingSnapshot(cluster, scoped.snapshot);
    const detail = (snapshot && consumerDetailOf(snapshot, group)) ?? (await connector.describeConsumer(group));
    const ages = await oldestUnconsumedAges(connector, detail.partitions);
    return consumerDetailView(detail, scoped?.figures, ages);
  });
});
