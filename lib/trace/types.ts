// Shapes of GET /api/v1/trace, shared by the server and the browser. Plain types only.
import type { TraceProcessingOutcome } from "@/lib/metrics-sources/types";

/** outbox: a row of an outbox table (lib/outbox) recording the event, before it reached a topic. */
export type TraceWhere = "topic" | "dlq" | "idempotency" | "outbox";

/** One place an event id was found. The fields of API.md first; the rest explain the hit. */
export interface TraceHit {
  where: TraceWhere;
  cluster?: string;
  topic?: string;
  partition?: number;
  offset?: number;
  /** Where messages carry an id (Redis Streams' entry id): the message's exact position (offset is only positional). */
  id?: string;
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
  originalId?: string;
  /** Set on a message that is a requeued copy (x-eventscope-requeued-from): where it came from. */
  requeuedFrom?: string;
  /** Idempotency records: seconds to expiry (null: never) and who processed the event. */
  ttlSeconds?: number | null;
  consumer?: string;
  /** Which trace source found it ("topics", "idempotency", "dlq"). */
  source?: string;
  /** The message's distributed trace (lib/trace-links: traceparent / uber-trace-id, unless masked), and the configured link to it. */
  traceId?: string;
  traceIdFrom?: "traceparent" | "uber-trace-id";
  traceUrl?: string;
}

/** outboxed: written to an outbox table (the row, with its status), the story's first step. */
export type TimelineKind = "outboxed" | "published" | "failed" | "dead-lettered" | "requeued" | "processed";

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
/** in-outbox: only an outbox row was found (not yet published, or published beyond what the scan read). */
export type TraceOutcome = "processed" | "dead-lettered" | "dead-lettered-again" | "requeued" | "published" | "in-outbox" | "not-found";

/** How far back the trace read one topic. */
export interface TopicCoverage {
  cluster: string;
  topic: string;
  /** Messages read in this topic. */
  scanned: number;
  /** Read back to the log start of every partition (everything the topic retains). */
  complete: boolean;
  /** Per partition: everything in [from, high) was read; fromTime is the time of the message at `from`. */
  partitions: { partition: number; low: number; high: number; from: number; fromTime?: string }[];
}

export interface TraceSourceReport {
  source: string;
  status: "ok" | "partial" | "error";
  error?: string;
  /** Topics: how far back each topic was read. */
  coverage?: TopicCoverage[];
  /** Topics: per cluster, whether it could be searched. */
  clusters?: { cluster: string; status: "ok" | "down" | "partial"; error?: string; topics: number; scannedTopics: number }[];
  /** Idempotency: per store. */
  stores?: { store: string; status: "ok" | "down" | "misconfigured" | "skipped"; error?: string }[];
}

export interface TraceLimits {
  /** The first, newest window read per topic (spread over its partitions); older ones follow, each twice as big, within the budget. */
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
  /** Processing outcomes of the event's type on the topics it was found on (metrics sources): aggregate counters, not this event. */
  processing?: TraceProcessingOutcome[];
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
  /** Hits found since the previous progress line, as they are found (the result has them all, with DLQ statuses). */
  found?: TraceHit[];
}

export type TraceStreamLine = TraceProgress | { type: "result"; result: TraceResult } | { type: "error"; error: { code: string; message: string } };
