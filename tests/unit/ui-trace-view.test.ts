// The trace page's pure parts (issue 12 items 4 and 10): hits kept as the stream brings them, and how
// far back each topic was read, in words and in the operator's zone.
import { describe, expect, it } from "vitest";
import { formatTime } from "@/lib/client/format";
import { coverageLines, coverageSentence, coverageSummary, truncationSentence } from "@/lib/client/trace-coverage";
import { applyTraceProgress, EMPTY_TRACE_LIVE } from "@/lib/client/trace-live";
import type { TopicCoverage, TraceHit, TraceProgress, TraceResult } from "@/lib/trace/types";

const progress = (found?: TraceHit[]): TraceProgress => ({ type: "progress", scanned: 10, scannedTopics: 1, totalTopics: 3, hits: found?.length ?? 0, elapsedMs: 250, ...(found ? { found } : {}) });
const old: TraceHit = { where: "topic", cluster: "k", topic: "orders", partition: 0, offset: 0, timestamp: "2026-12-06T20:00:00.000Z", source: "topics" };
const dlq: TraceHit = { where: "dlq", cluster: "k", topic: "orders.dlq", partition: 0, offset: 4, timestamp: "2026-12-06T21:00:00.000Z", source: "topics" };
const record: TraceHit = { where: "idempotency", store: "redis", key: "processed:e1", status: "processed", source: "idempotency" };

describe("hits as the stream brings them", () => {
  it("keeps every hit of every progress line, one per place, oldest first", () => {
    let live = applyTraceProgress(EMPTY_TRACE_LIVE, progress());
    expect(live.found).toEqual([]);
    live = applyTraceProgress(live, progress([dlq]));
    live = applyTraceProgress(live, progress([record, old]));
    // Lines without `found` keep what was found; the same DLQ message again is one row.
    live = applyTraceProgress(live, progress());
    live = applyTraceProgress(live, progress([{ ...dlq, matchedBy: "key" }]));
    expect(live.found.map((hit) => hit.topic ?? hit.store)).toEqual(["orders", "orders.dlq", "redis"]);
    expect(live.found[1]).toMatchObject({ matchedBy: "key" });
    expect(live.progress?.elapsedMs).toBe(250);
  });

  it("copes with a line whose found is not a list", () => {
    const live = applyTraceProgress(EMPTY_TRACE_LIVE, { ...progress(), found: "nonsense" as unknown as TraceHit[] });
    expect(live.found).toEqual([]);
  });
});

const partial: TopicCoverage = {
  cluster: "k",
  topic: "orders",
  scanned: 3_000,
  complete: false,
  partitions: [
    { partition: 0, low: 0, high: 5_000, from: 3_000, fromTime: "2026-12-06T20:10:00.000Z" },
    { partition: 1, low: 100, high: 4_100, from: 3_100, fromTime: "2026-12-06T20:30:00.000Z" },
  ],
};
const whole: TopicCoverage = {
  cluster: "n",
  topic: "PAYMENTS",
  scanned: 1_501,
  complete: true,
  partitions: [{ partition: 0, low: 1, high: 1_502, from: 1, fromTime: "2026-12-06T19:00:00.000Z" }],
};
const empty: TopicCoverage = { cluster: "k", topic: "idle", scanned: 0, complete: true, partitions: [{ partition: 0, low: 7, high: 7, from: 7 }] };
const utc = (iso: string) => formatTime(iso, { zone: "utc", milliseconds: true });

describe("how far back the trace looked", () => {
  it("says per topic: back to when, N of M messages, stopped by the budget or everything retained", () => {
    const lines = coverageLines([whole, empty, partial], []);
    const text = lines.map((line) => coverageSentence(line, utc));
    // The budget-stopped topic first, then the whole ones by cluster and name.
    expect(text).toEqual([
      // Partial: every partition was read back to 20:30 at least (the least-covered partition).
      "looked back to 2026-12-06 20:30:00.000 UTC in orders (k): 3,000 of 9,000 messages, stopped by the time budget",
      "idle (k): empty",
      "looked back to 2026-12-06 19:00:00.000 UTC in PAYMENTS (n): 1,501 of 1,501 messages, everything retained",
    ]);
  });

  it("lists the topics where the id was found first", () => {
    const lines = coverageLines([partial, whole], [{ ...old, cluster: "n", topic: "PAYMENTS" }, record]);
    expect(lines.map((line) => [line.topic, line.hits])).toEqual([["PAYMENTS", 1], ["orders", 0]]);
  });

  it("writes its times with the formatter it is given (the UTC/local switch)", () => {
    const [line] = coverageLines([whole], []);
    expect(coverageSentence(line!, (iso) => formatTime(iso, { zone: "local" }))).toContain(`looked back to ${formatTime(whole.partitions[0]!.fromTime!, { zone: "local" })} in`);
    expect(coverageSentence(line!, (iso) => `<${iso}>`)).toContain("<2026-12-06T19:00:00.000Z>");
  });

  it("reads without a time when no message time is known, and never trusts a bad one", () => {
    const noTime: TopicCoverage = { ...partial, partitions: partial.partitions.map(({ fromTime: _drop, ...rest }) => rest) };
    expect(coverageSentence(coverageLines([noTime], [])[0]!, utc)).toBe("read orders (k): 3,000 of 9,000 messages, stopped by the time budget");
    const badTime: TopicCoverage = { ...whole, partitions: [{ ...whole.partitions[0]!, fromTime: "not a time" }] };
    expect(coverageSentence(coverageLines([badTime], [])[0]!, utc)).toBe("read PAYMENTS (n): 1,501 of 1,501 messages, everything retained");
  });

  it("sums up and explains a partial trace from its figures, never the server's raw ISO sentence", () => {
    const result: Pick<TraceResult, "truncated" | "totalTopics" | "sources" | "limits"> = {
      truncated: true,
      totalTopics: 5,
      limits: { perTopic: 1_000, budgetMs: 10_000 },
      sources: [{ source: "idempotency", status: "ok" }, { source: "topics", status: "partial", coverage: [partial, whole, empty] }],
    };
    expect(coverageSummary(result)).toEqual({ total: 5, complete: 2, stopped: 1, notRead: 2 });
    expect(truncationSentence(result)).toBe("the time budget of 10 s ran out: 2 of 5 topics read to their start, 1 stopped part way, 2 not read");
    expect(truncationSentence({ ...result, truncated: false })).toBeNull();
  });
});
