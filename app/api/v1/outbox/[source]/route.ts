import { apiRoute } from "@/lib/api/handler";
import { getOutboxSource } from "@/lib/outbox/registry";
import type { OutboxSourceDetail } from "@/lib/outbox/types";

export const dynamic = "force-dynamic";

/** One outbox: rows by status, backlog, oldest unpublished age, stuck rows, publish rate, status. */
export const GET = apiRoute<{ source: string }>(async (_request, { source }): Promise<OutboxSourceDetail> => getOutboxSource(source).detail());
