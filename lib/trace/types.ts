// Shapes of GET /api/v1/trace, shared by the server and the browser: the result is the contract's
// (lib/contract/idempotency.ts TraceResult), so traceEvent and the trace page cannot drift from
// openapi.json; the NDJSON progress lines (stream=1) are described only in its prose. Types only.
import type { TraceHit, TraceResult } from "@/lib/contract/idempotency";

export type { TraceHit, TraceResult };
export type TimelineEvent = TraceResult["timeline"][number];
export type TraceSourceReport = TraceResult["sources"][number];
export type TopicCoverage = NonNullable<TraceSourceReport["coverage"]>[number];
export type TraceLimits = TraceResult["limits"];

/** outbox: a row of an outbox table (lib/outbox) recording the event, before it reached a topic. */
export type TraceWhere = TraceHit["where"];

/** outboxed: written to an outbox table (the row, with its status), the story's first step. */
export type TimelineKind = TimelineEvent["kind"];

/** Where the story ends, in one word, for the summary line. */
/** in-outbox: only an outbox row was found (not yet published, or published beyond what the scan read). */
export type TraceOutcome = TraceResult["outcome"];

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
