import { describe, expect, it, vi } from "vitest";
import { SeriesBook } from "@/lib/metrics/ring-series";
import { ratePerSecond } from "@/lib/metrics/lag-seconds";
import { createSeriesBook } from "@/lib/metrics/sampler";
import { keys } from "@/lib/metrics/series-keys";

describe("SeriesBook", () => {
  it("keeps the last `capacity` samples in time order", () => {
    const book = new SeriesBook(3);
    for (let t = 1; t <= 5; t++) {
      book.beginSample(t * 1000);
      book.set("a", t * 10);
    }
    expect(book.points("a")).toEqual([
      { t: 3000, value: 30 },
      { t: 4000, value: 40 },
      { t: 5000, value: 50 },
    ]);
    expect(book.lastPoints("a", 2).map((point) => point.value)).toEqual([40, 50]);
    expect(book.points("a", 4000)).toHaveLength(2);
  });

  it("leaves gaps unknown and prunes series that stopped being written", () => {
    const book = new SeriesBook(4);
    book.beginSample(1);
    book.set("a", 1);
    book.set("b", 1);
    book.beginSample(2);
    book.set("a", 2);
    expect(book.points("b")).toEqual([{ t: 1, value: 1 }]);
    book.pruneStale();
    expect(book.has("b")).toBe(false);
    expect(book.size).toBe(1);
  });
});

describe("SeriesBook reads", () => {
  it("lastPoints walks back from the newest sample instead of building the whole history", () => {
    const book = new SeriesBook(721);
    for (let t = 1; t <= 721; t++) {
      book.beginSample(t * 1000);
      book.set("a", t);
    }
    const points = vi.spyOn(book, "points");
    expect(book.lastPoints("a", 3)).toEqual([
      { t: 719_000, value: 719 },
      { t: 720_000, value: 720 },
      { t: 721_000, value: 721 },
    ]);
    expect(book.lastPoints("a", 0)).toEqual([]);
    expect(book.lastPoints("missing", 3)).toEqual([]);
    expect(points).not.toHaveBeenCalled();
  });

  it("pointsBackTo stops at the first point that reaches the target, walking back", () => {
    const book = new SeriesBook(10);
    for (let t = 1; t <= 8; t++) {
      book.beginSample(t);
      book.set("h", t * 100);
    }
    expect(book.pointsBackTo("h", (value) => value <= 600).map((p) => p.value)).toEqual([600, 700, 800]);
    expect(book.pointsBackTo("h", () => false)).toHaveLength(8);
  });
});

