import { apiRoute, parseQuery } from "@/lib/api/handler";
import { historyQuery } from "@/lib/contract/common";
import { presentTopicHistory } from "@/lib/presenters/topics.server";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }) =>
  presentTopicHistory(cluster, topic, parseQuery(request, historyQuery).window),
);
