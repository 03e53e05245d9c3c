import "server-only";
import { scanDlq, type DlqContext, type DlqFilter, type DlqMessage, type StatusFilter } from "./dlq-messages";
import { decodeDlqCursor, decodeDlqSortCursor, encodeDlqCursor, encodeDlqSortCursor } from "./dlq-query";
import { defaultDlqSortDir, type DlqSort, type DlqSortDir } from "./dlq-sort";
import { DLQ_SORT_WINDOW, sortedDlqPage } from "./dlq-sorted-page";

export interface DlqPage {
  messages: DlqMessage[];
  scanned: number;
  next?: string;
  /** Present on a sorted page: what the order covers. */
  sorted?: { matched: number; complete: boolean; window: number };
}

/**
 * One page of GET /dlq/{topic}/messages: in DLQ order from a position cursor (read only as far as
 * the page needs), or in a column's order from a rank cursor (lib/dlq/dlq-sorted-page.ts).
 */
export async function readDlqPage(
  context: DlqContext,
  query: { cursor?: string; limit: number; status: StatusFilter; sort?: DlqSort; dir?: DlqSortDir },
  filter: DlqFilter,
  mask: (messages: DlqMessage[]) => Promise<DlqMessage[]>,
): Promise<DlqPage> {
  if (!query.sort) {
    const page = await scanDlq(context, { cursor: decodeDlqCursor(query.cursor), limit: query.limit, status: query.status, filter, mask });
    return { messages: page.messages, scanned: page.scanned, ...(page.next ? { next: encodeDlqCursor(page.next) } : {}) };
  }
  const page = await sortedDlqPage(context, {
    sort: query.sort,
    dir: query.dir ?? defaultDlqSortDir(query.sort),
    skip: decodeDlqSortCursor(query.cursor, DLQ_SORT_WINDOW),
    limit: query.limit,
    status: query.status,
    filter,
    mask,
  });
  return {
    messages: page.messages,
    scanned: page.scanned,
    ...(page.nextSkip !== undefined ? { next: encodeDlqSortCursor(page.nextSkip) } : {}),
    sorted: { matched: page.matched, complete: page.complete, window: DLQ_SORT_WINDOW },
  };
}
