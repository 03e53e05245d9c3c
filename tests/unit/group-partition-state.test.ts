import { describe, expect, it } from "vitest";
import { evaluatePartitionStatus, evaluateWindow, windowReason, type CommitSample } from "@/lib/metrics/evaluate-lag-status";
import { COMMIT_WINDOW, GroupPartitionState, SlotWindow, STATUS_NAMES, windowSamples } from "@/lib/metrics/group-partition-state";
import { SeriesBook } from "@/lib/metrics/ring-series";

// The sampler's per group-partition memory as typed arrays (group-partition-state.ts): the windows
// must hold exactly what the list of CommitSample objects held, for any number of group-partitions.

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** The window as the sampler kept it before: a list of distinct commits, at most COMMIT_WINDOW. */
function observeInList(list: CommitSample[], t: number, committed: number, lag: number): void {
  const newest = list[list.length - 1];
  if (newest === undefined || newest.committed !== committed) {
    if (list.length >= COMMIT_WINDOW) list.shift();
    list.push({ t, committed, lag });
  } else if (lag === 0) {
    newest.caughtUpAt = t;
  }
}

describe("GroupPartitionState", () => {
  // Not about speed: generous timeouts, since a loaded CI machine may be slow.
  it("keeps each group-partition's last distinct commits like a list of samples, across growth past its first arrays", { timeout: 60_000 }, () => {
    const next = random(7);
    const state = new GroupPartitionState();
    const lists = new Map<string, CommitSample[]>();
    const keys = Array.from({ length: 1500 }, (_, index) => `c\u0000g${index % 97}\u0000t${index}\u00000`);
    const cursor = new SlotWindow(state);
    const mismatches: unknown[] = [];
    for (let cycle = 0; cycle < 20; cycle++) {
      state.beginCycle();
      const t = cycle * 5000;
      for (const key of keys) {
        const list = lists.get(key) ?? [];
        lists.set(key, list);
        const last = list.at(-1);
        const committed = last === undefined ? 100 : next() < 0.4 ? last.committed : last.committed + Math.floor(next() * 5) - 1;
        const lag = Math.floor(next() * 3);
        observeInList(list, t, committed, lag);
        const slot = state.slotFor(key);
        state.observeCommit(slot, t, committed, lag);
        const now = t + Math.floor(next() * 400_000);
        const label = "t partition 0";
        // The typed window judges and words exactly as the list form does.
        const code = evaluateWindow(state.window(slot, cursor), now, lag, 50_000, label);
        const typed = { status: STATUS_NAMES[code], reason: windowReason() };
        const { status, reason } = evaluatePartitionStatus(list, { label, now, lag, minStopMs: 50_000 });
        if (typed.status !== status || typed.reason !== reason) mismatches.push({ key, cycle, typed, list: { status, reason } });
      }
      state.endCycle();
    }
    expect(mismatches).toEqual([]);
    // Only the newest commit's "caught up" time is ever read; the typed window keeps only that one.
    const newestOnly = (list: CommitSample[]) => list.map(({ caughtUpAt, ...sample }, index) => (index === list.length - 1 && caughtUpAt !== undefined ? { ...sample, caughtUpAt } : sample));
    expect(new Map(state)).toEqual(new Map([...lists].map(([key, list]) => [key, newestOnly(list)])));
  });

  it("forgets group-partitions a cycle did not see and reuses their slots", () => {
    const state = new GroupPartitionState();
    state.beginCycle();
    const a = state.slotFor("a");
    const b = state.slotFor("b");
    state.observeCommit(a, 0, 1, 0);
    state.observeCommit(b, 0, 5, 2);
    state.endCycle();
    state.beginCycle();
    expect(state.slotFor("b")).toBe(b);
    state.endCycle();
    expect(state.has("a")).toBe(false);
    state.beginCycle();
    const c = state.slotFor("c");
    expect(c).toBe(a); // a's place, empty again
    expect(windowSamples(state.window(c))).toEqual([]);
    expect(windowSamples(state.window(b))).toEqual([{ t: 0, committed: 5, lag: 2 }]);
    state.endCycle();
  });
});

describe("SeriesBook.oldestOfLast", () => {
  it("gives the first of lastPoints(key, n), without building them", () => {
    const next = random(3);
    const book = new SeriesBook(50);
    for (let sample = 0; sample < 120; sample++) {
      book.beginSample(sample * 1000);
      if (next() < 0.7) book.set("s", Math.floor(next() * 1000));
      for (const n of [1, 2, 5, 13, 60]) expect(book.oldestOfLast("s", n)).toEqual(book.lastPoints("s", n)[0]?.value ?? Number.NaN);
    }
    expect(book.oldestOfLast("absent", 3)).toBeNaN();
  });
});

