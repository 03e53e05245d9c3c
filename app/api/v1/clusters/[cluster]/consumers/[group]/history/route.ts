import { apiRoute, parseQuery } from "@/lib/api/handler";
import { historyQuery } from "@/lib/contract/common";
import { presentConsumerHistory } from "@/lib/presenters/consumers.server";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; group: string }>(async (request, { cluster, group }) =>
  presentConsumerHistory(cluster, group, parseQuery(request, historyQuery).window),
);
