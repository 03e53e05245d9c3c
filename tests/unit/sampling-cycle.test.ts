import { describe, expect, it } from "vitest";
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { deriveCycle, type CommitTracker, newCommitTracker } from "@/lib/metrics/derive-cycle";
import { isInternalTopicName } from "@/lib/brokers/internal-topics";
import { clusterFigures } from "@/lib/clusters/cluster-views";
import { clusterRateHistory, groupLagHistory, partitionLagHistory, topicRateHistory } from "@/lib/metrics/history";
import { LiveBus } from "@/lib/metrics/live-bus";
import { parseWindow } from "@/lib/metrics/parse-window";
import { escapeLabel, renderMetrics } from "@/lib/metrics/prometheus";
import { SeriesBook } from "@/lib/metrics/ring-series";
import { ClusterSampler } from "@/lib/metrics/sampler";
import { keys } from "@/lib/metrics/series-keys";

// A topic receiving 10 msg/s on one partition, read by a group that stops committing after t = 20 s.
function snapshotAt(seconds: number): ClusterSnapshot {
  const high = 1000 + seconds * 10;
  const committed = seconds <= 20 ? high - 5 : 1000 + 20 * 10 - 5;
  return {
    at: seconds * 1000,
    topics: [{ name: "orders", partitions: [{ partition: 0, low: 0, high, messages: high }], bytes: high * 100 }],
    consumers: [
      {
        group: "billing",
        state: "Stable",
        members: 1,
        topics: ["orders"],
        lag: high - committed,
        partitions: [{ topic: "orders", partition: 0, committed, high, lag: high - committed }],
      },
    ],
  };
}

function run(untilSeconds: number, intervalSeconds = 5) {
  const book = new SeriesBook(100);
  const commits: CommitTracker = newCommitTracker();
  let figures;
  for (let s = 0; s <= untilSeconds; s += intervalSeconds) figures = deriveCycle(book, snapshotAt(s), commits, { intervalMs: intervalSeconds * 1000 });
  return { book, figures: figures! };
}

describe("deriveCycle", () => {
  it("measures topic and cluster rates, unknown until two samples", () => {
    const first = deriveCycle(new SeriesBook(10), snapshotAt(0), newCommitTracker(), { intervalMs: 5000 });
    expect(first.topics.get("orders")!.msgsPerSec).toBeNull();
    const { figures } = run(15);
    expect(figures.topics.get("orders")!.msgsPerSec).toBe(10);
    expect(figures.topics.get("orders")!.bytesPerSec).toBe(1000);
    expect(figures.msgsPerSec).toBe(10);
  });

  it("never shows negative bytes/s when a size drops (Kafka retention deleting a segment)", () => {
    const book = new SeriesBook(20);
    const at = (seconds: number, bytes: number | null): ClusterSnapshot => ({
      at: seconds * 1000,
      topics: [{ name: "logs", partitions: [{ partition: 0, low: 0, high: seconds, messages: seconds }], bytes }],
      consumers: [],
    });
    const bytesPerSec = (seconds: number, bytes: number | null) => deriveCycle(book, at(seconds, bytes), newCommitTracker(), { intervalMs: 5000 }).topics.get("logs")!.bytesPerSec;
    expect(bytesPerSec(0, 50_000)).toBeNull();
    expect(bytesPerSec(5, 55_000)).toBe(1000);
    // Retention deletes 40 kB: that interval is left out, the growth before it still counts.
    expect(bytesPerSec(10, 15_000)).toBe(1000);
    expect(bytesPerSec(15, 25_000)).toBe(1500); // (5000 + 10000) over the 10 s that grew
    // Unknown sizes (a broker without DescribeLogDirs) give unknown throughput, not 0.
    const other = new SeriesBook(20);
    deriveCycle(other, at(0, null), newCommitTracker(), { intervalMs: 5000 });
    expect(deriveCycle(other, at(5, null), newCommitTracker(), { intervalMs: 5000 }).topics.get("logs")!.bytesPerSec).toBeNull();
    // A window in which the size only dropped is unknown, not negative.
    const dropping = new SeriesBook(20);
    deriveCycle(dropping, at(0, 9000), newCommitTracker(), { intervalMs: 5000 });
    const figures = deriveCycle(dropping, at(5, 1000), newCommitTracker(), { intervalMs: 5000 });
    expect(figures.topics.get("logs")!.bytesPerSec).toBeNull();
    expect(figures.bytesPerSec).toBeNull();
  });

  it("keeps a consuming group OK with lag seconds from interpolation", () => {
    const { figures } = run(20);
    const group = figures.groups.get("billing")!;
    expect(group.status).toBe("OK");
    expect(group.lag).toBe(5);
    expect(group.lagSeconds).toBeCloseTo(0.4); // message 1195 was produced when the log end reached 1196
    expect(group.consumeRate).toBe(10);
  });

  it("turns a group that stopped committing into ERR with a reason, and lag seconds grow", () => {
    const early = run(40).figures.groups.get("billing")!;
    const late = run(90).figures.groups.get("billing")!;
    expect(late.status).toBe("ERR");
    expect(["STOP", "STALL"]).toContain(late.detail);
    expect(late.reason).toMatch(/lag/);
    expect(late.lagSeconds!).toBeGreaterThan(early.lagSeconds!);
    expect(late.drainSeconds).toBeNull();
  });

  it("feeds chart history", () => {
    const { book } = run(20);
    expect(topicRateHistory(book, "orders", 0).map((p) => p.msgsPerSec)).toEqual([10, 10, 10, 10]);
    expect(groupLagHistory(book, "billing", 0).map((p) => p.lag)).toEqual([5, 5, 5, 5, 5]);
  });
});

