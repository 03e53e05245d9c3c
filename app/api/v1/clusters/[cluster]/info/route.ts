import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/api/errors";
import { withConnector } from "@/lib/clusters/registry";

export const dynamic = "force-dynamic";

/** Nodes, version, controller, listeners, topic and partition counts and the settings that matter. */
export const GET = apiRoute<{ cluster: string }>(async (_request, { cluster }) => {
  const info = await withConnector(cluster, (connector) => {
    if (!connector.describeCluster) throw new AppError("unsupported", `cluster "${cluster}": this broker kind has no cluster description`);
    return connector.describeCluster();
  });
  return { info };
});
