// Shapes of the idempotency API (GET /api/v1/idempotency...), shared by the server and the browser.
// Plain types only: safe to import from client components.

export type StoreKind = "redis" | "postgres";
/** down: cannot connect (the reason is in `error`); misconfigured: connects, but the table/column is wrong. */
export type StoreStatus = "up" | "down" | "misconfigured";
export type ValueEncoding = "json" | "text" | "base64";

/**
 * How "new records per minute" was worked out:
 * - ttl: records carry a uniform TTL, so a record's age is TTL minus its remaining TTL;
 * - count-delta: records never expire, so the count's growth between two polls is what was added;
 * - net-growth: some expire and some do not: growth of the count, net of expiries (a lower bound);
 * - processed-at: counted from the processed-at column (PostgreSQL).
 */
export type NewPerMinuteMethod = "ttl" | "count-delta" | "net-growth" | "processed-at";

export interface StoreSummary {
  id: string;
  kind: StoreKind;
  /** Records in the store (keys matching the pattern / rows of the table); null when unknown. */
  records: number | null;
  status: StoreStatus;
  error?: string;
  /** Where it is, without credentials: "redis://127.0.0.1:6379/0 processed:*", "postgres://host/db processed_events". */
  target: string;
  /** True when `records` is an estimate (a bounded scan ran out of time, or PostgreSQL's row estimate). */
  recordsEstimated?: boolean;
  /** Records whose TTL ends within 5 minutes (Redis). */
  expiringSoon?: number | null;
  newPerMinute?: number | null;
  newPerMinuteMethod?: NewPerMinuteMethod;
  /** TTL figures come from this many records out of `records` (absent: from all of them). */
  sampledRecords?: number;
  /** The TTL records are assumed to be written with (configured, or the longest remaining TTL seen). */
  assumedTtlSeconds?: number;
  /** What the store supports, for the UI. */
  capabilities: { newestFirst: boolean; ttl: boolean };
  /** When these figures were computed (they are cached a few seconds). */
  checkedAt: string;
  /** How long computing them took, ms. */
  tookMs?: number;
}

export interface IdempotencyRecord {
  key: string;
  /** Seconds until the record expires; null when it never does (PostgreSQL rows, Redis keys without TTL). */
  ttlSeconds: number | null;
  /** The value: pretty JSON, text, or base64 (see `encoding`); cut at 64 KiB (2 KiB in lists). */
  value: string | null;
  encoding: ValueEncoding;
  /** Full size of the value in bytes. */
  size: number;
  truncated: boolean;
  processedAt?: string;
  consumer?: string;
  /** The event id the key stands for (the part of the key the pattern's `*` matched). */
  eventId?: string;
  /** Redis type when the key is not a plain string (a hash, say). */
  type?: string;
  /** Set when masking rules hid part of the value (or processedAt / consumer): the reader lacks the clear-values permission. */
  masked?: true;
}

export interface RecordPage {
  records: IdempotencyRecord[];
  /** Opaque cursor of the next page; absent on the last page. */
  next?: string;
  /** Newest-first pages of a big Redis store come from a sample of the records; says how many. */
  sampledRecords?: number;
  /**
   * A newest-first search of a Redis store (which cannot order a search): the newest among the
   * `matched` records the search found; `complete` false when it stopped before the end of the store.
   */
  searched?: { matched: number; complete: boolean };
}

/** What a message's `processed` field says: the record that marks its event id as processed. */
export interface ProcessedMark {
  store: string;
  key: string;
  ttlSeconds: number | null;
  processedAt?: string;
  consumer?: string;
  /** processedAt / consumer left out: read from a field a masking rule covers. */
  masked?: true;
}

export interface StoresResponse {
  stores: StoreSummary[];
}
