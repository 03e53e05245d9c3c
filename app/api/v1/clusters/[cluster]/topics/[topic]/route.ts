import { apiRoute } from "@/lib/api/handler";
import { withConnector } from "@/lib/clusters/registry";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (_request, { cluster, topic }) =>
  withConnector(cluster, (connector) => connector.describeTopic(topic)),
);
