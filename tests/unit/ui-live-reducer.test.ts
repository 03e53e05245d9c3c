import { describe, expect, it } from "vitest";
import type { ClustersResponse } from "@/lib/contract/clusters";
import type { RateHistoryResponse } from "@/lib/contract/common";
import type { ConsumerDetail, ConsumerHistoryResponse, ConsumersResponse } from "@/lib/contract/consumers";
import type { LiveEvent } from "@/lib/contract/system";
import type { TopicDetail, TopicsResponse } from "@/lib/contract/topics";
import {
  appendSeriesPoints,
  liveMeta,
  mergeLiveEvents,
  prepareLiveBatch,
  readLiveTarget,
} from "@/lib/client/live-reducer";

const T0 = Date.parse("2026-11-24T10:00:00.000Z");
const iso = (t: number) => new Date(t).toISOString();

function event(id: number, t: number, extra: Partial<LiveEvent> = {}): LiveEvent {
  return {
    id,
    cluster: "local-kafka",
    t,
    msgsPerSec: 100 + id,
    bytesPerSec: null,
    topics: [{ name: "orders.created", msgsPerSec: 40 + id, bytesPerSec: null, messages: 1000 + id }],
    consumers: [{ group: "billing-slow", lag: 500 + id, lagSeconds: 60 + id, status: "WARN", reason: `lag grew (${id})`, drainSeconds: null, consumeRate: null }],
    ...extra,
  };
}

function rateHistory(windowSeconds: number, times: number[]): RateHistoryResponse {
  return { window: windowSeconds, resolution: 5, points: times.map((t) => ({ t: iso(t), msgsPerSec: 1, bytesPerSec: null })) };
}