describe("deriveCycle's group status over the typed state", () => {
  it("is what evaluateGroupStatus gives over each partition's window (the rules on lists of samples)", { timeout: 60_000 }, async () => {
    const { deriveCycle, newCommitTracker } = await import("@/lib/metrics/derive-cycle");
    const { evaluateGroupStatus } = await import("@/lib/metrics/evaluate-lag-status");
    const { keys } = await import("@/lib/metrics/series-keys");
    const next = random(11);
    const book = new SeriesBook(200);
    const state = newCommitTracker();
    const highs = new Map<string, number>();
    const committed = new Map<string, number>();
    const checked = { groups: 0, waiting: 0, errors: 0 };
    for (let cycle = 0; cycle < 60; cycle++) {
      const t = cycle * 5000;
      const topics = Array.from({ length: 6 }, (_, topic) => ({
        name: `t${topic}`,
        bytes: null,
        partitions: Array.from({ length: 3 }, (__, partition) => {
          const key = `t${topic}/${partition}`;
          const high = (highs.get(key) ?? 0) + Math.floor(next() * 4);
          highs.set(key, high);
          return { partition, low: 0, high, messages: high };
        }),
      }));
      const consumers = Array.from({ length: 12 }, (_, g) => {
        const partitions = [0, 1].flatMap((k) =>
          Array.from({ length: 3 }, (__, partition) => {
            const topic = `t${(g + k) % 6}`;
            const key = `g${g}/${topic}/${partition}`;
            const high = highs.get(`${topic}/${partition}`)!;
            // Some groups stop, some stop on one partition only, some rewind now and then, one never commits one partition.
            const before = committed.get(key);
            if (g === 11 && partition === 2) return { topic, partition, committed: null, high, lag: high };
            let value = before ?? Math.max(0, high - 3);
            const stopped = (g % 4 === 0 && cycle > 20) || (g % 4 === 1 && partition === 0 && cycle > 10);
            if (!stopped) value = next() < 0.1 && g % 4 === 2 ? Math.max(0, value - 2) : Math.max(value, high - Math.floor(next() * 3));
            committed.set(key, value);
            return { topic, partition, committed: value, high, lag: Math.max(0, high - value) };
          }),
        );
        return { group: `g${g}`, state: "Stable", members: 1, topics: [], lag: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
      });
      const figures = deriveCycle(book, { at: t, topics, consumers }, state, { intervalMs: 5000 });
      const windows = new Map(state);
      for (const consumer of consumers) {
        const group = figures.groups.get(consumer.group)!;
        const verdicts = consumer.partitions.map((p) => {
          const label = `${p.topic} partition ${p.partition}`;
          if (p.committed === null) return { status: "UNKNOWN" as const, reason: `${label}: no commit yet; ${p.lag} message${p.lag === 1 ? "" : "s"} waiting`, lastCommitAt: null };
          return evaluatePartitionStatus(windows.get(keys.committed(consumer.group, p.topic, p.partition))!, { label, now: t, lag: p.lag, minStopMs: 50_000 });
        });
        const expected = evaluateGroupStatus(verdicts);
        if (/falling behind/.test(group.reason)) continue; // the rates' rule, checked in lag-evaluation.test.ts
        checked.groups++;
        if (expected.partitions.some((p) => /keeps committing/.test(p.reason))) checked.waiting++;
        if (expected.groupStatus === "ERR") checked.errors++;
        expect({ status: group.status, detail: group.detail, reason: group.reason }).toEqual({ status: expected.groupStatus, detail: expected.status, reason: expected.reason });
        expect(group.partitions.map(({ status, reason }) => ({ status, reason }))).toEqual(expected.partitions);
      }
    }
    // The run went through the rules that matter here.
    expect(checked.waiting).toBeGreaterThan(0);
    expect(checked.errors).toBeGreaterThan(0);
    expect(checked.groups).toBeGreaterThan(300);
  });
});

describe("SeriesBook 32-bit series", () => {
  it("keeps the series the policy names in half the bytes, rounded to 32-bit floats; the others exact", () => {
    const policy = { isCompact: () => false, recent: 1, coarseStepMs: 0, coarseSlots: 0, isSingle: (key: string) => key.startsWith("rate") };
    const book = new SeriesBook(10, policy);
    book.beginSample(0);
    book.set("rate", 0.1);
    book.set("offset", 2 ** 40 + 1);
    expect(book.points("rate")).toEqual([{ t: 0, value: Math.fround(0.1) }]);
    expect(book.points("offset")).toEqual([{ t: 0, value: 2 ** 40 + 1 }]);
    expect(book.storageBytes).toBe(10 * 8 + 10 * 4 + 10 * 8);
    book.beginSample(1000);
    book.set("offset", 2 ** 40 + 2);
    book.pruneStale(); // "rate" was not written in the latest sample: dropped, its place reusable
    expect(book.has("rate")).toBe(false);
    expect(book.rateOver("offset", 2)).toBe(1);
  });
});
