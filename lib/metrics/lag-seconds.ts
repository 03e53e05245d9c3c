// Lag in seconds the way kafka-lag-exporter estimates it: the sampler remembers when the log end
// stood at which offset; the time at which the log end passed the committed offset is interpolated
// from those points, and lag in seconds is how long ago that was.

export interface OffsetPoint {
  /** Sample time, epoch milliseconds. */
  t: number;
  /** Log-end offset (high watermark) at that time. */
  offset: number;
}

export interface LagSeconds {
  seconds: number | null;
  /** True when the committed offset is older than the remembered history: the true lag is larger. */
  atLeast?: boolean;
}

/**
 * @param history log-end points in time order
 * @param committed the group's committed offset (the next message it will read)
 */
export function estimateLagSeconds(history: OffsetPoint[], committed: number | null, now: number): LagSeconds {
  if (committed === null || history.length === 0) return { seconds: null };
  const latest = history[history.length - 1];
  if (committed >= latest.offset) return { seconds: 0 };
  // The message at `committed` was produced when the log end moved from `committed` to `committed + 1`.
  const target = committed + 1;
  for (let index = 0; index < history.length; index++) {
    const point = history[index];
    if (point.offset < target) continue;
    if (index === 0) return { seconds: Math.max(0, (now - point.t) / 1000), atLeast: true };
    const before = history[index - 1];
    const span = point.offset - before.offset;
    const fraction = span > 0 ? (target - before.offset) / span : 1;
    const producedAt = before.t + fraction * (point.t - before.t);
    return { seconds: Math.max(0, (now - producedAt) / 1000) };
  }
  return { seconds: 0 };
}

/** Messages per second between the first and last point of a window; null until there are two. */
export function ratePerSecond(points: OffsetPoint[]): number | null {
  if (points.length < 2) return null;
  const first = points[0];
  const last = points[points.length - 1];
  const seconds = (last.t - first.t) / 1000;
  if (seconds <= 0) return null;
  return Math.max(0, (last.offset - first.offset) / seconds);
}
