import { describe, expect, it } from "vitest";
import { buildTimeline, traceOutcome } from "@/lib/trace/build-timeline";
import { coveredToStart, describeCoverage, nextChunk, type PartitionCoverage } from "@/lib/trace/scan-window";
import type { TraceHit } from "@/lib/trace/types";

describe("trace scan windows", () => {
  it("reads newest first, then windows twice as big further back, down to each partition's start", () => {
    const coverage: PartitionCoverage[] = [
      { partition: 0, low: 0, high: 5_000, from: 5_000 },
      { partition: 1, low: 4_000, high: 4_300, from: 4_300 },
    ];
    expect(nextChunk(coverage, 500)).toEqual([
      { partition: 0, start: 4_500, end: 5_000 },
      { partition: 1, start: 4_000, end: 4_300 },
    ]);
    coverage[0].from = 4_500;
    coverage[1].from = 4_000;
    expect(nextChunk(coverage, 1_000)).toEqual([{ partition: 0, start: 3_500, end: 4_500 }]);
    expect(coveredToStart(coverage)).toBe(false);
    coverage[0].from = 0;
    expect(nextChunk(coverage, 2_000)).toEqual([]);
    expect(coveredToStart(coverage)).toBe(true);
  });

  it("says how far back the least covered partition was read", () => {
    const coverage: PartitionCoverage[] = [
      { partition: 0, low: 0, high: 5_000, from: 3_500, fromTimeMs: Date.parse("2026-12-06T20:00:00Z") },
      { partition: 1, low: 0, high: 5_000, from: 3_000, fromTimeMs: Date.parse("2026-12-06T20:05:00Z") },
    ];
    expect(describeCoverage(coverage)).toBe("back to 2026-12-06T20:05:00.000Z (offset 3000 of 0..5000 in partition 1)");
  });
});

describe("trace outcome", () => {
  const dlqHit = (offset: number, at: string, status?: string): TraceHit => ({
    where: "dlq",
    cluster: "k",
    topic: "orders.dlq",
    partition: 0,
    offset,
    timestamp: at,
    attempts: 3,
    error: "boom",
    ...(status ? { status } : {}),
  });

  it("a requeued event that landed in the DLQ again is in the DLQ again, not requeued", () => {
    const hits: TraceHit[] = [
      { where: "topic", cluster: "k", topic: "orders", partition: 0, offset: 1, timestamp: "2026-12-06T20:00:00Z" },
      dlqHit(7, "2026-12-06T20:00:05Z", "requeued"),
      { where: "topic", cluster: "k", topic: "orders", partition: 0, offset: 40, timestamp: "2026-12-06T20:03:00Z", requeuedFrom: "orders.dlq/0-7" },
      dlqHit(9, "2026-12-06T20:03:05Z", "pending"),
    ];
    const timeline = buildTimeline(hits);
    expect(timeline.map((event) => event.kind)).toEqual(["published", "failed", "dead-lettered", "requeued", "requeued", "failed", "dead-lettered"]);
    expect(traceOutcome(hits, timeline)).toBe("dead-lettered-again");
  });

  it("requeued and not dead-lettered since is still requeued; dead-lettered once is dead-lettered", () => {
    const requeued = [dlqHit(7, "2026-12-06T20:00:05Z", "requeued")];
    expect(traceOutcome(requeued, buildTimeline(requeued))).toBe("requeued");
    const once = [dlqHit(7, "2026-12-06T20:00:05Z", "pending")];
    expect(traceOutcome(once, buildTimeline(once))).toBe("dead-lettered");
  });
});
