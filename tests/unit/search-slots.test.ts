import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_CONCURRENT_SEARCHES, createSearchSlots, parseMaxConcurrentSearches, searchesBusyMessage } from "@/lib/search/search-slots";

describe("search slots", () => {
  it("gives at most max slots and frees one per release", () => {
    const slots = createSearchSlots(2);
    const first = slots.tryTake();
    const second = slots.tryTake();
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(slots.tryTake()).toBeNull();
    expect(slots.running).toBe(2);
    first!();
    expect(slots.running).toBe(1);
    const third = slots.tryTake();
    expect(third).not.toBeNull();
    expect(slots.tryTake()).toBeNull();
    second!();
    third!();
    expect(slots.running).toBe(0);
  });

  it("a release called twice frees only its own slot", () => {
    const slots = createSearchSlots(2);
    const first = slots.tryTake()!;
    slots.tryTake();
    first();
    first();
    expect(slots.running).toBe(1);
    expect(slots.tryTake()).not.toBeNull();
    expect(slots.tryTake()).toBeNull();
  });
});

describe("EVENTSCOPE_MAX_CONCURRENT_SEARCHES", () => {
  it("defaults to 4 when unset or blank", () => {
    expect(DEFAULT_MAX_CONCURRENT_SEARCHES).toBe(4);
    expect(parseMaxConcurrentSearches(undefined)).toEqual({ max: 4 });
    expect(parseMaxConcurrentSearches("  ")).toEqual({ max: 4 });
  });

  it("takes a whole number from 1 to 1000", () => {
    expect(parseMaxConcurrentSearches("1")).toEqual({ max: 1 });
    expect(parseMaxConcurrentSearches(" 16 ")).toEqual({ max: 16 });
    expect(parseMaxConcurrentSearches("1000")).toEqual({ max: 1000 });
  });

  it("falls back to the default and names the problem for a bad value", () => {
    for (const raw of ["0", "-2", "2.5", "many", "1001"]) {
      const parsed = parseMaxConcurrentSearches(raw);
      expect(parsed.max).toBe(4);
      expect(parsed.problem).toContain("EVENTSCOPE_MAX_CONCURRENT_SEARCHES");
      expect(parsed.problem).toContain(JSON.stringify(raw));
    }
  });

  it("says how many are running", () => {
    expect(searchesBusyMessage(4)).toBe("4 searches are already running; try again in a few seconds");
    expect(searchesBusyMessage(1)).toBe("1 search is already running; try again in a few seconds");
  });
});
