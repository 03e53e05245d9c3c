import { describe, expect, it } from "vitest";
import { estimateLagSeconds, ratePerSecond } from "@/lib/metrics/lag-seconds";
import {
  describeDuration,
  estimateDrainSeconds,
  evaluateGroupStatus,
  evaluatePartitionStatus,
  fallingBehind,
  type CommitSample,
  type PartitionVerdict,
} from "@/lib/metrics/evaluate-lag-status";

// Each row is one distinct commit, a minute apart: [committed offset, lag when first seen].
const series = (rows: [number, number][]): CommitSample[] => rows.map(([committed, lag], index) => ({ t: index * 60_000, committed, lag }));
const judge = (commits: CommitSample[], lag = commits[commits.length - 1].lag, now = commits[commits.length - 1].t) =>
  evaluatePartitionStatus(commits, { label: "orders partition 3", now, lag, minStopMs: 60_000 });

describe("Burrow-style partition status over the last distinct commits", () => {
  it("OK: offsets move and lag shrinks", () => {
    expect(judge(series([[10, 50], [20, 45], [30, 40], [40, 35]])).status).toBe("OK");
  });

  it("OK: lag 0 now, whatever the window (no traffic, offsets unchanged for a long time)", () => {
    expect(judge(series([[100, 0]]), 0, 3_600_000)).toMatchObject({ status: "OK", reason: "orders partition 3: caught up" });
  });

  it("OK: a low-volume topic whose lag touched 0 at a commit in the window", () => {
    expect(judge(series([[5, 1], [6, 0], [7, 1]]), 1).status).toBe("OK");
  });

  it("WARN: consuming but lag never decreases, naming the partition", () => {
    expect(judge(series([[10, 10], [20, 15], [30, 20], [40, 25]]))).toMatchObject({
      status: "WARN",
      reason: "orders partition 3: consuming, but lag grew from 10 to 25 over the last 4 commits",
    });
  });

  it("STOP: no commit for longer than the window spans, naming the partition", () => {
    const commits: CommitSample[] = [
      { t: 0, committed: 30, lag: 100 },
      { t: 30_000, committed: 40, lag: 120 },
    ];
    expect(judge(commits, 950, 270_000)).toEqual({
      status: "STOP",
      reason: "orders partition 3: no commit for 4 min (at offset 40) while lag went from 120 to 950",
      lastCommitAt: 30_000,
    });
  });

  it("a slow consumer's window spans minutes: silence shorter than its span is not STOP", () => {
    // One commit every 3 minutes; 4 minutes since the last one, the window spans 27 minutes.
    const slow = Array.from({ length: 10 }, (_, i) => ({ t: i * 180_000, committed: 100 + i * 10, lag: 500 + i * 5 }));
    expect(judge(slow, 560, 9 * 180_000 + 240_000).status).toBe("WARN");
  });

  it("a partition that keeps committing is never STOP, however few commits were seen", () => {
    // Commits every 5 s seen from the start of the console; evaluated just before each next commit.
    const commits: CommitSample[] = [];
    for (let i = 0; i < 40; i++) {
      commits.push({ t: i * 5_000, committed: i * 5, lag: 100 + i * 20 });
      if (commits.length > 10) commits.shift();
      expect(judge(commits, 100 + i * 20 + 20, i * 5_000 + 4_999).status).not.toBe("STOP");
    }
  });

  it("not STOP before the minimum silence with one commit seen (after a restart), STOP after it", () => {
    expect(judge(series([[40, 10]]), 12, 30_000)).toMatchObject({ status: "UNKNOWN" });
    expect(judge(series([[40, 10]]), 12, 61_000).status).toBe("STOP");
  });

  it("a quiet topic: silence counts from when there was something to commit, not from the commit", () => {
    // Caught up at offset 40 an hour ago (seen with lag 0 until a minute ago); a message came since.
    const quiet: CommitSample[] = [{ t: 0, committed: 40, lag: 0, caughtUpAt: 3_540_000 }];
    expect(judge(quiet, 1, 3_580_000).status).not.toBe("STOP");
    expect(judge(quiet, 1, 3_700_000).status).toBe("STOP");
  });

  it("REWIND: the committed offset went back", () => {
    expect(judge(series([[500, 10], [520, 5], [0, 525]]))).toMatchObject({
      status: "REWIND",
      reason: "orders partition 3: committed offset went back from 520 to 0",
    });
  });

  it("OK again once a consumer reprocessing from the start makes progress", () => {
    expect(judge(series([[0, 525], [100, 430], [200, 335]])).status).toBe("OK");
  });

  it("UNKNOWN without a commit", () => {
    expect(judge([], 5, 0).status).toBe("UNKNOWN");
  });
});

