import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { createCluster } from "@/lib/clusters/manage-clusters";
import { clusterView } from "@/lib/clusters/cluster-views";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleAllOnRead } from "@/lib/metrics/serverless/sample-on-read";
import { clusterStatus, listClusters } from "@/lib/clusters/registry";
import { recordAudit } from "@/lib/audit/record-audit";
import { clusterInputSchema } from "@/lib/clusters/cluster-secrets";
import { configFromInput } from "@/lib/clusters/stored-clusters";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  await sampleAllOnRead(); // serverless mode only: there is no background sampler
  const entries = await listClusters();
  const clusters = await Promise.all(entries.map(async (entry) => clusterView(entry, await clusterStatus(entry.config), getSampler(entry.config.id)?.latest)));
  return { clusters };
});

export const POST = apiRoute(async (request, _params, actor) => {
  const config = await configFromInput(await parseJsonBody(request, clusterInputSchema));
  const cluster = await createCluster(config);
  await recordAudit({ actor, action: "cluster.create", target: `cluster:${config.id}`, params: { name: config.name, kind: config.kind } });
  return NextResponse.json({ cluster }, { status: 201 });
}, { access: "admin" });
