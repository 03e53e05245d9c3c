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

/** The API answered 404: the thing asked for does not exist (a deleted topic, a typo in the URL). */
export function isNotFoundError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/**
 * A poll interval that stops once the API says 404: a missing topic or group does not come back by
 * polling every few seconds, and the page says "not found" instead of "retrying". A reload asks again.
 */
export function pollUnlessNotFound(intervalMs: number | undefined) {
  return (query: { state: { error: Error | null } }): number | false => (isNotFoundError(query.state.error) ? false : (intervalMs ?? false));
}

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

// ---------- Live updates and history (issue 3) ----------

/** The sampler's default interval; a cluster's own `samplingIntervalMs` wins when it has one. */
export const DEFAULT_SAMPLING_INTERVAL_MS = 5_000;
/** Pushed samples are buffered and merged into the cache at most this often (one render per flush). */
export const LIVE_FLUSH_MS = 1_000;
/** Samples kept in the buffer between flushes (a throttled background tab must not grow it forever). */
export const LIVE_BUFFER_CAP = 300;
/** Consecutive EventSource errors, without an event in between, before falling back to polling. */
export const LIVE_MAX_ERRORS = 3;
/** While polling after failures, the push stream is tried again this often. */
export const LIVE_RETRY_MS = 30_000;
/** The stream counts as live while a sample arrived within this many sampling intervals. */
export const LIVE_STALE_AFTER_INTERVALS = 3;
/** An open but unused stream is closed this long after its last viewer leaves (navigation keeps it). */
export const LIVE_CLOSE_GRACE_MS = 5_000;
/**
 * Poll interval, while live, of data the push stream keeps fresh (topic rates, group lag): a slow
 * reconciliation for the fields it does not carry (group state, members, partition counts).
 */
export const LIVE_RECONCILE_MS = 30_000;
/** Points kept per history series when pushed points are appended (1 h at 1 s sampling). */
export const HISTORY_POINTS_CAP = 3_600;
/** Windows longer than this come from the database at 1-minute resolution. */
export const MEMORY_HISTORY_MAX_S = 3_600;
/** Spacing of stored points beyond MEMORY_HISTORY_MAX_S; pushed points closer than this are skipped. */
export const STORED_HISTORY_STEP_MS = 60_000;
/** Per-partition lag history of one group is not pushed: it is polled at least this slowly. */
export const CONSUMER_HISTORY_MIN_POLL_MS = 10_000;
/** Lag charts draw at most this many partitions (the most lagging). */
export const LAG_CHART_MAX_SERIES = 10;
/** Charts thin their points to about this many per series (one per couple of pixels). */
export const CHART_MAX_POINTS = 600;
/** Rows of the overview's "groups most behind" table, and the groups read per cluster to rank them. */
export const GROUPS_BEHIND_ROWS = 10;
export const GROUPS_BEHIND_SCAN_LIMIT = 1_000;

export type LiveMode = "connecting" | "live" | "polling" | "offline";

/**
 * Refetch interval of a query the push stream keeps up to date: slow while live, the sampling
 * interval otherwise (connecting, polling fallback, offline).
 */
export function livePollMs(mode: LiveMode, samplingMs: number): number {
  return mode === "live" ? LIVE_RECONCILE_MS : samplingMs;
}

/**
 * Refetch interval of a history query. Windows from the database change once a minute; windows
 * from memory are kept fresh by pushed points while live and polled at the sampling interval
 * otherwise. `pushed: false` for series the stream does not carry (per-partition lag).
 */
export function historyPollMs(windowSeconds: number, mode: LiveMode, samplingMs: number, pushed = true): number {
  if (windowSeconds > MEMORY_HISTORY_MAX_S) return STORED_HISTORY_STEP_MS;
  if (!pushed) return Math.max(samplingMs, CONSUMER_HISTORY_MIN_POLL_MS);
  return mode === "live" ? LIVE_RECONCILE_MS * 2 : samplingMs;
}

// ---------- Dead-letter queues and jobs (issue 4) ----------

/** DLQ list with pending counts (one topic listing and one database query per cluster). */
export const DLQS_POLL_MS = 10_000;
/** The summary scans up to 200,000 pending messages: read on demand and after actions, not polled. */
export const DLQ_SUMMARY_STALE_MS = 30_000;
/** DLQ message page sizes (the API caps at 500). */
export const DLQ_PAGE_SIZES = [20, 50, 100, 200] as const;
export const DEFAULT_DLQ_PAGE_SIZE = 50;
/** A running job's progress is read this often. */
export const JOB_POLL_MS = 1_000;
/** The job list, while one of its jobs is queued or running, and otherwise. */
export const JOBS_ACTIVE_POLL_MS = 2_000;
export const JOBS_IDLE_POLL_MS = 15_000;
export const JOBS_PAGE_SIZE = 50;
/** Jobs read by a DLQ page to find the requeues still running on it (started elsewhere or before a reload). */
export const DLQ_ACTIVE_JOBS_SCAN = 50;

// ---------- Idempotency stores and trace (issue 5) ----------

/** Metrics sources (processing outcomes): the server scrapes every 5 s by default. */
export const METRICS_SOURCES_POLL_MS = 5_000;

/** Store list and a store's figures (counts are cached a few seconds on the server anyway). */
export const IDEMPOTENCY_STORES_POLL_MS = 5_000;
/** A store's record page while "Live" is on: new records show up within this. */
export const IDEMPOTENCY_RECORDS_POLL_MS = 3_000;
export const IDEMPOTENCY_PAGE_SIZE = 50;
/** A finished trace is a snapshot: kept this long, rerun by hand. */
export const TRACE_STALE_MS = 5 * 60_000;
