import { apiRoute } from "@/lib/api/handler";
import { consumerDetailView } from "@/lib/clusters/cluster-views";
import { withConnector } from "@/lib/clusters/registry";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; group: string }>(async (_request, { cluster, group }) =>
  consumerDetailView(await withConnector(cluster, (connector) => connector.describeConsumer(group))),
);
