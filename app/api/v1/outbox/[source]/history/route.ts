import { apiRoute, parseQuery } from "@/lib/api/handler";
import { outboxHistory } from "@/lib/outbox/history-window";
import { outboxHistoryQuery } from "@/lib/contract/outbox";
import { getOutboxSource } from "@/lib/outbox/registry";

export const dynamic = "force-dynamic";

/** Backlog, oldest unpublished age, stuck rows and publish rate over a window (each sample up to 1 h, a point a minute beyond). */
export const GET = apiRoute<{ source: string }>(async (request, { source }) => {
  const target = getOutboxSource(source);
  const { window } = parseQuery(request, outboxHistoryQuery);
  return { window, points: await outboxHistory(target, window) };
});
