import "server-only";
import type { Actor } from "@/lib/auth/roles";
import type { ListOutboxRowsQuery, getOutboxHistory, listOutboxRows } from "@/lib/contract/outbox";
import type { ResponseOf } from "@/lib/contract/operation";
import { outboxHistory } from "@/lib/outbox/history-window";
import { maskOutboxRows } from "@/lib/outbox/mask-rows";
import type { OutboxSource } from "@/lib/outbox/outbox-source";
import { decodeRowCursor, encodeRowCursor } from "@/lib/outbox/row-cursor";

/** A page of rows, newest first, masked for the reader; `q` finds an id, topic or aggregate exactly, or text in the payload. */
export async function presentOutboxRows(source: OutboxSource, query: ListOutboxRowsQuery, actor: Actor): Promise<ResponseOf<typeof listOutboxRows>> {
  const cursor = decodeRowCursor(query.cursor);
  const page = await source.listRows({ ...(query.status ? { status: query.status } : {}), ...(query.q ? { q: query.q } : {}) }, query.limit, cursor);
  return { rows: await maskOutboxRows(page.rows, actor), ...(page.next ? { next: encodeRowCursor(page.next) } : {}) };
}

/** Backlog, oldest unpublished age, stuck rows and publish rate over a window (each sample up to 1 h, a point a minute beyond). */
export async function presentOutboxHistory(source: OutboxSource, window: ResponseOf<typeof getOutboxHistory>["window"]): Promise<ResponseOf<typeof getOutboxHistory>> {
  return { window, points: await outboxHistory(source, window) };
}
