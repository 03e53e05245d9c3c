import { apiRoute, parseQuery } from "@/lib/api/handler";
import { maskOutboxRows } from "@/lib/outbox/mask-rows";
import { listOutboxRowsQuery } from "@/lib/contract/outbox";
import { getOutboxSource } from "@/lib/outbox/registry";
import { decodeRowCursor, encodeRowCursor } from "@/lib/outbox/row-cursor";
import type { OutboxRowPage } from "@/lib/outbox/types";

export const dynamic = "force-dynamic";

/** A page of rows, newest first; `q` finds an id, topic or aggregate exactly, or text in the payload. */
export const GET = apiRoute<{ source: string }>(async (request, { source }, actor): Promise<OutboxRowPage> => {
  const target = getOutboxSource(source);
  const query = parseQuery(request, listOutboxRowsQuery);
  const cursor = decodeRowCursor(query.cursor);
  const page = await target.listRows({ ...(query.status ? { status: query.status } : {}), ...(query.q ? { q: query.q } : {}) }, query.limit, cursor);
  return { rows: await maskOutboxRows(page.rows, actor), ...(page.next ? { next: encodeRowCursor(page.next) } : {}) };
});
