import "server-only";
import type { Actor } from "@/lib/auth/roles";
import type { ListOutboxRowsQuery, listOutboxRows } from "@/lib/contract/outbox";
import type { ResponseOf } from "@/lib/contract/operation";
import { maskOutboxRows } from "@/lib/outbox/mask-rows";
import type { OutboxSource } from "@/lib/outbox/outbox-source";
import { decodeRowCursor, encodeRowCursor } from "@/lib/outbox/row-cursor";

/** A page of rows, newest first, masked for the reader; `q` finds an id, topic or aggregate exactly, or text in the payload. */
export async function presentOutboxRows(source: OutboxSource, query: ListOutboxRowsQuery, actor: Actor): Promise<ResponseOf<typeof listOutboxRows>> {
  const cursor = decodeRowCursor(query.cursor);
  const page = await source.listRows({ ...(query.status ? { status: query.status } : {}), ...(query.q ? { q: query.q } : {}) }, query.limit, cursor);
  return { rows: await maskOutboxRows(page.rows, actor), ...(page.next ? { next: encodeRowCursor(page.next) } : {}) };
}
