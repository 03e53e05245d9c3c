import { describe, expect, it } from "vitest";
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { deriveCycle, type CommitTracker } from "@/lib/metrics/derive-cycle";
import { topicRateHistory, groupLagHistory } from "@/lib/metrics/history";
import { LiveBus } from "@/lib/metrics/live-bus";
import { parseWindow } from "@/lib/metrics/parse-window";
import { escapeLabel, renderMetrics } from "@/lib/metrics/prometheus";
import { SeriesBook } from "@/lib/metrics/ring-series";

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
  const commits: CommitTracker = new Map();
  let figures;
  for (let s = 0; s <= untilSeconds; s += intervalSeconds) figures = deriveCycle(book, snapshotAt(s), commits, { intervalMs: intervalSeconds * 1000 });
  return { book, figures: figures! };
}

describe("deriveCycle", () => {
  it("measures topic and cluster rates, unknown until two samples", () => {
    const first = deriveCycle(new SeriesBook(10), snapshotAt(0), new Map(), { intervalMs: 5000 });
    expect(first.topics.get("orders")!.msgsPerSec).toBeNull();
    const { figures } = run(15);
    expect(figures.topics.get("orders")!.msgsPerSec).toBe(10);
    expect(figures.topics.get("orders")!.bytesPerSec).toBe(1000);
    expect(figures.msgsPerSec).toBe(10);
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
