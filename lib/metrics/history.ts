import { estimateLagSeconds, type OffsetPoint } from "./lag-seconds";
import type { SeriesBook } from "./ring-series";
import { keys } from "./series-keys";

// Chart-ready history read from a cluster's in-memory series.

export interface RatePoint {
  t: string;
  msgsPerSec: number | null;
  bytesPerSec: number | null;
}

export interface LagPoint {
  t: string;
  lag: number | null;
  lagSeconds: number | null;
}

function mergeByTime<T>(series: { t: number; value: number }[][], build: (t: number, values: (number | null)[]) => T): T[] {
  const times = [...new Set(series.flatMap((points) => points.map((point) => point.t)))].sort((a, b) => a - b);
  const lookups = series.map((points) => new Map(points.map((point) => [point.t, point.value])));
  return times.map((t) => build(t, lookups.map((lookup) => lookup.get(t) ?? null)));
}

export function topicRateHistory(book: SeriesBook, topic: string, from: number): RatePoint[] {
  return mergeByTime([book.points(keys.topicRate(topic), from), book.points(keys.topicByteRate(topic), from)], (t, [msgs, bytes]) => ({
    t: new Date(t).toISOString(),
    msgsPerSec: msgs,
    bytesPerSec: bytes,
  }));
}

export function clusterRateHistory(book: SeriesBook, from: number): RatePoint[] {
  return mergeByTime([book.points(keys.clusterRate(), from), book.points(keys.clusterByteRate(), from)], (t, [msgs, bytes]) => ({
    t: new Date(t).toISOString(),
    msgsPerSec: msgs,
    bytesPerSec: bytes,
  }));
}

export function groupLagHistory(book: SeriesBook, group: string, from: number): LagPoint[] {
  return mergeByTime([book.points(keys.groupLag(group), from), book.points(keys.groupLagSeconds(group), from)], (t, [lag, seconds]) => ({
    t: new Date(t).toISOString(),
    lag,
    lagSeconds: seconds,
  }));
}

/**
 * Lag and lag seconds of one partition at each sample. Lag is high - committed at that sample, which
 * the book keeps as the committed series (it keeps a lag series only where that is not the lag: no commit yet, or a commit below the log
 * start). Lag seconds are estimated from the log-end history known at that time. Per-partition
 * series are compact (see SeriesBook): full resolution for the newest minutes, one point a minute
 * before that.
 */
export function partitionLagHistory(book: SeriesBook, group: string, topic: string, partition: number, from: number): LagPoint[] {
  const highs: OffsetPoint[] = book.points(keys.partitionHigh(topic, partition)).map((p) => ({ t: p.t, offset: p.value }));
  const highAt = new Map(highs.map((p) => [p.t, p.offset]));
  // The committed-offset series holds the distance behind the log end of the same sample.
  const behind = new Map(book.points(keys.committed(group, topic, partition), from).map((p) => [p.t, p.value]));
  const explicit = new Map(book.points(keys.partitionLag(group, topic, partition), from).map((p) => [p.t, p.value]));
  const times = [...new Set([...behind.keys(), ...explicit.keys()])].sort((a, b) => a - b);
  let known = 0; // highs[0..known) are at or before the current t
  return times.map((t) => {
    while (known < highs.length && highs[known].t <= t) known++;
    const distance = behind.get(t);
    const high = highAt.get(t);
    const commit = distance !== undefined && high !== undefined ? high - distance : undefined;
    const lag = explicit.get(t) ?? (distance !== undefined ? Math.max(0, distance) : null);
    const seconds = commit === undefined ? null : lag === 0 ? 0 : estimateLagSeconds(highs.slice(0, known), commit, t).seconds;
    return { t: new Date(t).toISOString(), lag, lagSeconds: seconds };
  });
}

/** Whether the in-memory samples reach back to `from` (within one interval); not so in the hour after a start. */
export function memoryCovers(book: SeriesBook, from: number, intervalMs: number): boolean {
  let oldest = Infinity;
  for (const t of book.times) if (t < oldest) oldest = t; // NaN (unused slots) never compares below
  return oldest <= from + intervalMs;
}

/**
 * Stored minute points (kept across restarts) for the part of a window older than memory, then the
 * in-memory points at sampling resolution: one continuous series after a restart.
 */
export function joinStoredAndLive<T extends { t: string }>(stored: T[], live: T[]): T[] {
  if (live.length === 0) return stored;
  const firstLive = Date.parse(live[0].t);
  return [...stored.filter((point) => Date.parse(point.t) < firstLive), ...live];
}
