import "server-only";
import { scanDlq, type DlqContext, type DlqFilter, type DlqMessage, type StatusFilter } from "./dlq-messages";
import { compareDlqMessages, TopRows, type DlqSort, type DlqSortDir } from "./dlq-sort";

/**
 * A sorted page reads at most this many DLQ messages (the default budget of an unsorted page): a
 * DLQ is a log, not an index, so "sorted by error" is the order of what was read. A larger DLQ is
 * sorted within its first DLQ_SORT_WINDOW messages and the response says so (`complete: false`).
 */
export const DLQ_SORT_WINDOW = 20_000;

export interface SortedDlqPage {
  messages: DlqMessage[];
  /** Messages read (the whole DLQ when `complete`). */
  scanned: number;
  /** Messages matching the filters among those read: what was sorted. */
  matched: number;
  /** true when the whole DLQ was read, so the order is the order of every matching message. */
  complete: boolean;
  /** Rows to skip for the next page; absent on the last. */
  nextSkip?: number;
}

/**
 * One page of a DLQ in `sort` order: reads the DLQ (up to DLQ_SORT_WINDOW messages), keeps only the
 * first `skip + limit` matching messages in that order (bounded memory), and returns the last
 * `limit` of them. Paging re-reads, so a message that arrives meanwhile may shift a row by one.
 */
export async function sortedDlqPage(
  context: DlqContext,
  options: {
    sort: DlqSort;
    dir: DlqSortDir;
    skip: number;
    limit: number;
    filter?: DlqFilter;
    status?: StatusFilter;
    mask?: (messages: DlqMessage[]) => Promise<DlqMessage[]>;
  },
): Promise<SortedDlqPage> {
  const keep = options.skip + options.limit;
  const top = new TopRows<DlqMessage>(keep, compareDlqMessages(options.sort, options.dir));
  const scan = await scanDlq(context, {
    limit: Number.POSITIVE_INFINITY,
    budget: DLQ_SORT_WINDOW,
    filter: options.filter,
    status: options.status,
    mask: options.mask,
    onMatch: (message) => top.add(message),
  });
  const messages = top.sorted().slice(options.skip, keep);
  return {
    messages,
    scanned: scan.scanned,
    matched: scan.matched,
    complete: scan.next === undefined,
    ...(keep < scan.matched ? { nextSkip: keep } : {}),
  };
}
