import { describe, expect, it } from "vitest";
import type { ConsumerRow, PartitionLagSeries } from "@/lib/contract/consumers";
import {
  countRowsWithValues,
  durationTicks,
  maxOfRows,
  timeTicks,
  GROUP_SERIES_KEY,
  hasKnownValues,
  pickPartitionSeries,
  pivotPartitionRows,
  rankGroupsBehind,
  thinRows,
  toLagRows,
  toRateRows,
} from "@/lib/client/chart-data";
import { formatAxisTime, formatByteRateOrUnknown, formatDrain, formatMsgRate, UNKNOWN } from "@/lib/client/format";
import { historyPollMs, livePollMs, LIVE_RECONCILE_MS, STORED_HISTORY_STEP_MS } from "@/lib/client/query-config";
import { DEFAULT_TIME_WINDOW, parseTimeWindow, searchWithTimeWindow } from "@/lib/client/time-window";

const T0 = Date.parse("2026-11-24T10:00:00.000Z");
const iso = (t: number) => new Date(t).toISOString();

describe("format additions", () => {
  it("formats message and byte rates, unknown as unknown (never 0)", () => {
    expect(formatMsgRate(12_400)).toBe("12.4k msg/s");
    expect(formatMsgRate(0)).toBe("0 msg/s");
    expect(formatMsgRate(null)).toBe(UNKNOWN);
    expect(formatByteRateOrUnknown(1536)).toBe("1.5 KB/s");
    expect(formatByteRateOrUnknown(null)).toBe("unknown");
    expect(formatByteRateOrUnknown(undefined)).toBe("unknown");
  });

  it("formats axis times by tick spacing and span (UTC unless local is chosen)", () => {
    const local = new Date(2026, 4, 1, 14, 3, 20).getTime();
    expect(formatAxisTime(local, 30, 300, "local")).toBe("14:03:20");
    expect(formatAxisTime(local, 43_200, 7 * 86_400, "local")).toBe("05-01 14:03");
    const t = Date.UTC(2026, 4, 1, 14, 3, 20);
    expect(formatAxisTime(t, 30, 300)).toBe("14:03:20");
    expect(formatAxisTime(t, 60, 3600)).toBe("14:03");
    expect(formatAxisTime(t, 10_800, 86_400)).toBe("14:03");
    expect(formatAxisTime(t, 43_200, 7 * 86_400)).toBe("05-01 14:03");
    expect(formatAxisTime(t, 86_400, 7 * 86_400)).toBe("05-01");
    expect(formatAxisTime(Number.NaN, 300)).toBe("");
  });

  it("phrases a drain estimate", () => {
    expect(formatDrain(200, 5000)).toBe("3 m 20 s");
    expect(formatDrain(null, 0)).toBe("no lag");
    expect(formatDrain(120, 0)).toBe("no lag");
    expect(formatDrain(null, 950)).toBe("not draining");
    expect(formatDrain(undefined, null)).toBe(UNKNOWN);
    expect(formatDrain(null, 950, null)).toBe(UNKNOWN);
    expect(formatDrain(null, 950, 0)).toBe("not draining");
  });

  it("never says an OK group is not draining (issue 12 item 2): its steady lag is keeping up", () => {
    // Consuming as fast as producing (no drain estimate: net rate 0) with a small in-flight lag.
    expect(formatDrain(null, 950, 5.2, "OK")).toBe("keeping up");
    expect(formatDrain(null, 950, 0, "OK")).toBe("keeping up");
    expect(formatDrain(undefined, 3, undefined, "ok")).toBe("keeping up");
    for (const status of ["OK", "WARN", "ERR", "STOP", "STALL", "UNKNOWN", null, undefined]) {
      for (const [drain, lag, rate] of [[null, 950, 5], [null, 950, 0], [undefined, 1, undefined], [null, 0, 1], [120, 950, 9]] as const) {
        const text = formatDrain(drain, lag, rate, status);
        if (status === "OK") expect(text, `${status} ${drain} ${lag} ${rate}`).not.toBe("not draining");
      }
    }
    // Whatever else holds: a falling-behind or stopped group still reads "not draining".
    expect(formatDrain(null, 950, 1, "WARN")).toBe("not draining");
    expect(formatDrain(null, 950, 0, "ERR")).toBe("not draining");
    // The estimate and "no lag" win over the status; an unknown consume rate stays unknown.
    expect(formatDrain(200, 5000, 30, "OK")).toBe("3 m 20 s");
    expect(formatDrain(null, 0, 1, "OK")).toBe("no lag");
    expect(formatDrain(null, 950, null, "OK")).toBe(UNKNOWN);
  });
});

