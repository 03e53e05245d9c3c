import { describe, expect, it } from "vitest";
import v8 from "node:v8";
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercent, tuneHeap } from "@/lib/heap-tuning";

describe("heap growing percent", () => {
  it("is 30 unless EVENTSCOPE_HEAP_GROWING_PERCENT says otherwise; 0 keeps V8's own", () => {
    expect(DEFAULT_HEAP_GROWING_PERCENT).toBe(30);
    expect(heapGrowingPercent({})).toEqual({ percent: 30 });
    expect(heapGrowingPercent({ EVENTSCOPE_HEAP_GROWING_PERCENT: " 50 " })).toEqual({ percent: 50 });
    expect(heapGrowingPercent({ EVENTSCOPE_HEAP_GROWING_PERCENT: "0" })).toEqual({ percent: 0 });
    expect(tuneHeap({ EVENTSCOPE_HEAP_GROWING_PERCENT: "0" })).toBeUndefined();
  });

  it("refuses what is not a whole number up to 1000, naming the variable", () => {
    for (const bad of ["-5", "1.5", "30%", "1e3", "2000", "abc", "3 0"]) {
      expect(heapGrowingPercent({ EVENTSCOPE_HEAP_GROWING_PERCENT: bad })).toEqual({ error: expect.stringContaining("EVENTSCOPE_HEAP_GROWING_PERCENT") });
      expect(() => tuneHeap({ EVENTSCOPE_HEAP_GROWING_PERCENT: bad })).toThrow(/EVENTSCOPE_HEAP_GROWING_PERCENT/);
    }
  });

  it("sets V8's flag at run time", () => {
    const set: string[] = [];
    const original = v8.setFlagsFromString;
    v8.setFlagsFromString = (flag: string) => void set.push(flag);
    try {
      expect(tuneHeap({})).toBe(30);
      expect(tuneHeap({ EVENTSCOPE_HEAP_GROWING_PERCENT: "45" })).toBe(45);
    } finally {
      v8.setFlagsFromString = original;
    }
    expect(set).toEqual(["--heap-growing-percent=30", "--heap-growing-percent=45"]);
  });
});