describe("group status", () => {
  const verdict = (status: PartitionVerdict["status"], reason: string, lastCommitAt: number | null = 0): PartitionVerdict => ({ status, reason, lastCommitAt });

  it("a group is its worst partition, and stuck partitions make it ERR", () => {
    expect(evaluateGroupStatus([verdict("OK", ""), verdict("WARN", "w")])).toMatchObject({ groupStatus: "WARN", reason: "w" });
    expect(evaluateGroupStatus([verdict("WARN", "", 0), verdict("STOP", "s", 0)])).toMatchObject({ groupStatus: "ERR", status: "STOP" });
    expect(evaluateGroupStatus([verdict("STOP", "a", 0), verdict("STOP", "b", 10)])).toMatchObject({ groupStatus: "ERR" });
    expect(evaluateGroupStatus([]).groupStatus).toBe("UNKNOWN");
  });

  it("a paused partition of a group that keeps committing on its other partitions is WARN, not STOP", () => {
    const judged = evaluateGroupStatus([verdict("STOP", "order.paid partition 1: no commit for 6 min", 1_000), verdict("WARN", "p0", 400_000)]);
    expect(judged.groupStatus).toBe("WARN");
    expect(judged.partitions[0]).toMatchObject({ status: "WARN", reason: expect.stringContaining("order.paid partition 1: no commit for 6 min; the group keeps committing") });
  });

  it("a group that consumes but falls behind is WARN with both rates, not OK", () => {
    const rates = { lag: 900, consumeRate: 1, produceRate: 5.2, lagBefore: 650 };
    expect(evaluateGroupStatus([verdict("OK", "p0: consuming; lag 900")], rates)).toMatchObject({
      groupStatus: "WARN",
      reason: "consuming 1.0 msg/s, producing 5.2 msg/s: falling behind by 4.2 msg/s",
    });
    expect(fallingBehind({ ...rates, consumeRate: 5.1 })).toBeNull(); // keeps up, within rounding
    expect(fallingBehind({ ...rates, lagBefore: 1000 })).toBeNull(); // the backlog shrank over the window
    expect(fallingBehind({ ...rates, lag: 0 })).toBeNull();
    expect(fallingBehind({ ...rates, consumeRate: null })).toBeNull();
  });

  it("ERR wins over falling behind", () => {
    const rates = { lag: 900, consumeRate: 1, produceRate: 5.2, lagBefore: 650 };
    expect(evaluateGroupStatus([verdict("REWIND", "r")], rates)).toMatchObject({ groupStatus: "ERR", reason: "r" });
  });
});

describe("lag in seconds", () => {
  const history = [
    { t: 0, offset: 0 },
    { t: 10_000, offset: 100 },
    { t: 20_000, offset: 200 },
  ];

  it("interpolates when the log end passed the committed offset", () => {
    // Offset 49 was produced when the log end reached 50, at t = 5 s; 15 s ago at t = 20 s.
    expect(estimateLagSeconds(history, 49, 20_000)).toEqual({ seconds: 15 });
  });

  it("is 0 when caught up and unknown without a commit or history", () => {
    expect(estimateLagSeconds(history, 200, 20_000)).toEqual({ seconds: 0 });
    expect(estimateLagSeconds(history, null, 20_000)).toEqual({ seconds: null });
    expect(estimateLagSeconds([], 5, 20_000)).toEqual({ seconds: null });
  });

  it("is a lower bound when the commit is older than the history", () => {
    expect(estimateLagSeconds([{ t: 5_000, offset: 100 }, { t: 10_000, offset: 150 }], 10, 20_000)).toEqual({ seconds: 15, atLeast: true });
  });

  it("grows with wall time while the consumer stands still", () => {
    const a = estimateLagSeconds(history, 99, 20_000).seconds!;
    const b = estimateLagSeconds(history, 99, 30_000).seconds!;
    expect(b - a).toBeCloseTo(10);
  });

  it("rates need two points and a positive span", () => {
    expect(ratePerSecond(history)).toBe(10);
    expect(ratePerSecond(history.slice(0, 1))).toBeNull();
    expect(ratePerSecond([{ t: 1, offset: 1 }, { t: 1, offset: 5 }])).toBeNull();
  });
});

describe("drain estimate and durations", () => {
  it("divides lag by the net consume rate", () => {
    expect(estimateDrainSeconds(600, 20, 10)).toBe(60);
    expect(estimateDrainSeconds(600, 5, 10)).toBeNull();
    expect(estimateDrainSeconds(0, null, null)).toBe(0);
  });

  it("says durations like a person", () => {
    expect(describeDuration(4_000)).toBe("4 s");
    expect(describeDuration(200_000)).toBe("3 min 20 s");
    expect(describeDuration(3_600_000)).toBe("1 h");
  });
});

describe("commit windows", () => {
  it("keep the last 10 distinct commits per partition, note when a commit was caught up, and forget unseen partitions", async () => {
    const { COMMIT_WINDOW, GroupPartitionState, windowSamples } = await import("@/lib/metrics/group-partition-state");
    const windows = new GroupPartitionState();
    const observeCommit = (key: string, t: number, committed: number, lag: number) => {
      const slot = windows.slotFor(key);
      windows.observeCommit(slot, t, committed, lag);
      return windowSamples(windows.window(slot));
    };
    windows.beginCycle();
    for (let i = 0; i < 25; i++) observeCommit("p", i * 1000, Math.floor(i / 2), 5);
    const window = observeCommit("p", 25_000, 12, 0);
    expect(window).toHaveLength(COMMIT_WINDOW);
    expect(window.map((commit) => commit.committed)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(window.at(-1)).toMatchObject({ t: 24_000, committed: 12, caughtUpAt: 25_000 });
    expect(window[0].caughtUpAt).toBeUndefined();
    windows.endCycle();
    windows.beginCycle();
    windows.slotFor("q"); // only q seen in this cycle
    windows.endCycle();
    expect(windows.has("p")).toBe(false);
    expect(windows.size).toBe(0);
  });
});