describe("prometheus text", () => {
  it("uses kafka-lag-exporter names and escapes labels", () => {
    const { figures } = run(20);
    const text = renderMetrics([{ id: "local", kind: "kafka", figures }]);
    expect(text).toContain('kafka_consumergroup_group_lag{cluster_name="local",group="billing",topic="orders",partition="0"} 5');
    expect(text).toContain('kafka_partition_latest_offset{cluster_name="local",topic="orders",partition="0"} 1200');
    expect(text).toContain('eventscope_consumergroup_status{cluster_name="local",group="billing"} 0');
    expect(text).toContain("# TYPE kafka_consumergroup_group_lag_seconds gauge");
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });

  it("reports each sampler's health, also for a cluster that is down and has no figures", () => {
    const { figures } = run(20);
    const text = renderMetrics([
      { id: "local", kind: "kafka", figures, up: true, lastCycleMs: 1250, intervalMs: 1000 },
      { id: "gone", kind: "nats", figures: undefined, up: false, intervalMs: 5000 },
    ]);
    expect(text).toContain('eventscope_cluster_up{cluster_name="local",kind="kafka"} 1');
    expect(text).toContain('eventscope_cluster_up{cluster_name="gone",kind="nats"} 0');
    expect(text).toContain('eventscope_sampler_cycle_seconds{cluster_name="local"} 1.25');
    expect(text).toContain('eventscope_sampler_interval_seconds{cluster_name="gone"} 5');
    expect(text).not.toContain('jetstream_');
  });
});

