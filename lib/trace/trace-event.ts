import "server-only";
import type { Actor } from "@/lib/auth/roles";
import { addDlqStatuses } from "@/lib/dlq/dlq-trace-status";
import { processingOutcomesOfHits } from "@/lib/metrics-sources/registry";
import { buildTimeline, mergeHits, traceOutcome } from "./build-timeline";
import { TRACE_SOURCES, type TraceSource } from "./trace-sources";
import type { ScanCounters } from "./topic-scan";
import type { TraceHit, TraceProgress, TraceResult } from "./types";

export const DEFAULT_TRACE_PER_TOPIC = 1_000;
export const DEFAULT_TRACE_BUDGET_MS = 10_000;
const PROGRESS_EVERY_MS = 250;

export interface TraceOptions {
  perTopic?: number;
  budgetMs?: number;
  /** Scope of the topic scan: one cluster; topics by exact name or glob. */
  cluster?: string;
  topic?: string;
  /** Called every quarter second while the scan runs. */
  onProgress?: (progress: TraceProgress) => void;
  signal?: AbortSignal;
  /** Who asks: without the clear-values permission, masked fields are never matched. Default: masked. */
  actor?: Pick<Actor, "canSeeClearValues">;
  /** Defaults to TRACE_SOURCES; tests may pass their own. */
  sources?: TraceSource[];
}

/** Every place an event id is found, and its story: all sources in parallel, within one time budget. */
export async function traceEvent(id: string, options: TraceOptions = {}): Promise<TraceResult> {
  const started = Date.now();
  const perTopic = options.perTopic ?? DEFAULT_TRACE_PER_TOPIC;
  const budgetMs = options.budgetMs ?? DEFAULT_TRACE_BUDGET_MS;
  const sources = options.sources ?? TRACE_SOURCES;
  const counters: ScanCounters = { scanned: 0, scannedTopics: 0, totalTopics: 0, hits: 0 };
  const context = {
    id,
    deadline: started + budgetMs,
    perTopic,
    cluster: options.cluster,
    topic: options.topic,
    counters,
    skipDlqTopics: sources.some((source) => source.coversDlqTopics),
    timeHints: [] as string[],
    onHit: undefined as ((hit: TraceHit) => void) | undefined,
    signal: options.signal,
    canSeeClearValues: options.actor?.canSeeClearValues === true,
  };
  // Hits are streamed with the progress lines as they are found.
  const found: TraceHit[] = [];
  if (options.onProgress) context.onHit = (hit: TraceHit) => found.push(hit);
  const report = () =>
    options.onProgress?.({ type: "progress", ...counters, elapsedMs: Date.now() - started, ...(found.length > 0 ? { found: found.splice(0) } : {}) });
  const ticker = options.onProgress ? setInterval(report, PROGRESS_EVERY_MS) : undefined;
  try {
    // A first line at once (the client shows the scan has started) and a last one with the final counts.
    report();
    // Direct lookups first (milliseconds); when a record says when the event was processed, the
    // topic scan also reads around that time, so a publish older than the newest messages is found.
    const first = await Promise.all(sources.filter((source) => source.firstPass).map((source) => source.run(context)));
    context.timeHints = first.flatMap((output) => output.hits.flatMap((hit) => (hit.timestamp ? [hit.timestamp] : [])));
    if (options.onProgress) found.push(...first.flatMap((output) => output.hits));
    const rest = await Promise.all(sources.filter((source) => !source.firstPass).map((source) => source.run(context)));
    const outputs = [...first, ...rest];
    report();
    const hits = mergeHits(outputs.flatMap((output) => output.hits));
    // What operators did with a dead-lettered copy (requeued, discarded) is in the database, not the topic.
    await addDlqStatuses(hits).catch(() => undefined);
    const timeline = buildTimeline(hits);
    // What the services' counters say of the event's type (aggregate); a broken config must not break the trace.
    let processing: TraceResult["processing"] = [];
    try {
      processing = processingOutcomesOfHits(hits);
    } catch {
      processing = [];
    }
    const reasons = outputs.flatMap((output) => (output.truncatedReason ? [output.truncatedReason] : []));
    return {
      id,
      hits,
      scanned: counters.scanned,
      scannedTopics: counters.scannedTopics,
      totalTopics: counters.totalTopics,
      truncated: outputs.some((output) => output.truncated),
      ...(reasons.length > 0 ? { truncatedReason: reasons.join("; ") } : {}),
      limits: { perTopic, budgetMs, ...(options.cluster ? { cluster: options.cluster } : {}), ...(options.topic ? { topic: options.topic } : {}) },
      timeline,
      outcome: traceOutcome(hits, timeline),
      sources: outputs.map((output) => output.report),
      ...(processing.length > 0 ? { processing } : {}),
      tookMs: Date.now() - started,
    };
  } finally {
    if (ticker) clearInterval(ticker);
  }
}
