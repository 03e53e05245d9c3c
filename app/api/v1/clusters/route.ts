import { apiRoute } from "@/lib/api/handler";
import { created, verbRoute } from "@/lib/api/verb-route";
import { createCluster } from "@/lib/clusters/verbs/create-cluster";
import { clusterView } from "@/lib/clusters/cluster-views";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleAllOnRead } from "@/lib/metrics/serverless/sample-on-read";
import { clusterStatus, listClusters } from "@/lib/clusters/registry";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  await sampleAllOnRead(); // serverless mode only: there is no background sampler
  const entries = await listClusters();
  const clusters = await Promise.all(entries.map(async (entry) => clusterView(entry, await clusterStatus(entry.config), getSampler(entry.config.id)?.latest)));
  return { clusters };
});

export const POST = verbRoute(createCluster, created);