describe("live bus", () => {
  it("replays events after the last id and fans out to subscribers", () => {
    const bus = new LiveBus(3);
    const received: number[] = [];
    const unsubscribe = bus.subscribe((event) => received.push(event.id));
    for (let i = 0; i < 5; i++) bus.publish({ cluster: "c", t: i, msgsPerSec: null, bytesPerSec: null, topics: [], consumers: [] });
    expect(received).toEqual([1, 2, 3, 4, 5]);
    expect(bus.since(3).map((event) => event.id)).toEqual([4, 5]);
    expect(bus.since(0).map((event) => event.id)).toEqual([3, 4, 5]);
    unsubscribe();
    expect(bus.subscriberCount).toBe(0);
  });

  it("keeps fewer events of a large cluster (bounded by topics and groups held), but always the newest", () => {
    const bus = new LiveBus(24, 10);
    const topics = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `t${i}`, msgsPerSec: null, bytesPerSec: null, messages: null }));
    for (let i = 0; i < 5; i++) bus.publish({ cluster: "c", t: i, msgsPerSec: null, bytesPerSec: null, topics: topics(4), consumers: [] });
    expect(bus.since(0).map((event) => event.id)).toEqual([4, 5]);
    bus.publish({ cluster: "c", t: 5, msgsPerSec: null, bytesPerSec: null, topics: topics(30), consumers: [] });
    expect(bus.since(0).map((event) => event.id)).toEqual([6]);
    for (let i = 0; i < 3; i++) bus.publish({ cluster: "c", t: 6 + i, msgsPerSec: null, bytesPerSec: null, topics: [], consumers: [] });
    expect(bus.since(0).map((event) => event.id)).toEqual([7, 8, 9]);
  });
});

describe("parseWindow", () => {
  it("reads operator windows and refuses nonsense", () => {
    expect(parseWindow("5m")).toBe(300_000);
    expect(parseWindow("7d")).toBe(604_800_000);
    expect(parseWindow(undefined)).toBe(900_000);
    expect(parseWindow("8d")).toBeNull();
    expect(parseWindow("yesterday")).toBeNull();
    expect(parseWindow("0m")).toBeNull();
  });
});

// One partition: log end at `high`, low watermark `low`, group committed at `committed`.
function onePartition(seconds: number, high: number, committed: number | null, low = 0): ClusterSnapshot {
  const lag = committed === null ? high - low : Math.max(0, high - Math.max(committed, low));
  return {
    at: seconds * 1000,
    topics: [
      { name: "orders", partitions: [{ partition: 0, low, high, messages: high - low }], bytes: null },
      { name: "__consumer_offsets", partitions: [{ partition: 0, low: 0, high: 7, messages: 7 }], bytes: null },
    ],
    consumers: [
      {
        group: "billing",
        state: "Stable",
        members: 1,
        topics: ["orders"],
        lag,
        partitions: [{ topic: "orders", partition: 0, committed, high, lag, ...(committed === null ? { noCommit: true } : {}) }],
      },
    ],
  };
}

