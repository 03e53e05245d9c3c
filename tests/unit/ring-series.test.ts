import { describe, expect, it } from "vitest";
import { SeriesBook } from "@/lib/metrics/ring-series";

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
