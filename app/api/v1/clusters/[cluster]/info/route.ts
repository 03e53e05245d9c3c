import { apiRoute } from "@/lib/api/handler";
import { presentClusterInfo } from "@/lib/presenters/clusters.server";

export const dynamic = "force-dynamic";

/** Nodes, version, controller, listeners, topic and partition counts and the settings that matter. */
export const GET = apiRoute<{ cluster: string }>(async (_request, { cluster }) => presentClusterInfo(cluster));
