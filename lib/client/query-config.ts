// Freshness, polling and paging figures for the console, in one place (tune here, not in components).
import { ApiError } from "./api-client";

/** Cluster list and status dots: a broker coming back shows up within this time. */
export const CLUSTERS_POLL_MS = 5_000;
/** Topic/stream list with rates. The sampler's default interval is a few seconds; polling faster buys nothing. */
export const TOPICS_POLL_MS = 5_000;
/** Partition offsets of one topic. */
export const TOPIC_DETAIL_POLL_MS = 5_000;
/** Consumer group list page. */
export const CONSUMERS_POLL_MS = 5_000;
/** One consumer group: the page an on-call engineer watches while lag drains. */
export const CONSUMER_DETAIL_POLL_MS = 3_000;
/** Topic and consumer counts on the overview cards (they need whole lists; change slowly). */
export const OVERVIEW_COUNTS_POLL_MS = 30_000;
/** Default freshness: data younger than this is not refetched on mount or focus. */
export const DEFAULT_STALE_MS = 2_000;
/** A message browse is a snapshot the operator reads; it is refreshed by hand, never polled. */
export const MESSAGES_STALE_MS = 5 * 60_000;
/** Unused query data is dropped after this. */
export const DEFAULT_GC_MS = 5 * 60_000;

/** Typing in a server-side filter box waits this long before a request goes out. */
export const SEARCH_DEBOUNCE_MS = 300;

/** Client-side pagination of the topic list (clusters can hold thousands). */
export const TOPICS_PAGE_SIZE = 50;
/** Server-side page size of the consumer list. */
export const CONSUMERS_PAGE_SIZE = 50;
/** Client-side pagination of a consumer's partition table. */
export const CONSUMER_PARTITIONS_PAGE_SIZE = 100;
/** Message browser limits (the API caps at 500). */
export const MESSAGE_LIMITS = [20, 50, 100, 500] as const;
export const DEFAULT_MESSAGE_LIMIT = 50;

/**
 * Retry policy for queries. Client errors (4xx) and a down broker (503) will not fix themselves in
 * the next second: show them at once and let polling pick up the recovery. Network blips and other
 * 5xx get one quick retry.
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError) {
    if (error.status >= 400 && error.status < 500) return false;
    if (error.status === 503) return false;
  }
  return failureCount < 1;
}
