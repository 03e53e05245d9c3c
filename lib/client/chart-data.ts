// Shaping API history into chart rows, and the overview's ranking of lagging groups. Pure functions
// (no React, no Recharts) so they are unit-tested; the chart components only draw what they return.
import type { LagPoint, RatePoint } from "@/lib/contract/common";
import type { ConsumerRow, PartitionLagSeries } from "@/lib/contract/consumers";

/** A chart row: the sample time in epoch ms and one value (or null: unknown, drawn as a gap) per series. */
export type ChartRow = { ts: number } & Record<string, number | null>;

function finiteOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Rate points as rows `{ts, msgsPerSec, bytesPerSec}`, oldest first, unparseable times dropped. */
export function toRateRows(points: readonly RatePoint[]): ChartRow[] {
  const rows: ChartRow[] = [];
  for (const point of points) {
    const ts = Date.parse(point.t);
    if (!Number.isFinite(ts)) continue;
    rows.push({ ts, msgsPerSec: finiteOrNull(point.msgsPerSec), bytesPerSec: finiteOrNull(point.bytesPerSec) });
  }
  return rows.sort((a, b) => a.ts - b.ts);
}

/** Lag points as rows `{ts, lag, lagSeconds}`. */
export function toLagRows(points: readonly LagPoint[]): ChartRow[] {
  const rows: ChartRow[] = [];
  for (const point of points) {
    const ts = Date.parse(point.t);
    if (!Number.isFinite(ts)) continue;
    rows.push({ ts, lag: finiteOrNull(point.lag), lagSeconds: finiteOrNull(point.lagSeconds) });
  }
  return rows.sort((a, b) => a.ts - b.ts);
}

/** True when some row holds a known value for `key` (a Kafka cluster's bytes/s never does). */
export function hasKnownValues(rows: readonly ChartRow[], key: string): boolean {
  return rows.some((row) => row[key] !== null && row[key] !== undefined);
}

/** A line needs two points: fewer and the chart says it is still collecting samples. */
export function countRowsWithValues(rows: readonly ChartRow[], keys: readonly string[]): number {
  return rows.reduce((count, row) => count + (keys.some((key) => row[key] !== null && row[key] !== undefined) ? 1 : 0), 0);
}

/**
 * At most about `maxRows` rows, by merging neighbours into buckets: "max" keeps peaks (lag: the
 * worst moment must stay visible), "mean" keeps the level (rates). A bucket's time is its first
 * row's; a value unknown in every row of a bucket stays unknown.
 */
export function thinRows(rows: readonly ChartRow[], maxRows: number, mode: "max" | "mean"): ChartRow[] {
  if (maxRows < 1 || rows.length <= maxRows) return rows as ChartRow[];
  const size = Math.ceil(rows.length / maxRows);
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((key) => key !== "ts");
  const thinned: ChartRow[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const bucket = rows.slice(start, start + size);
    const row: ChartRow = { ts: bucket[0].ts };
    for (const key of keys) {
      const values = bucket.map((item) => item[key]).filter((value): value is number => typeof value === "number");
      if (values.length === 0) row[key] = null;
      else if (mode === "max") row[key] = Math.max(...values);
      else row[key] = values.reduce((sum, value) => sum + value, 0) / values.length;
    }
    thinned.push(row);
  }
  return thinned;
}

export interface PartitionSeries {
  /** Recharts data key: "s0", "s1"... (topic names hold dots, which Recharts reads as paths). */
  key: string;
  label: string;
  topic: string;
  partition: number;
  /** Latest known lag, used to pick and order the series. */
  latestLag: number | null;
}

function latestKnown(points: readonly LagPoint[], field: "lag" | "lagSeconds"): number | null {
  for (let index = points.length - 1; index >= 0; index -= 1) {
    const value = finiteOrNull(points[index][field]);
    if (value !== null) return value;
  }
  return null;
}

/**
 * The `max` partitions most behind (latest lag, then latest lag seconds), in that order, with
 * labels: "p3" when all are of one topic (the page names it), "orders p3" otherwise, and the bare
 * stream name for JetStream (one "partition" per stream).
 */
export function pickPartitionSeries(
  partitions: readonly PartitionLagSeries[],
  max: number,
  options: { isStream?: boolean } = {},
): { series: PartitionSeries[]; hidden: number } {
  const ranked = partitions
    .map((partition) => ({
      partition,
      lag: latestKnown(partition.points, "lag"),
      seconds: latestKnown(partition.points, "lagSeconds"),
    }))
    .sort(
      (a, b) =>
        (b.lag ?? -1) - (a.lag ?? -1) ||
        (b.seconds ?? -1) - (a.seconds ?? -1) ||
        a.partition.topic.localeCompare(b.partition.topic) ||
        a.partition.partition - b.partition.partition,
    );
  const chosen = ranked.slice(0, Math.max(0, max));
  const singleTopic = new Set(chosen.map((item) => item.partition.topic)).size <= 1;
  const series = chosen.map((item, index) => {
    const { topic, partition } = item.partition;
    const label = options.isStream ? topic : singleTopic ? `p${partition}` : `${topic} p${partition}`;
    return { key: `s${index}`, label, topic, partition, latestLag: item.lag };
  });
  return { series, hidden: partitions.length - chosen.length };
}

/** Data key of the group's own series (its total lag, its lag seconds) next to the partitions'. */
export const GROUP_SERIES_KEY = "group";

