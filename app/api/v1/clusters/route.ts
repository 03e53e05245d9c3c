import { apiRoute } from "@/lib/api/handler";
import { created, verbRoute } from "@/lib/api/verb-route";
import { createCluster } from "@/lib/clusters/verbs/create-cluster";
import { presentClusters } from "@/lib/presenters/clusters.server";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => presentClusters());

export const POST = verbRoute(createCluster, created);
