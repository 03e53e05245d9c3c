import { describe, expect, it } from "vitest";
import type { ClusterSnapshot, OffsetTimestampRequest } from "@/lib/brokers/types";
import { CommitTimestamps, RETRY_UNREADABLE_MS } from "@/lib/metrics/commit-timestamps";

// Three partitions of one group, committed at 10, 20 and 30; partition 2's log starts at 50 (retention).
function snapshot(at: number, committed = [10, 20, 30]): ClusterSnapshot {
  return {
    at,
    topics: [{ name: "t", bytes: null, partitions: [0, 1, 2].map((partition) => ({ partition, low: partition === 2 ? 50 : 0, high: 100, messages: 100 })) }],
    consumers: [{ group: "g", state: "Stable", members: 1, topics: ["t"], lag: 200, partitions: [0, 1, 2].map((partition) => ({ topic: "t", partition, committed: committed[partition], high: 100, lag: 60 })) }],
  };
}

function reader(at: (request: OffsetTimestampRequest) => number | null) {
  const asked: OffsetTimestampRequest[][] = [];
  const read = async (requests: OffsetTimestampRequest[]) => {
    asked.push(requests);
    return requests.map(at);
  };
  return { asked, read };
}

describe("lag time from message timestamps", () => {
  it("reads the misses furthest behind first, at most the limit, from the log start when the commit is below it", async () => {
    const times = new CommitTimestamps();
    const { asked, read } = reader((request) => 1_000 * request.offset);
    times.startCycle();
    expect(times.lagSeconds("g", "t", 0, 10, 100_000, 5, 60)).toBeUndefined();
    expect(times.lagSeconds("g", "t", 1, 20, 100_000, 50, 60)).toBeUndefined();
    expect(times.lagSeconds("g", "t", 2, 30, 100_000, 20, 60)).toBeUndefined();
    await times.refresh(read, snapshot(100_000), { limit: 2, budgetMs: 1_000 });
    expect(asked).toEqual([[{ topic: "t", partition: 1, offset: 20 }, { topic: "t", partition: 2, offset: 50 }]]);
    times.startCycle();
    expect(times.lagSeconds("g", "t", 1, 20, 105_000, 50, 60)).toBe(85); // written at 20 s, now 105 s
    expect(times.lagSeconds("g", "t", 2, 30, 105_000, 20, 60)).toBe(55);
    expect(times.lagSeconds("g", "t", 0, 10, 105_000, 5, 60)).toBeUndefined(); // its turn comes next
    expect(times.pending).toBe(1);
  });

  it("keeps an answer until the commit moves, never below what the history proves, and reads where the commit is now", async () => {
    const times = new CommitTimestamps();
    const { asked, read } = reader((request) => 1_000 * request.offset);
    times.startCycle();
    times.lagSeconds("g", "t", 0, 10, 100_000, 5, 60);
    // The commit moved to 12 between the miss and the read: 12 is read.
    await times.refresh(read, snapshot(100_000, [12, 20, 30]), { budgetMs: 1_000 });
    expect(asked[0]).toEqual([{ topic: "t", partition: 0, offset: 12 }]);
    times.startCycle();
    expect(times.lagSeconds("g", "t", 0, 12, 110_000, 5, 60)).toBe(98);
    expect(times.lagSeconds("g", "t", 0, 12, 110_000, 200, 60)).toBe(200); // a producer clock behind
    await times.refresh(read, snapshot(110_000, [12, 20, 30]), { budgetMs: 1_000 });
    expect(asked).toHaveLength(1); // nothing missed: no read
  });

  it("asks again for an unreadable message only after a while, and forgets partitions gone", async () => {
    const times = new CommitTimestamps();
    const { asked, read } = reader(() => null);
    times.startCycle();
    times.lagSeconds("g", "t", 0, 10, 100_000, 5, 60);
    await times.refresh(read, snapshot(100_000), { budgetMs: 1_000 });
    times.startCycle();
    expect(times.lagSeconds("g", "t", 0, 10, 101_000, 5, 60)).toBeUndefined();
    expect(times.pending).toBe(0);
    expect(times.lagSeconds("g", "t", 0, 10, 100_000 + RETRY_UNREADABLE_MS, 5, 60)).toBeUndefined();
    expect(times.pending).toBe(1);
    times.retain(new Set());
    await times.refresh(read, snapshot(200_000), { budgetMs: 1_000 });
    expect(asked).toHaveLength(2);
  });

  it("waits at most the budget; a late answer is kept for the next cycle", async () => {
    const times = new CommitTimestamps();
    let release!: () => void;
    const slow = (requests: OffsetTimestampRequest[]) => new Promise<(number | null)[]>((resolve) => (release = () => resolve(requests.map(() => 40_000))));
    times.startCycle();
    times.lagSeconds("g", "t", 0, 10, 100_000, 5, 60);
    await times.refresh(slow, snapshot(100_000), { budgetMs: 10 });
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    times.startCycle();
    expect(times.lagSeconds("g", "t", 0, 10, 100_000, 5, 60)).toBe(60);
  });
});
