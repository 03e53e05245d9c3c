// Shapes of GET /api/v1/trace, shared by the server and the browser. Plain types only.

export type TraceWhere = "topic" | "dlq" | "idempotency";

/** One place an event id was found. The fields of API.md first; the rest explain the hit. */
export interface TraceHit {
  where: TraceWhere;
  cluster?: string;
  topic?: string;
  partition?: number;
  offset?: number;
  store?: string;
  key?: string;
  /** idempotency: "processed"; dlq: "pending" | "requeued" | "discarded" when the DLQ module knows. */
  status?: string;
  /** Message time, or when the record says the event was processed. */
  timestamp?: string;
  /** How the message matched: "key", "header:x-event-id", "json:$.data.order_id". */
  matchedBy?: string;
  /** Delivery attempts before dead-lettering (x-attempts and the like). */
  attempts?: number;
  /** The failure a DLQ message carries (x-error and the like). */
  error?: string;
  /** The topic a dead-lettered message came from, and where in it (when its headers say). */
  originalTopic?: string;
  originalPartition?: number;
  originalOffset?: number;
  /** Set on a message that is a requeued copy (x-eventscope-requeued-from): where it came from. */
  requeuedFrom?: string;
  /** Idempotency records: seconds to expiry (null: never) and who processed the event. */
  ttlSeconds?: number | null;
  consumer?: string;
  /** Which trace source found it ("topics", "idempotency", "dlq"). */
  source?: string;
}

export type TimelineKind = "published" | "failed" | "dead-lettered" | "requeued" | "processed";

export interface TimelineEvent {
  kind: TimelineKind;
  /** ISO time; absent when unknown (such events are listed after the timed ones). */
  at?: string;
  /** One line for an operator: "Published to orders.created (local-kafka) partition 2 offset 1041". */
  title: string;
  detail?: string;
  /** "failed": how many attempts failed. */
  count?: number;
  /** Indexes into `hits` this event comes from. */
  hits: number[];
}

/** Where the story ends, in one word, for the summary line. */
export type TraceOutcome = "processed" | "dead-lettered" | "requeued" | "published" | "not-found";

export interface TraceSourceReport {
  source: string;
  status: "ok" | "partial" | "error";
  error?: string;
  /** Topics: per cluster, whether it could be searched. */
  clusters?: { cluster: string; status: "ok" | "down" | "partial"; error?: string; topics: number; scannedTopics: number }[];
  /** Idempotency: per store. */
  stores?: { store: string; status: "ok" | "down" | "misconfigured" | "skipped"; error?: string }[];
}

export interface TraceLimits {
  /** Newest messages read per topic (spread over its partitions). */
  perTopic: number;
  /** Total time the topic scan may take, ms. */
  budgetMs: number;
  /** The scan was limited to this cluster / these topics. */
  cluster?: string;
  topic?: string;
}

export interface TraceResult {
  id: string;
  hits: TraceHit[];
  /** Messages read by the topic scan. */
  scanned: number;
  scannedTopics: number;
  totalTopics: number;
  /** True when a limit stopped the scan early (time budget, or topics longer than perTopic). */
  truncated: boolean;
  /** Why it is truncated, in words. */
  truncatedReason?: string;
  limits: TraceLimits;
  timeline: TimelineEvent[];
  outcome: TraceOutcome;
  sources: TraceSourceReport[];
  tookMs: number;
}

/** Streamed while the scan runs (GET /api/v1/trace?stream=1, NDJSON), before the final result. */
export interface TraceProgress {
  type: "progress";
  scanned: number;
  scannedTopics: number;
  totalTopics: number;
  hits: number;
  elapsedMs: number;
}

export type TraceStreamLine = TraceProgress | { type: "result"; result: TraceResult } | { type: "error"; error: { code: string; message: string } };
