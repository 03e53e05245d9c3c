import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { deleteCluster, updateCluster } from "@/lib/clusters/manage-clusters";
import { clusterView } from "@/lib/clusters/cluster-views";
import { getSampler } from "@/lib/metrics/samplers";
import { clusterStatus, getCluster } from "@/lib/clusters/registry";
import { clusterConfigSchema } from "@/lib/config/schema";

export const dynamic = "force-dynamic";
type Params = { cluster: string };

export const GET = apiRoute<Params>(async (_request, { cluster }) => {
  const entry = await getCluster(cluster);
  return clusterView(entry, await clusterStatus(entry.config), getSampler(entry.config.id)?.latest);
});

export const PUT = apiRoute<Params>(async (request, { cluster }) => {
  const config = await parseJsonBody(request, clusterConfigSchema);
  return { cluster: await updateCluster(cluster, config) };
}, { access: "admin" });

export const DELETE = apiRoute<Params>(async (_request, { cluster }) => {
  await deleteCluster(cluster);
  return new Response(null, { status: 204 });
}, { access: "admin" });
