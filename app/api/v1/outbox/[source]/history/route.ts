import { apiRoute, parseQuery } from "@/lib/api/handler";
import { outboxHistoryQuery } from "@/lib/contract/outbox";
import { getOutboxSource } from "@/lib/outbox/registry";
import { presentOutboxHistory } from "@/lib/presenters/outbox.server";

export const dynamic = "force-dynamic";

// The source first: an unknown one is a 404 whatever the query says.
export const GET = apiRoute<{ source: string }>(async (request, { source }) =>
  presentOutboxHistory(getOutboxSource(source), parseQuery(request, outboxHistoryQuery).window),
);
