import { describe, expect, it } from "vitest";
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { deriveCycle, type CommitTracker, type CycleFigures, newCommitTracker } from "@/lib/metrics/derive-cycle";
import { answerHistory } from "@/lib/metrics/history-query";
import { createSeriesBook } from "@/lib/metrics/sampler";
import { decodeCycle, encodeCycle, scopedCycle } from "@/lib/metrics/worker/cycle-transfer";

// The sampler worker sends each cycle as small per-topic / per-group objects plus one JSON string
// per topic or group (cycle-transfer.ts); the HTTP thread must read back exactly what the worker
// derived, with per-partition parts parsed only when a route reads them.

function snapshotAt(seconds: number): ClusterSnapshot {
  const at = 1_700_000_000_000 + seconds * 1000;
  const high = (base: number) => base + seconds * 7;
  return {
    at,
    startedAt: at - 40,
    topics: [
      { name: "orders", bytes: 1000 + seconds, partitions: [0, 1, 2].map((partition) => ({ partition, low: 0, high: high(100 * (partition + 1)), messages: high(100 * (partition + 1)) })) },
      { name: "events.stream", bytes: null, subjects: ["events.>"], partitions: [{ partition: 0, low: 5, high: high(50), messages: high(50) - 5 }] },
      { name: "empty", bytes: 0, partitions: [] },
    ],
    consumers: [
      {
        group: "billing",
        state: "Stable",
        members: 1,
        topics: ["orders"],
        lag: 30,
        partitions: [0, 1, 2].map((partition) => ({ topic: "orders", partition, committed: high(100 * (partition + 1)) - 10, high: high(100 * (partition + 1)), lag: 10 })),
        memberDetails: [{ memberId: "m-1", clientId: "svc", host: "/10.0.0.1", assignments: [{ topic: "orders", partitions: [0, 1, 2] }] }],
      } as ClusterSnapshot["consumers"][number],
      {
        group: "new-reader",
        state: "Empty",
        members: 0,
        topics: ["events.stream"],
        lag: high(50) - 5,
        partitions: [{ topic: "events.stream", partition: 0, committed: null, high: high(50), lag: high(50) - 5, noCommit: true }],
        pending: 3,
        ackPending: 1,
      },
    ],
  };
}

function cycles(count: number): { figures: CycleFigures; snapshot: ClusterSnapshot }[] {
  const book = createSeriesBook(5_000);
  const commits: CommitTracker = newCommitTracker();
  return Array.from({ length: count }, (_, k) => {
    const snapshot = snapshotAt(k * 5);
    return { figures: deriveCycle(book, snapshot, commits, { intervalMs: 5_000 }), snapshot };
  });
}

/** As postMessage would deliver it. */
const overTheWire = <T>(value: T): T => structuredClone(value);

describe("cycle transfer between the sampler worker and the HTTP thread", () => {
  /** Everything but a group's partitions (and members), which stay in the worker. */
  const headline = ({ partitions: _p, memberDetails: _m, ...rest }: Record<string, unknown>) => rest;

  it("gives back the worker's figures and snapshot, headline per group, in full per topic, cycle after cycle", () => {
    for (const { figures, snapshot } of cycles(4)) {
      const decoded = decodeCycle(overTheWire(encodeCycle(figures, snapshot)));
      expect({ ...decoded.figures, groups: undefined }).toEqual({ ...figures, groups: undefined });
      expect(decoded.snapshot.topics).toEqual(snapshot.topics);
      expect(decoded.snapshot.at).toBe(snapshot.at);
      expect(decoded.snapshot.startedAt).toBe(snapshot.startedAt);
      expect([...decoded.figures.groups.values()].map((g) => ({ ...g }))).toEqual([...figures.groups.values()].map((g) => headline({ ...g })));
      expect(decoded.snapshot.consumers.map((c) => ({ ...c }))).toEqual(snapshot.consumers.map((c) => headline({ ...c })));
      // Same order as the worker's maps (lists page by position).
      expect([...decoded.figures.groups.keys()]).toEqual([...figures.groups.keys()]);
    }
  });

  it("never passes a group's missing partitions off as none: reading them on the HTTP thread throws", () => {
    const [{ figures, snapshot }] = cycles(1);
    const decoded = decodeCycle(overTheWire(encodeCycle(figures, snapshot)));
    expect(() => decoded.figures.groups.get("billing")!.partitions).toThrow(/stay in the sampler worker/);
    expect(() => decoded.snapshot.consumers[0].partitions).toThrow(/stay in the sampler worker/);
    // Listings test for members with `in`: absent, so a detail asks for the group instead.
    expect("memberDetails" in decoded.snapshot.consumers[0]).toBe(false);
  });

  it("sends one group in full when a detail asks for it, members included", () => {
    const [, , { figures, snapshot }] = cycles(3);
    const scoped = overTheWire(scopedCycle(figures, snapshot, { group: "billing" }));
    expect([...scoped.figures.groups.values()]).toEqual([figures.groups.get("billing")]);
    expect(scoped.snapshot.consumers).toEqual([snapshot.consumers[0]]);
    expect("memberDetails" in scoped.snapshot.consumers[0]).toBe(true);
    expect(scoped.snapshot.at).toBe(snapshot.at);
    expect(scopedCycle(figures, snapshot, { group: "nobody" }).snapshot.consumers).toEqual([]);
    expect([...scopedCycle(figures, snapshot, { topic: "orders" }).figures.topics.keys()]).toEqual(["orders"]);
  });

  it("sends a topic's partitions as one string, parsed on first read only; no per-group strings", () => {
    const [, , { figures, snapshot }] = cycles(3);
    const message = encodeCycle(figures, snapshot);
    expect(typeof message.topics[0].partitions).toBe("string");
    expect(Object.keys(message.groups[0]).sort()).toEqual(["consumer", "figures"]);
    expect(JSON.stringify(message.groups)).not.toContain("partitions");
    const decoded = decodeCycle(message);
    const topic = decoded.figures.topics.get("orders")!;
    expect(Object.getOwnPropertyDescriptor(topic, "partitions")?.get).toBeTypeOf("function");
    expect(topic.partitions).toHaveLength(3);
    expect(Object.getOwnPropertyDescriptor(topic, "partitions")?.value).toBe(topic.partitions);
  });

  it("answers history questions as the in-thread book does (the worker runs the same function)", () => {
    const book = createSeriesBook(5_000);
    const commits: CommitTracker = newCommitTracker();
    let latest: CycleFigures | undefined;
    for (let k = 0; k < 5; k++) latest = deriveCycle(book, snapshotAt(k * 5), commits, { intervalMs: 5_000 });
    const from = snapshotAt(0).at;
    const group = answerHistory(book, 5_000, latest, { kind: "group", group: "billing", from });
    expect(group.covers).toBe(true);
    expect(group.points).toHaveLength(5);
    expect(group.partitions?.map((p) => `${p.topic}/${p.partition}`)).toEqual(["orders/0", "orders/1", "orders/2"]);
    expect(overTheWire(group)).toEqual(group);
    const topic = answerHistory(book, 5_000, latest, { kind: "topic", topic: "orders", from });
    expect(topic.points.length).toBeGreaterThan(0);
    expect(answerHistory(book, 5_000, latest, { kind: "cluster", from: from - 3_600_000 }).covers).toBe(false);
  });
});
