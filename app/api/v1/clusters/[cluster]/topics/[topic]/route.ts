import { apiRoute } from "@/lib/api/handler";
import { topicDetailView } from "@/lib/clusters/cluster-views";
import { withConnector } from "@/lib/clusters/registry";
import { getSampler } from "@/lib/metrics/samplers";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (_request, { cluster, topic }) =>
  topicDetailView(await withConnector(cluster, (connector) => connector.describeTopic(topic)), getSampler(cluster)?.latest),
);
