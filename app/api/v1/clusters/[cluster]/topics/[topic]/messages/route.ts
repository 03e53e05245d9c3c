import { apiRoute, parseQuery } from "@/lib/api/handler";
import { getCluster } from "@/lib/clusters/registry";
import { messagesQueryFor } from "@/lib/messages/messages-query";
import { presentMessages } from "@/lib/presenters/messages.server";

export const dynamic = "force-dynamic";

// The cluster first: an unknown one is a 404 before its kind's query rules can apply.
export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }, actor) => {
  const { config } = await getCluster(cluster);
  const query = parseQuery(request, messagesQueryFor(config.kind));
  return presentMessages({ cluster, topic, query, actor, signal: request.signal });
});
