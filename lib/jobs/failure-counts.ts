// Why a job's messages were not sent, counted per reason and kept small: a job over a million
// messages with a million different reasons still stores a few lines. Pure.

export type FailureCounts = Record<string, number>;

export const MAX_FAILURE_REASONS = 20;
export const OTHER_REASONS = "other reasons";
const MAX_REASON_LENGTH = 300;

/** Adds `delta` to `counts`; reasons beyond MAX_FAILURE_REASONS are counted under OTHER_REASONS. */
export function addFailureCounts(counts: FailureCounts, delta: FailureCounts): FailureCounts {
  const merged: FailureCounts = { ...counts };
  for (const [fullReason, count] of Object.entries(delta)) {
    if (count <= 0) continue;
    const reason = fullReason.length > MAX_REASON_LENGTH ? `${fullReason.slice(0, MAX_REASON_LENGTH)}…` : fullReason;
    const distinct = Object.keys(merged).filter((key) => key !== OTHER_REASONS).length;
    const key = reason in merged || distinct < MAX_FAILURE_REASONS ? reason : OTHER_REASONS;
    merged[key] = (merged[key] ?? 0) + count;
  }
  return merged;
}

/** Counts reasons: ["a", "b", "a"] -> {a: 2, b: 1}. */
export function countReasons(reasons: string[]): FailureCounts {
  const counts: FailureCounts = {};
  for (const reason of reasons) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}
