// What the trace page shows while the scan runs: every progress line of GET /api/v1/trace?stream=1
// may carry the hits found since the previous one (`found`); they are kept, one per place, oldest
// first, so the page lists them as they arrive instead of waiting for the result. Pure, unit-tested.
import { mergeHits } from "@/lib/trace/build-timeline";
import type { TraceHit, TraceProgress } from "@/lib/trace/types";

export interface TraceLive {
  /** The latest progress line (counters), null before the first. */
  progress: TraceProgress | null;
  /** Every hit streamed so far, one per place (a DLQ message found twice is one row). */
  found: TraceHit[];
}

export const EMPTY_TRACE_LIVE: TraceLive = { progress: null, found: [] };

export function applyTraceProgress(live: TraceLive, progress: TraceProgress): TraceLive {
  const found = Array.isArray(progress.found) && progress.found.length > 0 ? mergeHits([...live.found, ...progress.found]) : live.found;
  return { progress, found };
}

/** A stable React key for a hit's place. */
export function hitKey(hit: TraceHit): string {
  return `${hit.where}|${hit.cluster}|${hit.topic}|${hit.partition}|${hit.offset}|${hit.store}|${hit.key}`;
}
