import { describe, expect, it } from "vitest";
import { replayBody as replayBodySchema } from "@/lib/contract/jobs";
import { countPlanned, planReplay } from "@/lib/replay/replay-plan";

const partitions = [
  { partition: 0, low: 0, high: 20, messages: 20 },
  { partition: 1, low: 5, high: 20, messages: 15 },
];

describe("planReplay", () => {
  it("turns an inclusive offset range into per-partition ranges clamped to what exists", () => {
    const ranges = planReplay({ from: { offset: 2 }, to: { offset: 9 } }, partitions);
    expect(ranges).toEqual([
      { partition: 0, from: 2, to: 10 },
      { partition: 1, from: 5, to: 10 },
    ]);
    expect(countPlanned(ranges)).toBe(13);
  });

  it("uses offsets resolved from times, with the end time exclusive", () => {
    const ranges = planReplay(
      { from: { timestamp: "2026-01-01T00:00:00Z" }, to: { timestamp: "2026-01-02T00:00:00Z" }, partitions: [1] },
      partitions,
      new Map([[1, 7]]),
      new Map([[1, 12]]),
    );
    expect(ranges).toEqual([{ partition: 1, from: 7, to: 12 }]);
  });

  it("refuses unknown partitions, reversed ranges and a start past the end", () => {
    expect(() => planReplay({ from: { offset: 0 }, to: { offset: 1 }, partitions: [7] }, partitions)).toThrow(/partition 7 does not exist/);
    expect(() => planReplay({ from: { offset: 5 }, to: { offset: 1 } }, partitions)).toThrow(/to must not be before from/);
    expect(() => planReplay({ from: { offset: 25 }, to: { offset: 30 }, partitions: [0] }, partitions)).toThrow(/past the end/);
  });

  it("validates bodies", () => {
    expect(replayBodySchema.safeParse({ from: { offset: -1 }, to: { offset: 1 }, target: "t" }).success).toBe(false);
    expect(replayBodySchema.safeParse({ from: { offset: 1 }, to: { timestamp: "yesterday" }, target: "t" }).success).toBe(false);
    expect(replayBodySchema.safeParse({ from: { offset: 1 }, to: { offset: 2 }, target: "t", ratePerSec: 0 }).success).toBe(false);
    expect(replayBodySchema.safeParse({ from: { offset: 1 }, to: { offset: 2 }, target: "t" }).success).toBe(true);
  });
});

describe("replay body", () => {
  it("says what a range bound looks like when it is neither an offset nor a time", () => {
    const result = replayBodySchema.safeParse({ from: { position: 3 }, to: { offset: 5 }, target: "t" });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ["from"], message: expect.stringContaining('{"offset"') });
    expect(result.error!.issues[0]!.message).toContain('{"timestamp"');
  });
});
