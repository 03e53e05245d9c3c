import { describe, expect, it } from "vitest";
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { runInSlices, runToEnd } from "@/lib/event-loop/run-in-slices";
import { deriveCycle, deriveCycleInSlices, type CommitTracker, newCommitTracker } from "@/lib/metrics/derive-cycle";
import { estimateLagSeconds } from "@/lib/metrics/lag-seconds";
import { renderMetrics, renderMetricsInSlices } from "@/lib/metrics/prometheus";
import { SeriesBook } from "@/lib/metrics/ring-series";
import { createSeriesBook } from "@/lib/metrics/sampler";

// A cycle's derivation runs in slices on the server (requests are answered between them) and in one
// go elsewhere; both must give the same figures. Lag seconds are read without building points.

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("runInSlices", () => {
  function* countTo(n: number, seen: number[]): Generator<void, number> {
    for (let i = 1; i <= n; i++) {
      seen.push(i);
      yield;
    }
    return n * 10;
  }

  it("returns what the generator returns, as runToEnd does", async () => {
    expect(runToEnd(countTo(5, []))).toBe(50);
    expect(await runInSlices(countTo(5, []))).toBe(50);
  });

  it("gives the event loop a turn once a slice has used its time, and not before", async () => {
    let clock = 0;
    const seen: number[] = [];
    const steps = (function* () {
      for (let i = 1; i <= 6; i++) {
        seen.push(i);
        clock += 3; // each step takes 3 ms
        yield;
      }
      return "done";
    })();
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const observed: number[] = [];
    const running = runInSlices(steps, 8, () => clock);
    // Synchronously, the first slice ran: 3 steps reach 9 ms >= 8, then it waits for setImmediate.
    observed.push(seen.length);
    expect(await running).toBe("done");
    clearInterval(ticker);
    expect(observed).toEqual([3]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("SeriesBook.lagSecondsBack", () => {
  it("gives what estimateLagSeconds over pointsBackTo gives, on random log-end histories", { timeout: 60_000 }, () => {
    const next = random(17);
    for (let trial = 0; trial < 300; trial++) {
      const compact = trial % 2 === 0;
      const book = compact
        ? new SeriesBook(40, { isCompact: () => true, recent: 6, coarseStepMs: 20_000, coarseSlots: 5 })
        : new SeriesBook(40);
      let high = Math.floor(next() * 100);
      const samples = 1 + Math.floor(next() * 60);
      for (let s = 0; s < samples; s++) {
        book.beginSample(s * 5_000);
        if (next() < 0.1) continue; // a sample without this series (unknown)
        high += Math.floor(next() * 20);
        if (next() < 0.03) high = Math.floor(next() * 50); // topic recreated: the log end drops
        book.set("h", high);
      }
      const now = samples * 5_000;
      for (let probe = 0; probe < 10; probe++) {
        const committed = Math.floor(next() * (high + 10));
        const expected = estimateLagSeconds(
          book.pointsBackTo("h", (value) => value <= committed).map((p) => ({ t: p.t, offset: p.value })),
          committed,
          now,
        );
        const got = book.lagSecondsBack("h", committed, now);
        expect({ trial, committed, ...got }).toEqual({ trial, committed, ...expected });
        // The shortcut deriveCycle takes for a commit below every remembered log end, without a walk.
        const bounds = { oldestT: 0, oldestValue: 0, min: 0 };
        book.oldestAndMin("h", bounds);
        if (committed < bounds.min) expect(got).toEqual({ seconds: Math.max(0, (now - bounds.oldestT) / 1000), atLeast: true });
        const all = book.points("h");
        if (all.length > 0) {
          expect(bounds).toEqual({ oldestT: all[0].t, oldestValue: all[0].value, min: Math.min(...all.map((point) => point.value)) });
        }
      }
    }
  });

  it("is unknown for a series it does not hold", () => {
    const book = new SeriesBook(4);
    book.beginSample(0);
    expect(book.lagSecondsBack("nothing", 3, 1000)).toEqual({ seconds: null });
  });

  it("oldestAndMin reports the oldest known point and the smallest value", () => {
    const book = new SeriesBook(3);
    const into = { oldestT: 0, oldestValue: 0, min: 0 };
    book.oldestAndMin("h", into);
    expect(Number.isNaN(into.min)).toBe(true);
    for (const [t, value] of [[0, 9], [5, 4], [10, 7], [15, 8]]) {
      book.beginSample(t);
      book.set("h", value);
    }
    book.oldestAndMin("h", into); // capacity 3: the sample at t=0 is gone
    expect(into).toEqual({ oldestT: 5, oldestValue: 4, min: 4 });
  });
});

describe("deriveCycleInSlices", () => {
  // 40 topics x 4 partitions, 30 groups over 3 topics each; some groups consume, some stopped long ago.
  function snapshots(count: number): ClusterSnapshot[] {
    const next = random(5);
    const highs = new Map<string, number>();
    const committed = new Map<string, number>();
    const list: ClusterSnapshot[] = [];
    for (let cycle = 0; cycle < count; cycle++) {
      const topics = Array.from({ length: 40 }, (_, t) => ({
        name: `t${t}`,
        bytes: cycle * 100 + t,
        partitions: Array.from({ length: 4 }, (__, partition) => {
          const key = `t${t}/${partition}`;
          const high = (highs.get(key) ?? 0) + Math.floor(next() * 5);
          highs.set(key, high);
          return { partition, low: 0, high, messages: high };
        }),
      }));
      const consumers = Array.from({ length: 30 }, (_, g) => {
        const partitions = [0, 1, 2].flatMap((k) =>
          Array.from({ length: 4 }, (__, partition) => {
            const topic = `t${(g + k * 7) % 40}`;
            const key = `g${g}/${topic}/${partition}`;
            const high = highs.get(`${topic}/${partition}`)!;
            const stopped = g % 3 === 0;
            const value = stopped ? Math.min(committed.get(key) ?? 0, high) : Math.max(committed.get(key) ?? 0, high - Math.floor(next() * 6));
            committed.set(key, value);
            return { topic, partition, committed: value, high, lag: high - value };
          }),
        );
        return { group: `g${g}`, state: "Stable", members: 1, topics: [], lag: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
      });
      list.push({ at: cycle * 5_000, topics, consumers });
    }
    return list;
  }

  // Not about speed: generous timeouts, since a loaded CI machine may be slow.
  it("gives the same figures as deriveCycle, cycle after cycle", { timeout: 60_000 }, async () => {
    const all = snapshots(20);
    const straightBook = createSeriesBook(5_000);
    const slicedBook = createSeriesBook(5_000);
    const straightCommits: CommitTracker = newCommitTracker();
    const slicedCommits: CommitTracker = newCommitTracker();
    for (const snapshot of all) {
      const straight = deriveCycle(straightBook, snapshot, straightCommits, { intervalMs: 5_000 });
      const sliced = await deriveCycleInSlices(slicedBook, snapshot, slicedCommits, { intervalMs: 5_000 });
      expect(sliced).toEqual(straight);
    }
    expect([...slicedCommits]).toEqual([...straightCommits]);
    // The stopped groups' lag seconds are a lower bound once their commit is older than the history.
    const last = deriveCycle(straightBook, all[all.length - 1], straightCommits, { intervalMs: 5_000 });
    expect(last.groups.get("g0")!.status).not.toBe("OK");
  });

  it("forgets commits of group-partitions no longer in the snapshot", () => {
    const [first, second] = snapshots(2);
    const commits: CommitTracker = newCommitTracker();
    const book = createSeriesBook(5_000);
    deriveCycle(book, first, commits, { intervalMs: 5_000 });
    const before = commits.size;
    deriveCycle(book, { ...second, consumers: second.consumers.slice(1) }, commits, { intervalMs: 5_000 });
    expect(commits.size).toBe(before - 12);
  });
});

describe("renderMetricsInSlices", () => {
  it("writes the same exposition text as renderMetrics, with the server's own figures first", async () => {
    const book = createSeriesBook(5_000);
    const commits: CommitTracker = newCommitTracker();
    const snapshot: ClusterSnapshot = {
      at: 0,
      topics: [{ name: "t", bytes: 10, partitions: [{ partition: 0, low: 0, high: 5, messages: 5 }] }],
      consumers: [{ group: "g", state: "Stable", members: 1, topics: ["t"], lag: 2, partitions: [{ topic: "t", partition: 0, committed: 3, high: 5, lag: 2 }] }],
    };
    const figures = deriveCycle(book, snapshot, commits, { intervalMs: 5_000 });
    const clusters = [{ id: "c", kind: "kafka" as const, figures, up: true, lastCycleMs: 1234, intervalMs: 5_000 }];
    const server = { rssBytes: 200 * 2 ** 20, loopDelay: { p50Ms: 10, p99Ms: 25, maxMs: 40 } };
    const text = await renderMetricsInSlices(clusters, server);
    expect(text).toBe(renderMetrics(clusters, server));
    expect(text).toContain('eventscope_event_loop_delay_seconds{quantile="0.99"} 0.025');
    expect(text).toContain("eventscope_process_resident_memory_bytes{} 209715200");
    expect(text).toContain('kafka_consumergroup_group_lag{cluster_name="c",group="g",topic="t",partition="0"} 2');
  });
});
