import { RATE_SAMPLES, STATUS_WINDOW_SAMPLES } from "../derive-cycle";

// Which stored snapshots of a cluster to keep. Rates need the newest RATE_SAMPLES, lag status the
// newest STATUS_WINDOW_SAMPLES; lag seconds interpolate in log-end history as far back as a group's
// committed offset, where one point a minute is plenty. So: every one of the newest few, then the
// newest sample of each minute back to an hour (a lag older than that reads "at least").

export interface RetentionPolicy {
  /** The newest samples kept whatever their age. */
  keepNewest: number;
  /** Older ones: one per step, */
  stepMs: number;
  /** back to this age. */
  maxAgeMs: number;
}

export const RAW_SAMPLE_RETENTION: RetentionPolicy = {
  keepNewest: Math.max(RATE_SAMPLES, STATUS_WINDOW_SAMPLES) + 2,
  stepMs: 60_000,
  maxAgeMs: 60 * 60_000,
};

/** The sample times (epoch ms, any order) to delete; the rest is what replay will read. */
export function rawSamplesToDrop(times: number[], now: number, policy: RetentionPolicy = RAW_SAMPLE_RETENTION): number[] {
  const newestFirst = [...times].sort((a, b) => b - a);
  const drop: number[] = [];
  const keptSteps = new Set<number>();
  newestFirst.forEach((t, index) => {
    if (index < policy.keepNewest) return;
    if (now - t > policy.maxAgeMs) {
      drop.push(t);
      return;
    }
    // Walking from new to old: the newest sample of each minute stays, the others in it go.
    const step = Math.floor(t / policy.stepMs);
    if (keptSteps.has(step)) drop.push(t);
    else keptSteps.add(step);
  });
  return drop;
}
