import { describe, expect, it } from "vitest";
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { deriveCycle, type CommitTracker, newCommitTracker } from "@/lib/metrics/derive-cycle";
import { clusterRateHistory, groupLagHistory, joinStoredAndLive, memoryCovers, topicRateHistory } from "@/lib/metrics/history";
import { createSeriesBook } from "@/lib/metrics/sampler";
import { isCompactSeries, isPartitionSeries, keys } from "@/lib/metrics/series-keys";

// Issue 12 item 1: in the sampler's own book, cluster, topic and group series have a value at every
// sample of the hour; only per-partition series are thinned beyond five minutes.
function snapshotAt(seconds: number): ClusterSnapshot {
  const high = 1000 + seconds * 10;
  return {
    at: 1_800_000_000_000 + seconds * 1000,
    topics: [{ name: "orders", bytes: high * 100, partitions: [{ partition: 0, low: 0, high, messages: high }] }],
    consumers: [{ group: "billing", state: "Stable", members: 1, topics: ["orders"], lag: 5, partitions: [{ topic: "orders", partition: 0, committed: high - 5, high, lag: 5 }] }],
  };
}

describe("history without holes", () => {
  it("keeps cluster, topic and group series at sampling resolution for the whole hour", () => {
    const book = createSeriesBook(5_000);
    const commits: CommitTracker = newCommitTracker();
    for (let s = 0; s <= 3_600; s += 5) deriveCycle(book, snapshotAt(s), commits, { intervalMs: 5_000 });
    const from = 1_800_000_000_000;
    const cluster = clusterRateHistory(book, from);
    expect(cluster.length).toBeGreaterThan(700);
    expect(cluster.filter((point) => point.msgsPerSec === null)).toEqual([]);
    expect(cluster.filter((point) => point.bytesPerSec === null)).toEqual([]);
    const topic = topicRateHistory(book, "orders", from);
    expect(topic.length).toBe(cluster.length);
    expect(topic.filter((point) => point.msgsPerSec === null)).toEqual([]);
    const group = groupLagHistory(book, "billing", from);
    expect(group.length).toBeGreaterThan(700);
    expect(group.filter((point) => point.lag === null || point.lagSeconds === null)).toEqual([]);
  });

  it("only per-partition series are compact", () => {
    expect(isPartitionSeries(keys.clusterRate())).toBe(false);
    expect(isPartitionSeries(keys.clusterByteRate())).toBe(false);
    expect(isPartitionSeries(keys.topicRate("c"))).toBe(false);
    expect(isPartitionSeries(keys.groupLag("c"))).toBe(false);
    expect(isPartitionSeries(keys.committed("g", "t", 0))).toBe(true);
    expect(isPartitionSeries(keys.partitionHigh("t", 0))).toBe(true);
    expect(isPartitionSeries(keys.partitionLag("g", "t", 0))).toBe(true);
    for (const key of [keys.clusterRate(), keys.clusterByteRate(), keys.topicRate("c"), keys.groupLag("c"), keys.groupLagSeconds("c")]) {
      expect(isCompactSeries(key), JSON.stringify(key)).toBe(false);
    }
  });

  it("after a restart, joins the stored minutes older than memory to the live points", () => {
    const at = (minute: number, msgsPerSec: number) => ({ t: new Date(minute * 60_000).toISOString(), msgsPerSec, bytesPerSec: null });
    const stored = [at(1, 5), at(2, 6), at(3, 7)];
    const live = [at(2.5, 8), at(2.6, 9)];
    expect(joinStoredAndLive(stored, live)).toEqual([at(1, 5), at(2, 6), at(2.5, 8), at(2.6, 9)]);
    expect(joinStoredAndLive(stored, [])).toEqual(stored);
    const book = createSeriesBook(5_000);
    deriveCycle(book, snapshotAt(0), newCommitTracker(), { intervalMs: 5_000 });
    expect(memoryCovers(book, 1_800_000_000_000 - 3_600_000, 5_000)).toBe(false);
    expect(memoryCovers(book, 1_800_000_000_000 - 1_000, 5_000)).toBe(true);
  });
});