describe("time windows", () => {
  it("parses the four windows and falls back to the default", () => {
    expect(parseTimeWindow("5m").seconds).toBe(300);
    expect(parseTimeWindow("7d").seconds).toBe(604_800);
    expect(parseTimeWindow(null).id).toBe(DEFAULT_TIME_WINDOW);
    expect(parseTimeWindow("15m").id).toBe(DEFAULT_TIME_WINDOW);
    expect(parseTimeWindow("<script>").id).toBe(DEFAULT_TIME_WINDOW);
  });

  it("sets the window in a search string, keeping other params and leaving the default out", () => {
    expect(searchWithTimeWindow("?q=orders", "24h")).toBe("?q=orders&window=24h");
    expect(searchWithTimeWindow("?window=24h&q=a", "5m")).toBe("?window=5m&q=a");
    expect(searchWithTimeWindow("?window=24h", DEFAULT_TIME_WINDOW)).toBe("");
  });
});

describe("poll intervals", () => {
  it("polls slowly while live and at the sampling interval otherwise", () => {
    expect(livePollMs("live", 5000)).toBe(LIVE_RECONCILE_MS);
    expect(livePollMs("polling", 2000)).toBe(2000);
    expect(livePollMs("connecting", 5000)).toBe(5000);
  });
  it("polls stored windows once a minute and unpushed series at least every 10 s", () => {
    expect(historyPollMs(86_400, "live", 5000)).toBe(STORED_HISTORY_STEP_MS);
    expect(historyPollMs(3600, "polling", 5000)).toBe(5000);
    expect(historyPollMs(3600, "live", 1000, false)).toBe(10_000);
  });
});

describe("chart rows", () => {
  it("turns points into rows, unknown values as null", () => {
    const rows = toRateRows([
      { t: iso(T0 + 5000), msgsPerSec: 3, bytesPerSec: null },
      { t: iso(T0), msgsPerSec: Number.NaN as unknown as number, bytesPerSec: 10 },
      { t: "garbage", msgsPerSec: 1, bytesPerSec: 1 },
    ]);
    expect(rows).toEqual([
      { ts: T0, msgsPerSec: null, bytesPerSec: 10 },
      { ts: T0 + 5000, msgsPerSec: 3, bytesPerSec: null },
    ]);
    expect(hasKnownValues(rows, "bytesPerSec")).toBe(true);
    expect(hasKnownValues(toRateRows([{ t: iso(T0), msgsPerSec: 1, bytesPerSec: null }]), "bytesPerSec")).toBe(false);
    expect(toLagRows([{ t: iso(T0), lag: 5, lagSeconds: null }])).toEqual([{ ts: T0, lag: 5, lagSeconds: null }]);
  });

  it("counts rows that hold a value (two are needed to draw a line)", () => {
    const rows = toLagRows([
      { t: iso(T0), lag: null, lagSeconds: null },
      { t: iso(T0 + 1000), lag: 1, lagSeconds: null },
    ]);
    expect(countRowsWithValues(rows, ["lag"])).toBe(1);
    expect(countRowsWithValues(rows, ["lagSeconds"])).toBe(0);
  });

  it("thins rows into buckets, keeping peaks (max) or levels (mean) and unknowns", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ ts: T0 + i, v: i === 3 ? 100 : i, u: null }));
    const peaks = thinRows(rows, 5, "max");
    expect(peaks).toHaveLength(5);
    expect(peaks.map((row) => row.v)).toEqual([1, 100, 5, 7, 9]);
    expect(peaks[0].ts).toBe(T0);
    expect(peaks.every((row) => row.u === null)).toBe(true);
    expect(thinRows(rows, 5, "mean").map((row) => row.v)).toEqual([0.5, 51, 4.5, 6.5, 8.5]);
    expect(thinRows(rows, 20, "max")).toBe(rows);
  });
});

describe("partition series", () => {
  const series = (topic: string, partition: number, lags: (number | null)[]): PartitionLagSeries => ({
    topic,
    partition,
    points: lags.map((lag, i) => ({ t: iso(T0 + i * 5000), lag, lagSeconds: lag === null ? null : lag / 10 })),
  });
  const partitions = [series("orders", 0, [5, 1]), series("orders", 1, [1, 900]), series("orders", 2, [50, null]), series("orders", 3, [0, 0])];

  it("picks the partitions most behind by their latest known lag", () => {
    const { series: picked, hidden } = pickPartitionSeries(partitions, 2);
    expect(picked.map((s) => [s.key, s.label, s.latestLag])).toEqual([
      ["s0", "p1", 900],
      ["s1", "p2", 50],
    ]);
    expect(hidden).toBe(2);
  });

  it("labels by topic when several topics are shown, and by stream name for JetStream", () => {
    const mixed = [series("a", 0, [1]), series("b", 0, [2])];
    expect(pickPartitionSeries(mixed, 10).series.map((s) => s.label)).toEqual(["b p0", "a p0"]);
    expect(pickPartitionSeries(mixed, 10, { isStream: true }).series.map((s) => s.label)).toEqual(["b", "a"]);
  });

  it("pivots chosen series into rows by time, with keys that are safe for Recharts", () => {
    const { series: picked } = pickPartitionSeries(partitions, 2);
    const rows = pivotPartitionRows(partitions, picked, "lagSeconds");
    expect(rows).toEqual([
      { ts: T0, s0: 0.1, s1: 5 },
      { ts: T0 + 5000, s0: 90, s1: null },
    ]);
  });

  it("adds the group's own series when given", () => {
    const { series: picked } = pickPartitionSeries(partitions, 1);
    const rows = pivotPartitionRows(partitions, picked, "lag", [{ t: iso(T0 + 10_000), lag: 7, lagSeconds: 1 }]);
    expect(rows).toEqual([
      { ts: T0, s0: 1, [GROUP_SERIES_KEY]: null },
      { ts: T0 + 5000, s0: 900, [GROUP_SERIES_KEY]: null },
      { ts: T0 + 10_000, s0: null, [GROUP_SERIES_KEY]: 7 },
    ]);
  });
});

