import { describe, expect, it } from "vitest";
import { estimateLagSeconds, ratePerSecond } from "@/lib/metrics/lag-seconds";
import {
  describeDuration,
  estimateDrainSeconds,
  evaluateGroupStatus,
  evaluatePartitionStatus,
  type CommitSample,
} from "@/lib/metrics/evaluate-lag-status";

const series = (rows: [number, number][]): CommitSample[] => rows.map(([committed, lag], index) => ({ t: index * 60_000, committed, lag }));
const judge = (samples: CommitSample[], lastCommitAt: number | null = samples[samples.length - 1].t) =>
  evaluatePartitionStatus(samples, { now: samples[samples.length - 1].t, lastCommitAt, windowMs: 10 * 60_000 });

describe("Burrow-style partition status", () => {
  it("OK: offsets move and lag shrinks", () => {
    expect(judge(series([[10, 50], [20, 45], [30, 40], [40, 35]])).status).toBe("OK");
  });

  it("OK: lag 0 with no traffic (offsets unchanged)", () => {
    expect(judge(series([[100, 0], [100, 0], [100, 0]]), null)).toMatchObject({ status: "OK", reason: "caught up" });
  });

  it("OK: a low-volume topic whose lag touches 0 inside the window", () => {
    expect(judge(series([[5, 1], [6, 0], [6, 1], [6, 1]])).status).toBe("OK");
  });

  it("WARN: consuming but lag never decreases", () => {
    expect(judge(series([[10, 10], [20, 15], [30, 20], [40, 25]]))).toEqual({ status: "WARN", reason: "consuming, but lag grew from 10 to 25" });
  });

  it("STALL: offset unchanged while lag > 0, recent commits", () => {
    expect(judge(series([[40, 10], [40, 12], [40, 15]])).status).toBe("STALL");
  });

  it("STOP: no commit for longer than the window", () => {
    const samples: CommitSample[] = [
      { t: 0, committed: 40, lag: 120 },
      { t: 240_000, committed: 40, lag: 950 },
    ];
    const verdict = evaluatePartitionStatus(samples, { now: 240_000, lastCommitAt: 0, windowMs: 60_000 });
    expect(verdict).toEqual({ status: "STOP", reason: "no commit for 4 min while lag grew from 120 to 950" });
  });

  it("REWIND: the committed offset went back", () => {
    expect(judge(series([[500, 10], [520, 5], [0, 525]]))).toMatchObject({ status: "REWIND", reason: "committed offset went back from 520 to 0" });
  });

  it("OK again once a consumer reprocessing from the start makes progress", () => {
    expect(judge(series([[0, 525], [100, 430], [200, 335]])).status).toBe("OK");
  });

  it("UNKNOWN with fewer than two samples", () => {
    expect(judge(series([[1, 1]])).status).toBe("UNKNOWN");
  });

  it("a group is its worst partition, and stuck partitions make it ERR", () => {
    expect(evaluateGroupStatus([{ status: "OK", reason: "" }, { status: "WARN", reason: "w" }])).toMatchObject({ groupStatus: "WARN", reason: "w" });
    expect(evaluateGroupStatus([{ status: "WARN", reason: "" }, { status: "STOP", reason: "s" }])).toMatchObject({ groupStatus: "ERR", status: "STOP" });
    expect(evaluateGroupStatus([]).groupStatus).toBe("UNKNOWN");
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
