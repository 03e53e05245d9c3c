// How far back a trace looked, per topic, in words an operator can check: "looked back to <time> in
// <topic>: N of M messages, stopped by the time budget" or "…, everything retained". Built from the
// structured coverage of GET /api/v1/trace (never from its truncatedReason, whose times are raw ISO),
// so every time goes through the console's one formatter and the UTC/local switch. Pure, unit-tested
// (tests/unit/ui-trace-view.test.ts).
import type { TopicCoverage, TraceHit, TraceResult } from "@/lib/trace/types";
import { formatDurationMs, formatInteger, pluralize } from "./format";

export type TimeFormatter = (iso: string) => string;

export interface CoverageLine {
  cluster: string;
  topic: string;
  /** Messages read. */
  scanned: number;
  /** Messages the topic retained when the scan began (sum over partitions of high - low). */
  retained: number;
  /** Read back to the log start of every partition. */
  complete: boolean;
  /**
   * Everything newer than this was read in every partition: the newest of the partitions' "read back
   * to" times (a complete topic: its oldest message). Absent when no message time is known.
   */
  lookedBackTo?: string;
  /** Hits the trace found in this topic. */
  hits: number;
}

const placeKey = (cluster: string | undefined, topic: string | undefined) => `${cluster ?? ""}\u0000${topic ?? ""}`;

function lookedBackTo(coverage: TopicCoverage): string | undefined {
  const times = coverage.partitions
    .filter((p) => p.high > p.low && p.fromTime !== undefined && Number.isFinite(Date.parse(p.fromTime)))
    .map((p) => Date.parse(p.fromTime!));
  if (times.length === 0) return undefined;
  // Complete: the whole log was read, so it goes back to the oldest message. Partial: only what is
  // newer than the least-covered partition's point was read everywhere.
  const at = coverage.complete ? Math.min(...times) : Math.max(...times);
  return new Date(at).toISOString();
}

/**
 * One line per topic read: topics where the id was found first, then those the budget stopped, then
 * those read whole; by cluster and name within each.
 */
export function coverageLines(coverage: readonly TopicCoverage[] | undefined, hits: readonly TraceHit[]): CoverageLine[] {
  const hitsByTopic = new Map<string, number>();
  for (const hit of hits) {
    if (hit.where === "idempotency") continue;
    const key = placeKey(hit.cluster, hit.topic);
    hitsByTopic.set(key, (hitsByTopic.get(key) ?? 0) + 1);
  }
  const rank = (line: CoverageLine) => (line.hits > 0 ? 0 : line.complete ? 2 : 1);
  return (coverage ?? [])
    .map((entry) => ({
      cluster: entry.cluster,
      topic: entry.topic,
      scanned: Math.max(0, entry.scanned),
      retained: entry.partitions.reduce((sum, p) => sum + Math.max(0, p.high - p.low), 0),
      complete: entry.complete,
      ...(lookedBackTo(entry) ? { lookedBackTo: lookedBackTo(entry) } : {}),
      hits: hitsByTopic.get(placeKey(entry.cluster, entry.topic)) ?? 0,
    }))
    .sort((a, b) => rank(a) - rank(b) || a.cluster.localeCompare(b.cluster) || a.topic.localeCompare(b.topic));
}

/** "stopped by the time budget" / "everything retained" / "empty". */
export function coverageStop(line: CoverageLine): string {
  if (line.retained === 0) return "empty";
  return line.complete ? "everything retained" : "stopped by the time budget";
}

/**
 * "looked back to 2026-12-06 21:40:05.123 UTC in orders.created (local-kafka): 1,200 of 5,400
 * messages, stopped by the time budget". Without a known time: "read orders.created (local-kafka): …".
 */
export function coverageSentence(line: CoverageLine, formatTime: TimeFormatter): string {
  const where = `${line.topic} (${line.cluster})`;
  if (line.retained === 0) return `${where}: empty`;
  const head = line.lookedBackTo ? `looked back to ${formatTime(line.lookedBackTo)} in ${where}` : `read ${where}`;
  return `${head}: ${formatInteger(line.scanned)} of ${formatInteger(line.retained)} messages, ${coverageStop(line)}`;
}

export interface CoverageSummary {
  /** Topics the scan was to read (all sources' topics in scope). */
  total: number;
  /** Read back to their start. */
  complete: number;
  /** Started but stopped by the budget. */
  stopped: number;
  /** Never reached before the budget ran out (or their broker was down). */
  notRead: number;
}

export function coverageSummary(result: Pick<TraceResult, "totalTopics" | "sources">): CoverageSummary {
  const coverage = result.sources.flatMap((source) => source.coverage ?? []);
  const complete = coverage.filter((entry) => entry.complete).length;
  const stopped = coverage.length - complete;
  return { total: result.totalTopics, complete, stopped, notRead: Math.max(0, result.totalTopics - coverage.length) };
}

/**
 * Why a trace is partial, from its figures: "the time budget of 10 s ran out: 230 of 240 topics were
 * read to their start, 8 stopped part way, 2 not read". Null when nothing stopped it.
 */
export function truncationSentence(result: Pick<TraceResult, "truncated" | "totalTopics" | "sources" | "limits">): string | null {
  if (!result.truncated) return null;
  const summary = coverageSummary(result);
  const parts = [`${formatInteger(summary.complete)} of ${pluralize(summary.total, "topic")} read to their start`];
  if (summary.stopped > 0) parts.push(`${formatInteger(summary.stopped)} stopped part way`);
  if (summary.notRead > 0) parts.push(`${formatInteger(summary.notRead)} not read`);
  return `the time budget of ${formatDurationMs(result.limits.budgetMs)} ran out: ${parts.join(", ")}`;
}