describe("deriveCycle: correctness at the edges", () => {
  it("reports 0 s when the lag is 0, also when the commit is below the log start (retention removed the rest)", () => {
    const book = new SeriesBook(100);
    const commits: CommitTracker = newCommitTracker();
    deriveCycle(book, onePartition(0, 100, 50, 50), commits, { intervalMs: 5000 });
    deriveCycle(book, onePartition(5, 200, 50, 150), commits, { intervalMs: 5000 });
    // Retention moved the log start past everything: lag 0 although committed (50) < high (300).
    const figures = deriveCycle(book, onePartition(10, 300, 50, 300), commits, { intervalMs: 5000 });
    const group = figures.groups.get("billing")!;
    expect(group.lag).toBe(0);
    expect(group.lagSeconds).toBe(0);
    expect(group.partitions[0].lagSeconds).toBe(0);
  });

  it("marks lag seconds as a lower bound when the commit is older than the history, on the partition and the group", () => {
    const book = new SeriesBook(100);
    const commits: CommitTracker = newCommitTracker();
    deriveCycle(book, onePartition(0, 1000, 10), commits, { intervalMs: 5000 });
    const figures = deriveCycle(book, onePartition(5, 1100, 10), commits, { intervalMs: 5000 });
    const group = figures.groups.get("billing")!;
    expect(group.lagSeconds).toBe(5);
    expect(group.lagSecondsAtLeast).toBe(true);
    expect(group.partitions[0].lagSecondsAtLeast).toBe(true);
    // Once the history reaches back to the commit the estimate is exact again.
    const caughtUp = deriveCycle(book, onePartition(10, 1200, 1050), commits, { intervalMs: 5000 }).groups.get("billing")!;
    expect(caughtUp.lagSecondsAtLeast).toBeUndefined();
    expect(caughtUp.lagSeconds).toBeCloseTo(7.45);
  });

  it("keeps no per-partition lag series where lag is high - committed, yet charts the partition lag", () => {
    const { book } = run(20);
    expect(book.has(keys.partitionLag("billing", "orders", 0))).toBe(false);
    const history = partitionLagHistory(book, "billing", "orders", 0, 0);
    expect(history.map((p) => p.lag)).toEqual([5, 5, 5, 5, 5]);
    expect(history[4].lagSeconds).toBeCloseTo(0.4);
  });

  it("keeps a lag series for a partition with no commit, where lag is not high - committed", () => {
    const book = new SeriesBook(100);
    const commits: CommitTracker = newCommitTracker();
    deriveCycle(book, onePartition(0, 40, null, 10), commits, { intervalMs: 5000 });
    deriveCycle(book, onePartition(5, 50, null, 10), commits, { intervalMs: 5000 });
    expect(book.has(keys.partitionLag("billing", "orders", 0))).toBe(true);
    expect(partitionLagHistory(book, "billing", "orders", 0, 0)).toEqual([
      { t: new Date(0).toISOString(), lag: 30, lagSeconds: null },
      { t: new Date(5000).toISOString(), lag: 40, lagSeconds: null },
    ]);
  });

  it("stores no rate point until a series has two samples", () => {
    const book = new SeriesBook(100);
    const commits: CommitTracker = newCommitTracker();
    const first = deriveCycle(book, onePartition(0, 100, 90), commits, { intervalMs: 5000 });
    expect(first.msgsPerSec).toBeNull();
    expect(first.groups.get("billing")!.consumeRate).toBeNull();
    expect(clusterRateHistory(book, 0)).toEqual([]);
    expect(topicRateHistory(book, "orders", 0)).toEqual([]);
    deriveCycle(book, onePartition(5, 150, 140), commits, { intervalMs: 5000 });
    expect(topicRateHistory(book, "orders", 0).map((p) => p.msgsPerSec)).toEqual([10]);
  });

  it("counts user topics only: the broker's own (__consumer_offsets) are left out", () => {
    const figures = deriveCycle(new SeriesBook(10), onePartition(0, 100, 90), newCommitTracker(), { intervalMs: 5000 });
    expect(figures.topics.size).toBe(2);
    expect(clusterFigures(figures, "kafka").topicCount).toBe(1);
    expect(isInternalTopicName("__consumer_offsets")).toBe(true);
    expect(isInternalTopicName("orders")).toBe(false);
  });
});

describe("ClusterSampler live payload", () => {
  it("pushes drain estimate, consume rate and the at-least flag with each group", async () => {
    const bus = new LiveBus();
    const snapshots = [onePartition(0, 1000, 10), onePartition(5, 1100, 60)];
    const sampler = new ClusterSampler({ id: "c", name: "c", kind: "kafka", brokers: ["127.0.0.1:1"] }, bus, {
      connector: () => ({ snapshot: async () => snapshots.shift()! }) as never,
      onSuccess: () => undefined,
      onFailure: (error) => {
        throw error;
      },
    });
    await sampler.sampleOnce();
    await sampler.sampleOnce();
    const [consumer] = bus.since(1)[0].consumers;
    expect(consumer).toMatchObject({ group: "billing", lag: 1040, consumeRate: 10, drainSeconds: null, lagSecondsAtLeast: true });
    expect(consumer.lagSeconds).toBe(5);
    expect(sampler.book.isCompact(keys.partitionHigh("orders", 0))).toBe(true);
  });

  it("keeps a short replay buffer by default (events carry the whole cluster)", () => {
    const bus = new LiveBus();
    for (let i = 0; i < 100; i++) bus.publish({ cluster: "c", t: i, msgsPerSec: null, bytesPerSec: null, topics: [], consumers: [] });
    expect(bus.since(0).length).toBeLessThanOrEqual(30);
    expect(bus.since(99).map((event) => event.id)).toEqual([100]);
  });
});
