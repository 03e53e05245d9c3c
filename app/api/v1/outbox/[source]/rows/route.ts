import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listOutboxRowsQuery } from "@/lib/contract/outbox";
import { getOutboxSource } from "@/lib/outbox/registry";
import { presentOutboxRows } from "@/lib/presenters/outbox.server";

export const dynamic = "force-dynamic";

// The source first: an unknown one is a 404 whatever the query says.
export const GET = apiRoute<{ source: string }>(async (request, { source }, actor) =>
  presentOutboxRows(getOutboxSource(source), parseQuery(request, listOutboxRowsQuery), actor),
);
