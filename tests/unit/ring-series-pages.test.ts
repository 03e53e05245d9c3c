import { describe, expect, it } from "vitest";
import { SeriesBook } from "@/lib/metrics/ring-series";

// SeriesBook keeps its series in pages of 256 (one Float64Array per page, no object per series):
// many series, pruned ones' places reused without their old values showing through.
describe("SeriesBook pages", () => {
  const compact = { isCompact: (key: string) => key.startsWith("p"), recent: 4, coarseStepMs: 20_000, coarseSlots: 3 };

  it("keeps 1,000 full and 1,000 compact series apart, across page boundaries", () => {
    const book = new SeriesBook(10, compact);
    for (let sample = 0; sample < 6; sample++) {
      book.beginSample(sample * 5_000);
      for (let n = 0; n < 1_000; n++) {
        book.set(`f${n}`, n * 100 + sample);
        book.set(`p${n}`, -(n * 100 + sample));
      }
    }
    for (const n of [0, 255, 256, 511, 999]) {
      expect(book.lastPoints(`f${n}`, 2).map((p) => p.value)).toEqual([n * 100 + 4, n * 100 + 5]);
      expect(book.lastPoints(`p${n}`, 2).map((p) => p.value)).toEqual([-(n * 100 + 4), -(n * 100 + 5)]);
    }
    expect(book.size).toBe(2_000);
    expect(book.storageBytes).toBe(10 * 8 + 1_000 * 10 * 8 + 1_000 * (4 + 3) * 8);
    expect(book.allocatedBytes).toBe(10 * 8 + 4 * 256 * 10 * 8 + 4 * 256 * (4 + 3) * 8);
  });

  it("reuses a pruned series' place for a new one, which starts empty", () => {
    const book = new SeriesBook(10, compact);
    book.beginSample(0);
    for (let n = 0; n < 300; n++) {
      book.set(`f${n}`, 7);
      book.set(`p${n}`, 7);
    }
    book.beginSample(5_000);
    for (let n = 0; n < 300; n++) if (n % 2 === 0) {
      book.set(`f${n}`, 8);
      book.set(`p${n}`, 8);
    }
    book.pruneStale();
    expect(book.size).toBe(300);
    const allocated = book.allocatedBytes;
    book.beginSample(10_000);
    for (let n = 0; n < 300; n++) if (n % 2 === 0) {
      book.set(`f${n}`, 9);
      book.set(`p${n}`, 9);
    }
    for (let n = 0; n < 150; n++) {
      book.set(`newf${n}`, 1);
      book.set(`newp${n}`, 1);
    }
    expect(book.allocatedBytes).toBe(allocated); // the freed places, no new page
    // A new series shows only what was written to it, not the pruned one's 7s and 8s.
    expect(book.points("newf3")).toEqual([{ t: 10_000, value: 1 }]);
    expect(book.points("newp3")).toEqual([{ t: 10_000, value: 1 }]);
    expect(book.points("f2").map((p) => p.value)).toEqual([7, 8, 9]);
    expect(book.points("p2").map((p) => p.value)).toEqual([7, 8, 9]);
  });
});
