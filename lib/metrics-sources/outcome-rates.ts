// Counter totals over time -> rates and failure ratio. Pure; unit-tested on hand-made points.
// Counters only grow, except when the service restarts (or a series appears for the first time):
// a total lower than the one before is a reset, and the increase since is the new total itself,
// which is what Prometheus's rate() does too.

/** Cumulative totals of one event type at one scrape. */
export interface OutcomePoint {
  t: number;
  success: number;
  failure: number;
}

export interface OutcomeRates {
  /** Events per second over the window; null with fewer than two scrapes in it. */
  success: number | null;
  failure: number | null;
  /** failure / (success + failure) of the events in the window; null when there were none. */
  failureRatio: number | null;
  /** Events counted in the window. */
  successCount: number;
  failureCount: number;
}

/** How much a counter grew between two readings, a reset counting from zero. */
export function counterIncrease(before: number, after: number): number {
  return after >= before ? after - before : after;
}

export function ratioOf(success: number, failure: number): number | null {
  const total = success + failure;
  return total > 0 ? failure / total : null;
}

/** Rates over the points with t in [from, to] (every point when no bounds). */
export function ratesOver(points: readonly OutcomePoint[], from = -Infinity, to = Infinity): OutcomeRates {
  const inWindow = points.filter((point) => point.t >= from && point.t <= to);
  let successCount = 0;
  let failureCount = 0;
  for (let index = 1; index < inWindow.length; index++) {
    successCount += counterIncrease(inWindow[index - 1].success, inWindow[index].success);
    failureCount += counterIncrease(inWindow[index - 1].failure, inWindow[index].failure);
  }
  const seconds = inWindow.length >= 2 ? (inWindow[inWindow.length - 1].t - inWindow[0].t) / 1000 : 0;
  return {
    success: seconds > 0 ? successCount / seconds : null,
    failure: seconds > 0 ? failureCount / seconds : null,
    failureRatio: ratioOf(successCount, failureCount),
    successCount,
    failureCount,
  };
}

export interface RatePoint {
  t: number;
  success: number;
  failure: number;
  failureRatio: number | null;
}

/** The chart's series: one point per step (a minute by default), rates over that step. */
export function rateSeries(points: readonly OutcomePoint[], stepMs = 60_000): RatePoint[] {
  const series: RatePoint[] = [];
  let start = 0;
  while (start < points.length - 1) {
    // The step's last point is the last one within stepMs of its first; the next step starts there.
    let end = start + 1;
    while (end + 1 < points.length && points[end + 1].t - points[start].t <= stepMs) end++;
    const rates = ratesOver(points.slice(start, end + 1));
    series.push({ t: points[end].t, success: rates.success ?? 0, failure: rates.failure ?? 0, failureRatio: rates.failureRatio });
    start = end;
  }
  return series;
}

/** A failure ratio at or above this, with failures, in the recent window is worth a look whatever came before. */
export const SPIKE_MIN_RATIO = 0.1;

/**
 * A spike: failures in the recent window at a ratio of at least SPIKE_MIN_RATIO and at least twice the
 * ratio of the rest of the hour (so a service that always fails 30 % is not a spike every minute,
 * but one that goes from 1 % to 20 % is).
 */
export function isFailureSpike(points: readonly OutcomePoint[], now: number, windowMs: number): boolean {
  const recent = ratesOver(points, now - windowMs, now);
  if (recent.failureCount <= 0 || recent.failureRatio === null || recent.failureRatio < SPIKE_MIN_RATIO) return false;
  const before = ratesOver(points, -Infinity, now - windowMs);
  return before.failureRatio === null || recent.failureRatio >= 2 * before.failureRatio;
}