/**
 * Rows for a multi-series chart of `field`: one row per sample time seen in any chosen series,
 * with that series' value or null. With `groupPoints`, the group's own series is added under
 * GROUP_SERIES_KEY.
 */
export function pivotPartitionRows(
  partitions: readonly PartitionLagSeries[],
  series: readonly PartitionSeries[],
  field: "lag" | "lagSeconds",
  groupPoints?: readonly LagPoint[],
): ChartRow[] {
  const keys = [...series.map((item) => item.key), ...(groupPoints ? [GROUP_SERIES_KEY] : [])];
  const byTime = new Map<number, ChartRow>();
  const put = (key: string, points: readonly LagPoint[]) => {
    for (const point of points) {
      const ts = Date.parse(point.t);
      if (!Number.isFinite(ts)) continue;
      let row = byTime.get(ts);
      if (!row) {
        row = { ts } as ChartRow;
        for (const other of keys) row[other] = null;
        byTime.set(ts, row);
      }
      row[key] = finiteOrNull(point[field]);
    }
  };
  for (const item of series) {
    const source = partitions.find((partition) => partition.topic === item.topic && partition.partition === item.partition);
    if (source) put(item.key, source.points);
  }
  if (groupPoints) put(GROUP_SERIES_KEY, groupPoints);
  return [...byTime.values()].sort((a, b) => a.ts - b.ts);
}

export interface GroupBehind {
  clusterId: string;
  clusterName: string;
  group: string;
  lag: number | null;
  lagSeconds: number | null;
  lagSecondsAtLeast?: boolean;
  status: string;
  statusReason?: string;
  drainSeconds?: number | null;
  consumeRate?: number | null;
}

/**
 * The groups most behind across clusters: those with lag (in messages or seconds), by lag seconds
 * (unknown last), then lag, then name. A group with no lag is not "behind", whatever its status.
 */
export function rankGroupsBehind(
  clusters: readonly { clusterId: string; clusterName: string; consumers: readonly ConsumerRow[] }[],
  limit: number,
): GroupBehind[] {
  const all: GroupBehind[] = [];
  for (const cluster of clusters) {
    for (const row of cluster.consumers) {
      const lag = finiteOrNull(row.lag);
      const lagSeconds = finiteOrNull(row.lagSeconds);
      if (!((lag ?? 0) > 0 || (lagSeconds ?? 0) > 0)) continue;
      all.push({
        clusterId: cluster.clusterId,
        clusterName: cluster.clusterName,
        group: row.group,
        lag,
        lagSeconds,
        ...(row.lagSecondsAtLeast ? { lagSecondsAtLeast: true } : {}),
        status: row.status,
        statusReason: row.statusReason,
        drainSeconds: row.drainSeconds,
        consumeRate: row.consumeRate,
      });
    }
  }
  all.sort(
    (a, b) =>
      (b.lagSeconds ?? -1) - (a.lagSeconds ?? -1) ||
      (b.lag ?? -1) - (a.lag ?? -1) ||
      a.clusterId.localeCompare(b.clusterId) ||
      a.group.localeCompare(b.group),
  );
  return all.slice(0, Math.max(0, limit));
}

const DURATION_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
];

/**
 * Axis ticks for durations at round steps (30 s, 1 m, 5 m, 1 h...) from 0 to at least `maxSeconds`,
 * at most about `count` intervals: "1 m 50 s, 3 m 40 s" reads worse than "1 m, 2 m, 3 m, 4 m".
 */
export function durationTicks(maxSeconds: number, count = 4): number[] {
  const max = Number.isFinite(maxSeconds) && maxSeconds > 0 ? maxSeconds : 1;
  const step = DURATION_STEPS.find((candidate) => Math.ceil(max / candidate) <= count) ?? Math.ceil(max / count / 86_400) * 86_400;
  const intervals = Math.max(1, Math.ceil(max / step));
  return Array.from({ length: intervals + 1 }, (_, index) => index * step);
}

/** The largest known value of `keys` in `rows` (0 when none). */
export function maxOfRows(rows: readonly ChartRow[], keys: readonly string[]): number {
  let max = 0;
  for (const row of rows) {
    for (const key of keys) {
      const value = row[key];
      if (typeof value === "number" && value > max) max = value;
    }
  }
  return max;
}

const TIME_STEPS_S = [
  1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800,
];

/**
 * Time-axis ticks on round local times (every 30 s, 5 min, 1 h, 1 day...) between `minTs` and
 * `maxTs`, at most `count` of them; `stepMs` is their spacing, for choosing the label format.
 * `offsetMinutes` is the local zone's offset (minutes east of UTC), so hours and days fall on the
 * operator's clock.
 */
export function timeTicks(minTs: number, maxTs: number, count: number, offsetMinutes = 0): { ticks: number[]; stepMs: number } {
  if (!Number.isFinite(minTs) || !Number.isFinite(maxTs) || maxTs <= minTs || count < 1) return { ticks: [], stepMs: 0 };
  const span = (maxTs - minTs) / 1000;
  const stepS = TIME_STEPS_S.find((candidate) => span / candidate <= count) ?? Math.ceil(span / count / 86_400) * 86_400;
  const stepMs = stepS * 1000;
  const offsetMs = offsetMinutes * 60_000;
  const ticks: number[] = [];
  for (let tick = Math.ceil((minTs + offsetMs) / stepMs) * stepMs - offsetMs; tick <= maxTs; tick += stepMs) ticks.push(tick);
  return { ticks, stepMs };
}
