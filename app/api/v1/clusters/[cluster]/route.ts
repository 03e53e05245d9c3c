import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { deleteCluster, updateCluster } from "@/lib/clusters/manage-clusters";
import { clusterView } from "@/lib/clusters/cluster-views";
import { getSampler } from "@/lib/metrics/samplers";
import { clusterStatus, getCluster } from "@/lib/clusters/registry";
import { recordAudit } from "@/lib/audit/record-audit";
import { clusterInputSchema } from "@/lib/clusters/cluster-secrets";
import { configFromInput } from "@/lib/clusters/stored-clusters";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";
type Params = { cluster: string };

export const GET = apiRoute<Params>(async (_request, { cluster }) => {
  await sampleOnRead(cluster); // serverless mode only: there is no background sampler
  const entry = await getCluster(cluster);
  return clusterView(entry, await clusterStatus(entry.config), getSampler(entry.config.id)?.latest);
});

/** Secrets sent as "" keep the stored ones (the edit form never receives them). */
export const PUT = apiRoute<Params>(async (request, { cluster }, actor) => {
  const config = await configFromInput(await parseJsonBody(request, clusterInputSchema), cluster);
  const updated = await updateCluster(cluster, config);
  await recordAudit({ actor, action: "cluster.update", target: `cluster:${cluster}`, params: { name: config.name, kind: config.kind } });
  return { cluster: updated };
}, { access: "admin" });

export const DELETE = apiRoute<Params>(async (_request, { cluster }, actor) => {
  await deleteCluster(cluster);
  await recordAudit({ actor, action: "cluster.delete", target: `cluster:${cluster}` });
  return new Response(null, { status: 204 });
}, { access: "admin" });
