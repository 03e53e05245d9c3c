import { apiRoute, parseQuery } from "@/lib/api/handler";
import { historyQuery } from "@/lib/contract/common";
import { presentClusterHistory } from "@/lib/presenters/clusters.server";

export const dynamic = "force-dynamic";

/** Total throughput of a cluster, for the overview chart. */
export const GET = apiRoute<{ cluster: string }>(async (request, { cluster }) => presentClusterHistory(cluster, parseQuery(request, historyQuery).window));
