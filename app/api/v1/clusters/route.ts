import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { createCluster } from "@/lib/clusters/manage-clusters";
import { clusterView } from "@/lib/clusters/cluster-views";
import { getSampler } from "@/lib/metrics/samplers";
import { clusterStatus, listClusters } from "@/lib/clusters/registry";
import { clusterConfigSchema } from "@/lib/config/schema";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  const entries = await listClusters();
  const clusters = await Promise.all(entries.map(async (entry) => clusterView(entry, await clusterStatus(entry.config), getSampler(entry.config.id)?.latest)));
  return { clusters };
});

export const POST = apiRoute(async (request) => {
  const config = await parseJsonBody(request, clusterConfigSchema);
  const cluster = await createCluster(config);
  return NextResponse.json({ cluster }, { status: 201 });
}, { access: "admin" });
