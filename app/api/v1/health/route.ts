import { apiRoute } from "@/lib/api/handler";
import { clusterStatus, listClusters } from "@/lib/clusters/registry";
import { runtimeMode } from "@/lib/runtime-mode";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  const clusters = await listClusters();
  const statuses = await Promise.all(clusters.map(async ({ config }) => ({ id: config.id, status: (await clusterStatus(config)).status })));
  return { status: "ok", mode: runtimeMode(), clusters: statuses };
}, { access: "public" });
