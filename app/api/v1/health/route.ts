import { apiRoute } from "@/lib/api/handler";
import { clusterStatus, listClusters } from "@/lib/clusters/registry";
import { runtimeMode } from "@/lib/runtime-mode";
import type { ResponseOf } from "@/lib/contract/operation";
import type { getHealth as getHealthOperation } from "@/lib/contract/system";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (): Promise<ResponseOf<typeof getHealthOperation>> => {
  const clusters = await listClusters();
  const statuses = await Promise.all(clusters.map(async ({ config }) => ({ id: config.id, status: (await clusterStatus(config)).status })));
  return { status: "ok", mode: runtimeMode(), clusters: statuses };
}, { access: "public" });