describe("compact series", () => {
  const policy = { isCompact: (key: string) => key.startsWith("p"), recent: 4, coarseStepMs: 3000, coarseSlots: 5 };

  it("keeps the newest samples in full and one per `coarseStepMs` further back; full series keep everything", () => {
    const book = new SeriesBook(12, policy);
    for (let i = 0; i < 15; i++) {
      book.beginSample(i * 1000);
      book.set("p", i);
      book.set("full", i);
    }
    // History spans samples 3..14 (1 s apart); the newest 4 (11..14) in full, before that one per 3 s.
    expect(book.points("p").map((p) => p.value)).toEqual([3, 6, 9, 11, 12, 13, 14]);
    expect(book.points("full").map((p) => p.value)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(book.lastPoints("p", 6).map((p) => p.value)).toEqual([6, 9, 11, 12, 13, 14]);
    expect(book.points("p").every((p) => p.t === p.value * 1000)).toBe(true);
    expect(book.isCompact("p")).toBe(true);
    expect(book.isCompact("full")).toBe(false);
  });

  it("thins by time: samples already a step apart are all kept (a replay of minute snapshots)", () => {
    const book = new SeriesBook(100, { isCompact: (key) => key.startsWith("p"), recent: 3, coarseStepMs: 60_000, coarseSlots: 62 });
    for (let minute = 0; minute < 20; minute++) {
      book.beginSample(minute * 60_000);
      book.set("p", minute);
    }
    for (let s = 1; s <= 5; s++) {
      book.beginSample(19 * 60_000 + s * 5000);
      book.set("p", 19 + s / 10);
    }
    const values = book.points("p").map((p) => p.value);
    expect(values.slice(0, 19)).toEqual(Array.from({ length: 19 }, (_, minute) => minute));
    expect(values.slice(-3)).toEqual([19.3, 19.4, 19.5]);
  });

  it("forgets coarse samples once their slots come round again", () => {
    const book = new SeriesBook(40, { isCompact: (key) => key.startsWith("p"), recent: 2, coarseStepMs: 1000, coarseSlots: 3 });
    for (let i = 0; i < 10; i++) {
      book.beginSample(i * 1000);
      book.set("p", i);
    }
    // Coarse slots hold samples 7, 8, 9 (the ring of 3); 8 and 9 are also the recent ones.
    expect(book.points("p").map((p) => p.value)).toEqual([7, 8, 9]);
  });

  it("stores a fraction of a full series and still prunes stale ones", () => {
    const book = new SeriesBook(721, { isCompact: (key) => key.startsWith("p"), recent: 60, coarseStepMs: 60_000, coarseSlots: 62 });
    book.beginSample(1);
    book.set("p1", 1);
    const compactBytes = book.storageBytes - book.times.byteLength;
    book.set("full", 1);
    const fullBytes = book.storageBytes - book.times.byteLength - compactBytes;
    expect(fullBytes).toBe(721 * 8);
    expect(compactBytes).toBeLessThan(fullBytes / 5);
    book.beginSample(2);
    book.set("full", 2);
    book.pruneStale();
    expect(book.has("p1")).toBe(false);
    expect(book.has("full")).toBe(true);
  });

  it("keeps fewer full-resolution samples of a short series, reads it like the others and prunes it", () => {
    const book = new SeriesBook(12, { ...policy, tiers: [{ is: (key) => key.startsWith("ps"), recent: 2 }] });
    for (let i = 0; i < 15; i++) {
      book.beginSample(i * 1000);
      book.set("p", i);
      book.set("ps", i * 10);
      if (i < 14) book.set("ps-gone", i);
    }
    // Same coarse samples (one per 3 s), but only the newest 2 in full instead of 4.
    expect(book.points("p").map((p) => p.value)).toEqual([3, 6, 9, 11, 12, 13, 14]);
    expect(book.points("ps").map((p) => p.value)).toEqual([30, 60, 90, 120, 130, 140]);
    expect(book.lastPoints("ps", 3).map((p) => p.value)).toEqual([120, 130, 140]);
    expect(book.rateOver("ps", 2)).toBe(10);
    expect(book.isCompact("ps")).toBe(true);
    const into = { oldestT: 0, oldestValue: 0, min: 0 };
    book.oldestAndMin("ps", into);
    expect(into).toEqual({ oldestT: 3000, oldestValue: 30, min: 30 });
    const bytes = book.storageBytes;
    book.pruneStale();
    expect(book.has("ps-gone")).toBe(false);
    expect(book.storageBytes).toBe(bytes - (2 + 5) * 8);
    // A place freed in the short tier is reused there, cleared.
    book.beginSample(15_000);
    book.set("ps-new", 7);
    expect(book.points("ps-new").map((p) => p.value)).toEqual([7]);
  });

  it("sizes the sampler's book: partition and group-partition series compact, cluster, topic and group series full", () => {
    const book = createSeriesBook(5_000);
    expect(book.capacity).toBe(721);
    for (const key of [keys.partitionHigh("orders", 0), keys.committed("billing", "orders", 0)]) expect(book.isCompact(key)).toBe(true);
    for (const key of [keys.clusterRate(), keys.topicRate("orders"), keys.groupLag("billing"), keys.groupLagSeconds("billing")]) expect(book.isCompact(key)).toBe(false);
    book.beginSample(0);
    const slotsOf = (key: string) => {
      const before = book.storageBytes;
      book.set(key, 1);
      return book.storageBytes - before;
    };
    // Partitions: 5 minutes in full (60 samples at 5 s), then one a minute (62), 64-bit.
    expect(slotsOf(keys.partitionHigh("orders", 0))).toBe((60 + 62) * 8);
    // A group-partition's committed offsets: one minute in full (13 samples), 32-bit.
    expect(slotsOf(keys.committed("billing", "orders", 0))).toBe((13 + 62) * 4);
    // Cluster, topic and group series: every sample of the hour (issue 12), rates 32-bit, lag 64-bit.
    expect(slotsOf(keys.topicRate("orders"))).toBe(721 * 4);
    expect(slotsOf(keys.groupLagSeconds("billing"))).toBe(721 * 4);
    expect(slotsOf(keys.groupLag("billing"))).toBe(721 * 8);
    expect(slotsOf(keys.clusterRate())).toBe(721 * 4);
  });

  it("keeps a short series in 32 bits when asked: exact distances up to 2^24, and rates of a difference", () => {
    const book = new SeriesBook(12, { ...policy, tiers: [{ is: (key) => key.startsWith("ps"), recent: 3, single: true }] });
    const high = (i: number) => 2 ** 40 + i * 100; // log end: far above what 32 bits hold exactly
    for (let i = 0; i < 6; i++) {
      book.beginSample(i * 1000);
      book.set("p-high", high(i));
      if (i >= 2) book.set("ps-behind", 2 ** 24 - 5 + i); // committed = high - behind
    }
    expect(book.lastPoints("ps-behind", 1)[0].value).toBe(2 ** 24);
    // Committed moved 99 a second (high +100, behind +1) over the samples where both are known (2..5).
    expect(book.differenceRateOver("p-high", "ps-behind", 13)).toBe(99);
    expect(book.differenceRateOver("p-high", "ps-behind", 2)).toBe(99);
    expect(book.differenceRateOver("p-high", "missing", 3)).toBeNull();
    book.beginSample(6000);
    book.set("p-high", high(6));
    expect(book.differenceRateOver("p-high", "ps-behind", 1)).toBeNull();
  });
});

describe("SeriesBook.rateOver", () => {
  it("gives what ratePerSecond gives over lastPoints, including compact series and gaps", () => {
    const book = new SeriesBook(50, { isCompact: (key) => key.startsWith("p"), recent: 5, coarseStepMs: 20_000, coarseSlots: 4 });
    for (let i = 0; i < 30; i++) {
      book.beginSample(i * 5000);
      book.set("p", i * i);
      if (i % 3 !== 0) book.set("gappy", i * 10);
    }
    for (const key of ["p", "gappy"]) {
      for (const n of [1, 2, 4, 10]) {
        expect(book.rateOver(key, n)).toEqual(ratePerSecond(book.lastPoints(key, n).map((p) => ({ t: p.t, offset: p.value }))));
      }
    }
    expect(book.rateOver("missing", 4)).toBeNull();
  });
});

describe("SeriesBook.lastRows", () => {
  it("reads several series at the samples where the first is known, newest first, without allocating points", () => {
    const book = new SeriesBook(20, { isCompact: (key) => key.startsWith("p"), recent: 4, coarseStepMs: 2000, coarseSlots: 10 });
    for (let i = 0; i < 6; i++) {
      book.beginSample(i * 1000);
      if (i !== 4) book.set("p-commit", 100 + i);
      book.set("p-high", 200 + i);
    }
    const rows = new Float64Array(3 * 4);
    expect(book.lastRows("p-commit", ["p-high", "absent"], 3, rows)).toBe(3);
    expect(Array.from(rows.subarray(0, 9))).toEqual([5000, 105, 205, Number.NaN, 3000, 103, 203, Number.NaN, 2000].slice(0, 9));
    expect(rows[9]).toBe(102);
    expect(book.lastRows("missing", [], 3, rows)).toBe(0);
  });
});

describe("SeriesBook.growthRateOver", () => {
  it("counts only intervals in which a size grew or held, and is unknown when every one shrank", () => {
    const book = new SeriesBook(20);
    // 10 s apart: +1000, then retention deletes 5000 while producing, then +2000, then flat.
    const sizes = [10_000, 11_000, 6_000, 8_000, 8_000];
    sizes.forEach((size, i) => {
      book.beginSample(i * 10_000);
      book.set("bytes", size);
    });
    // Last 4 points: 11000 -> 6000 (left out), 6000 -> 8000 (+2000 in 10 s), 8000 -> 8000 (0 in 10 s).
    expect(book.growthRateOver("bytes", 4)).toBe(100);
    expect(book.growthRateOver("bytes", 5)).toBe((1000 + 2000) / 30);
    expect(book.growthRateOver("bytes", 1)).toBeNull();
    book.beginSample(50_000);
    book.set("bytes", 1_000);
    expect(book.growthRateOver("bytes", 2)).toBeNull(); // only a drop: unknown, never negative
    expect(book.growthRateOver("missing", 4)).toBeNull();
  });
});
