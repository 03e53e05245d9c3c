import { apiRoute } from "@/lib/api/handler";
import { noContent, verbRoute } from "@/lib/api/verb-route";
import { deleteCluster } from "@/lib/clusters/verbs/delete-cluster";
import { updateCluster } from "@/lib/clusters/verbs/update-cluster";
import { clusterView } from "@/lib/clusters/cluster-views";
import { getSampler } from "@/lib/metrics/samplers";
import { clusterStatus, getCluster } from "@/lib/clusters/registry";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";
type Params = { cluster: string };

export const GET = apiRoute<Params>(async (_request, { cluster }) => {
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  const entry = await getCluster(cluster);
  return clusterView(entry, await clusterStatus(entry.config), getSampler(entry.config.id)?.latest);
});

export const PUT = verbRoute(updateCluster);
export const DELETE = verbRoute(deleteCluster, noContent);