describe("prepareLiveBatch", () => {
  it("orders by sample time and drops duplicate ids and times", () => {
    const a = event(1, T0);
    const b = event(2, T0 + 5000);
    const c = event(3, T0 + 10_000);
    const batch = prepareLiveBatch([c, a, b, { ...b }, { ...a, id: 9 }]);
    expect(batch.map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it("drops what an earlier flush merged, trusting times over ids (ids restart with the server)", () => {
    const restarted = [event(1, T0 + 20_000), event(2, T0 + 25_000)];
    const old = event(57, T0 + 5000);
    expect(prepareLiveBatch([old, ...restarted], T0 + 10_000).map((e) => e.t)).toEqual([T0 + 20_000, T0 + 25_000]);
  });

  it("ignores events without a usable time", () => {
    expect(prepareLiveBatch([event(1, Number.NaN), event(2, T0)])).toHaveLength(1);
  });
});

describe("appendSeriesPoints", () => {
  const point = (t: number) => ({ t: iso(t), msgsPerSec: t, bytesPerSec: null });

  it("appends newer points and returns the same array when nothing is new", () => {
    const points = [point(T0), point(T0 + 5000)];
    const same = appendSeriesPoints(points, [point(T0), point(T0 + 5000)], 3600);
    expect(same).toBe(points);
    const next = appendSeriesPoints(points, [point(T0 + 10_000)], 3600);
    expect(next.map((p) => p.t)).toEqual([iso(T0), iso(T0 + 5000), iso(T0 + 10_000)]);
    expect(points).toHaveLength(2);
  });

  it("skips out-of-order and duplicate points", () => {
    const points = [point(T0 + 10_000)];
    const next = appendSeriesPoints(points, [point(T0 + 5000), point(T0 + 15_000), point(T0 + 15_000), point(T0 + 12_000)], 3600);
    expect(next.map((p) => p.t)).toEqual([iso(T0 + 10_000), iso(T0 + 15_000)]);
  });

  it("drops points older than the window, measured from the newest point", () => {
    const points = [point(T0), point(T0 + 60_000), point(T0 + 240_000)];
    const next = appendSeriesPoints(points, [point(T0 + 301_000)], 300);
    expect(next.map((p) => p.t)).toEqual([iso(T0 + 60_000), iso(T0 + 240_000), iso(T0 + 301_000)]);
  });

  it("caps what appending grows to, but never cuts what the server sent below its own length", () => {
    const server = Array.from({ length: 6 }, (_, i) => point(T0 + i * 1000));
    const grown = appendSeriesPoints(server, [point(T0 + 6000), point(T0 + 7000)], 3600, { maxPoints: 4 });
    expect(grown).toHaveLength(6);
    expect(grown[grown.length - 1].t).toBe(iso(T0 + 7000));
    expect(grown[0].t).toBe(iso(T0 + 2000));
    const small = [point(T0)];
    const capped = appendSeriesPoints(small, [1, 2, 3, 4, 5].map((i) => point(T0 + i * 1000)), 3600, { maxPoints: 3 });
    expect(capped.map((p) => p.t)).toEqual([iso(T0 + 3000), iso(T0 + 4000), iso(T0 + 5000)]);
  });

  it("keeps the 1-minute step of stored (24 h, 7 d) windows", () => {
    const points = [point(T0)];
    const next = appendSeriesPoints(points, [5, 30, 60, 65, 119, 125].map((s) => point(T0 + s * 1000)), 86_400);
    expect(next.map((p) => p.t)).toEqual([iso(T0), iso(T0 + 60_000), iso(T0 + 125_000)]);
  });

  it("starts an empty series", () => {
    expect(appendSeriesPoints([], [point(T0)], 300)).toHaveLength(1);
  });
});

describe("liveMeta / readLiveTarget", () => {
  it("round-trips a target and ignores other meta", () => {
    expect(readLiveTarget(liveMeta({ kind: "topic", topic: "a.b" }))).toEqual({ kind: "topic", topic: "a.b" });
    expect(readLiveTarget(undefined)).toBeUndefined();
    expect(readLiveTarget({ live: "yes" })).toBeUndefined();
    expect(readLiveTarget({ other: 1 })).toBeUndefined();
  });
});

describe("mergeLiveEvents: history", () => {
  const batch = prepareLiveBatch([event(1, T0 + 5000), event(2, T0 + 10_000)]);

  it("appends the cluster total to cluster history, unknown bytes kept unknown", () => {
    const data = rateHistory(3600, [T0]);
    const next = mergeLiveEvents({ kind: "cluster-history" }, data, batch) as RateHistoryResponse;
    expect(next.points).toEqual([
      { t: iso(T0), msgsPerSec: 1, bytesPerSec: null },
      { t: iso(T0 + 5000), msgsPerSec: 101, bytesPerSec: null },
      { t: iso(T0 + 10_000), msgsPerSec: 102, bytesPerSec: null },
    ]);
    expect(next.window).toBe(3600);
    expect(data.points).toHaveLength(1);
  });

  it("appends a topic's own rate to its history, and leaves other topics' history alone", () => {
    const data = rateHistory(300, [T0]);
    const next = mergeLiveEvents({ kind: "topic-history", topic: "orders.created" }, data, batch) as RateHistoryResponse;
    expect(next.points.map((p) => p.msgsPerSec)).toEqual([1, 41, 42]);
    expect(mergeLiveEvents({ kind: "topic-history", topic: "other" }, data, batch)).toBe(data);
  });

  it("appends the group's lag and lag seconds, leaving partition series to polling", () => {
    const data: ConsumerHistoryResponse = {
      window: 3600,
      resolution: 5,
      points: [{ t: iso(T0), lag: 400, lagSeconds: 50 }],
      partitions: [{ topic: "orders.created", partition: 0, points: [{ t: iso(T0), lag: 400, lagSeconds: 50 }] }],
    };
    const next = mergeLiveEvents({ kind: "consumer-history", group: "billing-slow" }, data, batch) as ConsumerHistoryResponse;
    expect(next.points).toEqual([
      { t: iso(T0), lag: 400, lagSeconds: 50 },
      { t: iso(T0 + 5000), lag: 501, lagSeconds: 61 },
      { t: iso(T0 + 10_000), lag: 502, lagSeconds: 62 },
    ]);
    expect(next.partitions).toBe(data.partitions);
    expect(mergeLiveEvents({ kind: "consumer-history", group: "nobody" }, data, batch)).toBe(data);
  });

  it("returns the same object for an empty batch, duplicates and unexpected shapes", () => {
    const data = rateHistory(3600, [T0 + 10_000]);
    expect(mergeLiveEvents({ kind: "cluster-history" }, data, [])).toBe(data);
    expect(mergeLiveEvents({ kind: "cluster-history" }, data, batch)).toBe(data);
    expect(mergeLiveEvents({ kind: "cluster-history" }, { oops: true }, batch)).toEqual({ oops: true });
    expect(mergeLiveEvents({ kind: "cluster-history" }, null, batch)).toBeNull();
  });
});

describe("mergeLiveEvents: lists and records", () => {
  const older = event(1, T0 + 5000);
  const newest = event(2, T0 + 10_000);
  const batch = prepareLiveBatch([newest, older]);

  it("updates the sampled cluster's figures from the newest sample", () => {
    const data: ClustersResponse = {
      clusters: [
        { id: "local-kafka", name: "Kafka", kind: "kafka", status: "up", source: "file", msgsPerSec: 1, sampledAt: iso(T0) },
        { id: "local-nats", name: "NATS", kind: "nats", status: "up", source: "file", msgsPerSec: 7 },
      ],
    };
    const next = mergeLiveEvents({ kind: "clusters" }, data, batch) as ClustersResponse;
    expect(next.clusters[0]).toMatchObject({
      msgsPerSec: 102,
      bytesPerSec: null,
      topicCount: 1,
      consumerCount: 1,
      groupsBehind: 1,
      sampledAt: iso(T0 + 10_000),
    });
    expect(next.clusters[1]).toBe(data.clusters[1]);
  });

  it("never dresses up a down cluster, nor goes back before the listed sample", () => {
    const down: ClustersResponse = {
      clusters: [{ id: "local-kafka", name: "Kafka", kind: "kafka", status: "down", error: "refused", source: "file" }],
    };
    expect(mergeLiveEvents({ kind: "clusters" }, down, batch)).toBe(down);
    const newer: ClustersResponse = {
      clusters: [{ id: "local-kafka", name: "Kafka", kind: "kafka", status: "up", source: "file", sampledAt: iso(T0 + 60_000) }],
    };
    expect(mergeLiveEvents({ kind: "clusters" }, newer, batch)).toBe(newer);
  });

  it("counts groups behind as WARN or ERR", () => {
    const data: ClustersResponse = { clusters: [{ id: "local-kafka", name: "K", kind: "kafka", status: "up", source: "file" }] };
    const sample = event(3, T0, {
      consumers: [
        { group: "a", lag: 0, lagSeconds: 0, status: "OK", reason: "", drainSeconds: null, consumeRate: null },
        { group: "b", lag: 5, lagSeconds: 1, status: "WARN", reason: "", drainSeconds: null, consumeRate: null },
        { group: "c", lag: 9, lagSeconds: null, status: "ERR", reason: "", drainSeconds: null, consumeRate: null },
        { group: "d", lag: null, lagSeconds: null, status: "UNKNOWN", reason: "", drainSeconds: null, consumeRate: null },
      ],
    });
    const next = mergeLiveEvents({ kind: "clusters" }, data, [sample]) as ClustersResponse;
    expect(next.clusters[0].groupsBehind).toBe(2);
    expect(next.clusters[0].consumerCount).toBe(4);
  });

  it("updates topic rates and counts in the topic list, keeping unsampled topics as they are", () => {
    const data: TopicsResponse = {
      topics: [
        { name: "orders.created", partitions: 3, messages: 10, bytes: null, msgsPerSec: null, bytesPerSec: null, dlq: false },
        { name: "quiet", partitions: 1, messages: 5, bytes: null, msgsPerSec: null, bytesPerSec: null, dlq: false },
      ],
    };
    const next = mergeLiveEvents({ kind: "topics" }, data, batch) as TopicsResponse;
    expect(next.topics[0]).toMatchObject({ msgsPerSec: 42, bytesPerSec: null, messages: 1002 });
    expect(next.topics[1]).toBe(data.topics[1]);
    expect(mergeLiveEvents({ kind: "topics" }, next, batch)).toBe(next);
  });

  it("keeps the listed message count when a sample has none", () => {
    const data: TopicsResponse = {
      topics: [{ name: "orders.created", partitions: 3, messages: 10, bytes: null, msgsPerSec: null, bytesPerSec: null, dlq: false }],
    };
    const sample = event(5, T0, { topics: [{ name: "orders.created", msgsPerSec: 3, bytesPerSec: 1024, messages: null }] });
    const next = mergeLiveEvents({ kind: "topics" }, data, [sample]) as TopicsResponse;
    expect(next.topics[0]).toMatchObject({ messages: 10, msgsPerSec: 3, bytesPerSec: 1024 });
  });

  it("updates a topic's detail rates", () => {
    const data: TopicDetail = { name: "orders.created", partitions: [], msgsPerSec: null, bytesPerSec: null };
    expect(mergeLiveEvents({ kind: "topic", topic: "orders.created" }, data, batch)).toMatchObject({ msgsPerSec: 42 });
    expect(mergeLiveEvents({ kind: "topic", topic: "gone" }, data, batch)).toBe(data);
  });

  it("updates lag, lag seconds, status and reason in a consumer page and a group's detail", () => {
    const page: ConsumersResponse = {
      total: 2,
      consumers: [
        { group: "analytics", state: "Empty", members: 0, topics: [], lag: 9, lagSeconds: null, status: "ERR", statusReason: "stopped" },
        { group: "billing-slow", state: "Stable", members: 1, topics: [], lag: 1, lagSeconds: 1, status: "OK", statusReason: "ok" },
      ],
    };
    const nextPage = mergeLiveEvents({ kind: "consumer-page" }, page, batch) as ConsumersResponse;
    expect(nextPage.consumers[0]).toBe(page.consumers[0]);
    expect(nextPage.consumers[1]).toMatchObject({ lag: 502, lagSeconds: 62, status: "WARN", statusReason: "lag grew (2)", state: "Stable" });
    expect(nextPage.total).toBe(2);

    const detail = { ...page.consumers[1], memberDetails: [], partitions: [] } as ConsumerDetail;
    const nextDetail = mergeLiveEvents({ kind: "consumer", group: "billing-slow" }, detail, batch) as ConsumerDetail;
    expect(nextDetail).toMatchObject({ lag: 502, lagSeconds: 62, status: "WARN", statusReason: "lag grew (2)" });
    expect(nextDetail.partitions).toBe(detail.partitions);
  });

  it("takes the drain estimate, consume rate and at-least flag from the push, and counts user topics only", () => {
    const sample = event(7, T0, {
      topics: [
        { name: "orders.created", msgsPerSec: 1, bytesPerSec: null, messages: 1 },
        { name: "__consumer_offsets", msgsPerSec: 0, bytesPerSec: null, messages: 1 },
      ],
      consumers: [{ group: "billing-slow", lag: 40, lagSeconds: 200, lagSecondsAtLeast: true, status: "ERR", reason: "stopped", drainSeconds: null, consumeRate: 0 }],
    });
    const detail = { group: "billing-slow", state: "Stable", members: 1, topics: [], lag: 1, lagSeconds: 1, status: "OK", drainSeconds: 4, consumeRate: 3, memberDetails: [], partitions: [] } as ConsumerDetail;
    const next = mergeLiveEvents({ kind: "consumer", group: "billing-slow" }, detail, [sample]) as ConsumerDetail;
    expect(next).toMatchObject({ lagSeconds: 200, lagSecondsAtLeast: true, drainSeconds: null, consumeRate: 0 });
    const exact = mergeLiveEvents({ kind: "consumer", group: "billing-slow" }, next, [event(8, T0 + 5_000)]) as ConsumerDetail;
    expect(exact.lagSecondsAtLeast).toBeUndefined();
    expect(exact.drainSeconds).toBeNull(); // an older server's push without the field keeps what was there

    const clusters: ClustersResponse = { clusters: [{ id: "local-kafka", name: "K", kind: "kafka", status: "up", source: "file" }] };
    expect((mergeLiveEvents({ kind: "clusters" }, clusters, [sample]) as ClustersResponse).clusters[0].topicCount).toBe(1);
  });
});
