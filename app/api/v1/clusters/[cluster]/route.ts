import { apiRoute } from "@/lib/api/handler";
import { noContent, verbRoute } from "@/lib/api/verb-route";
import { deleteCluster } from "@/lib/clusters/verbs/delete-cluster";
import { updateCluster } from "@/lib/clusters/verbs/update-cluster";
import { presentCluster } from "@/lib/presenters/clusters.server";

export const dynamic = "force-dynamic";
type Params = { cluster: string };

export const GET = apiRoute<Params>(async (_request, { cluster }) => presentCluster(cluster));

export const PUT = verbRoute(updateCluster);
export const DELETE = verbRoute(deleteCluster, noContent);