describe("rankGroupsBehind", () => {
  const row = (group: string, lag: number | null, lagSeconds: number | null, status: ConsumerRow["status"] = "WARN"): ConsumerRow => ({
    group,
    state: "Stable",
    members: 1,
    topics: [],
    lag,
    lagSeconds,
    status,
    statusReason: `${group} reason`,
  });

  it("ranks across clusters by lag seconds (unknown last), then lag, and leaves out groups without lag", () => {
    const ranked = rankGroupsBehind(
      [
        { clusterId: "k", clusterName: "Kafka", consumers: [row("ok", 0, 0, "OK"), row("slow", 500, 120), row("stopped", 950, null, "ERR")] },
        { clusterId: "n", clusterName: "NATS", consumers: [row("fast", 10, 2), row("tie", 600, 120), row("unknown", null, null, "UNKNOWN")] },
      ],
      10,
    );
    expect(ranked.map((g) => `${g.clusterId}/${g.group}`)).toEqual(["n/tie", "k/slow", "n/fast", "k/stopped"]);
    expect(ranked[0]).toMatchObject({ clusterName: "NATS", status: "WARN", statusReason: "tie reason" });
  });

  it("keeps the top N", () => {
    const consumers = Array.from({ length: 30 }, (_, i) => row(`g${i}`, i + 1, i + 1));
    const ranked = rankGroupsBehind([{ clusterId: "k", clusterName: "K", consumers }], 10);
    expect(ranked).toHaveLength(10);
    expect(ranked[0].group).toBe("g29");
  });
});

describe("axis helpers", () => {
  it("puts duration ticks on round steps", () => {
    expect(durationTicks(208)).toEqual([0, 60, 120, 180, 240]);
    expect(durationTicks(50)).toEqual([0, 15, 30, 45, 60]);
    expect(durationTicks(3 * 3600 + 1)).toEqual([0, 3600, 7200, 10_800, 14_400]);
    expect(durationTicks(0)).toEqual([0, 1]);
    expect(durationTicks(Number.NaN)).toEqual([0, 1]);
    expect(durationTicks(40 * 86_400)).toEqual([0, 864_000, 1_728_000, 2_592_000, 3_456_000]);
  });

  it("finds the largest value of rows", () => {
    const rows = [
      { ts: T0, a: 3, b: null },
      { ts: T0 + 90_000, a: null, b: 7 },
    ];
    expect(maxOfRows(rows, ["a"])).toBe(3);
    expect(maxOfRows(rows, ["a", "b"])).toBe(7);
    expect(maxOfRows([], ["a"])).toBe(0);
  });
});

describe("timeTicks", () => {
  const at = (iso: string) => Date.parse(iso);
  it("puts ticks on round times, at most `count` of them", () => {
    const { ticks, stepMs } = timeTicks(at("2026-11-24T10:00:07Z"), at("2026-11-24T10:04:50Z"), 5);
    expect(stepMs).toBe(60_000);
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 19))).toEqual(["10:01:00", "10:02:00", "10:03:00", "10:04:00"]);
    const short = timeTicks(at("2026-11-24T10:00:07Z"), at("2026-11-24T10:01:00Z"), 4);
    expect(short.stepMs).toBe(15_000);
    expect(short.ticks.map((t) => new Date(t).toISOString().slice(14, 19))).toEqual(["00:15", "00:30", "00:45", "01:00"]);
  });

  it("aligns hours and days to the local zone", () => {
    // UTC+05:30: a 1-day step falls on local midnight, 18:30 UTC.
    const { ticks, stepMs } = timeTicks(at("2026-11-20T00:00:00Z"), at("2026-11-26T23:00:00Z"), 7, 330);
    expect(stepMs).toBe(86_400_000);
    expect(new Date(ticks[0]).toISOString()).toBe("2026-11-20T18:30:00.000Z");
    expect(ticks).toHaveLength(7);
  });

  it("gives nothing for an empty or inverted range", () => {
    expect(timeTicks(5, 5, 4).ticks).toEqual([]);
    expect(timeTicks(Number.NaN, 5, 4).ticks).toEqual([]);
  });
});
