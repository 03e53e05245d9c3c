// The story of one event from where it was found: published, failed N times, dead-lettered,
// requeued, processed. Pure; unit-tested on hand-made hits.
import type { TimelineEvent, TimelineKind, TraceHit, TraceOutcome } from "./types";

const KIND_ORDER: Record<TimelineKind, number> = { outboxed: -1, published: 0, failed: 1, "dead-lettered": 2, requeued: 3, processed: 4 };

function place(hit: TraceHit): string {
  const parts = [hit.topic ?? "?"];
  if (hit.cluster) parts.push(`(${hit.cluster})`);
  if (hit.partition !== undefined) parts.push(`partition ${hit.partition}`);
  if (hit.offset !== undefined) parts.push(`offset ${hit.offset}`);
  return parts.join(" ");
}

function formatTtl(seconds: number | null | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  if (seconds === null) return "never expires";
  if (seconds < 120) return `expires in ${seconds} s`;
  if (seconds < 7200) return `expires in ${Math.round(seconds / 60)} min`;
  return `expires in ${Math.round(seconds / 3600)} h`;
}

/** Timeline events for the hits, oldest first; events of unknown time come last, in story order. */
export function buildTimeline(hits: readonly TraceHit[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const publishedTopics = new Set<string>();
  // Oldest hits first, so "published again" is said of the later copy.
  const order = hits.map((hit, index) => ({ hit, index })).sort((a, b) => compareTimes(a.hit.timestamp, b.hit.timestamp));
  for (const { hit, index } of order) {
    if (hit.where === "topic") {
      if (hit.requeuedFrom) {
        events.push({ kind: "requeued", at: hit.timestamp, title: `Requeued to ${place(hit)}`, detail: `from ${hit.requeuedFrom}`, hits: [index] });
        continue;
      }
      const topicKey = `${hit.cluster ?? ""}|${hit.topic ?? ""}`;
      const again = publishedTopics.has(topicKey);
      publishedTopics.add(topicKey);
      events.push({
        kind: "published",
        at: hit.timestamp,
        title: `${again ? "Published again" : "Published"} to ${place(hit)}`,
        detail: [again ? "a duplicate of an earlier message with this id" : undefined, hit.matchedBy ? `matched by ${hit.matchedBy}` : undefined]
          .filter(Boolean)
          .join("; ") || undefined,
        hits: [index],
      });
    } else if (hit.where === "outbox") {
      events.push({
        kind: "outboxed",
        at: hit.timestamp,
        title: `Written to outbox ${hit.store ?? "?"}${hit.topic ? ` for ${hit.topic}` : ""}`,
        detail: [`row ${hit.key ?? "?"}`, hit.status ? `status ${hit.status}` : undefined, hit.attempts !== undefined ? `${hit.attempts} attempt${hit.attempts === 1 ? "" : "s"}` : undefined]
          .filter(Boolean)
          .join("; "),
        hits: [index],
      });
    } else if (hit.where === "dlq") {
      if (hit.attempts !== undefined || hit.error) {
        const count = hit.attempts;
        events.push({
          kind: "failed",
          // Failing comes just before dead-lettering; without its own time it shares the DLQ message's.
          at: hit.timestamp,
          title: count !== undefined ? `Failed ${count} time${count === 1 ? "" : "s"}` : "Failed",
          detail: hit.error,
          ...(count !== undefined ? { count } : {}),
          hits: [index],
        });
      }
      events.push({
        kind: "dead-lettered",
        at: hit.timestamp,
        title: `Dead-lettered to ${place(hit)}`,
        detail: [hit.originalTopic ? `from ${hit.originalTopic}` : undefined, hit.status ? `status ${hit.status}` : undefined].filter(Boolean).join("; ") || undefined,
        hits: [index],
      });
      if (hit.status === "requeued") {
        // Requeued after it was dead-lettered: placed right after it (the DLQ message's time, kind order),
        // so a copy that failed and landed in the DLQ again later ends the story, not this requeue.
        events.push({ kind: "requeued", at: hit.timestamp, title: `Requeued from ${hit.topic ?? "the DLQ"}`, detail: "after it was dead-lettered", hits: [index] });
      }
    } else {
      events.push({
        kind: "processed",
        at: hit.timestamp,
        title: `Processed${hit.consumer ? ` by ${hit.consumer}` : ""}`,
        detail: [`record ${hit.key ?? "?"} in ${hit.store ?? "?"}`, formatTtl(hit.ttlSeconds), hit.timestamp ? undefined : "time not recorded"]
          .filter(Boolean)
          .join("; "),
        hits: [index],
      });
    }
  }
  return events
    .map((event, position) => ({ event, position }))
    .sort((a, b) => {
      const timed = Number(a.event.at === undefined) - Number(b.event.at === undefined);
      if (timed !== 0) return timed;
      const byTime = compareTimes(a.event.at, b.event.at);
      if (byTime !== 0) return byTime;
      return KIND_ORDER[a.event.kind] - KIND_ORDER[b.event.kind] || a.position - b.position;
    })
    .map(({ event }) => event);
}

/** Where the story ends: a record means processed; else the latest of requeued, dead-lettered, published. */
export function traceOutcome(hits: readonly TraceHit[], timeline: readonly TimelineEvent[]): TraceOutcome {
  if (hits.some((hit) => hit.where === "idempotency")) return "processed";
  const last = [...timeline].reverse().find((event) => event.kind !== "failed" && event.kind !== "processed" && event.kind !== "outboxed");
  if (!last) return hits.some((hit) => hit.where === "outbox") ? "in-outbox" : "not-found";
  if (last.kind === "dead-lettered") return timeline.some((event) => event.kind === "requeued") ? "dead-lettered-again" : "dead-lettered";
  return last.kind === "requeued" ? "requeued" : "published";
}

function compareTimes(a: string | undefined, b: string | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return Date.parse(a) - Date.parse(b);
}

/**
 * One hit per place: the same DLQ message found by the topic scan and by the DLQ source is merged
 * (the richer fields win; the DLQ source knows the status). Sorted by time, unknown times last.
 */
export function mergeHits(hits: readonly TraceHit[]): TraceHit[] {
  const byPlace = new Map<string, TraceHit>();
  for (const hit of hits) {
    const place =
      hit.where === "idempotency" || hit.where === "outbox"
        ? `${hit.where}|${hit.store}|${hit.key}`
        : `message|${hit.cluster}|${hit.topic}|${hit.partition}|${hit.offset}`;
    const known = byPlace.get(place);
    if (!known) byPlace.set(place, { ...hit });
    else {
      const merged: TraceHit = { ...known };
      for (const [field, value] of Object.entries(hit) as [keyof TraceHit, unknown][]) {
        if (value !== undefined && (merged[field] === undefined || field === "status")) (merged as unknown as Record<string, unknown>)[field] = value;
      }
      if (hit.where === "dlq" || known.where === "dlq") merged.where = "dlq";
      byPlace.set(place, merged);
    }
  }
  return [...byPlace.values()].sort((a, b) => compareTimes(a.timestamp, b.timestamp));
}
