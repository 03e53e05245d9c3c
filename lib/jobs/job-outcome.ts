// How a job that ran to its end is recorded. A job whose every message was refused (each one's
// target refused, say) sent nothing: it failed, whatever its executor's loop thought, and says why.
// A job that sent some and had others refused succeeded, with `failed` and `failures` saying which
// were not sent (the UI calls it "partly failed"). Pure, unit-tested (tests/unit/job-outcome.test.ts).
import type { FailureCounts } from "./failure-counts";

export type FinishedOutcome = { state: "succeeded" } | { state: "failed"; error: string };

/** The end state of a job its executor ran to the end, from its counts and failure reasons. */
export function finishedOutcome(counts: { done: number; failed: number; failures: FailureCounts | null }): FinishedOutcome {
  if (counts.done > 0 || counts.failed <= 0) return { state: "succeeded" };
  const reasons = Object.entries(counts.failures ?? {})
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const n = counts.failed;
  const what = n === 1 ? "its one message was not sent" : `none of its ${n} messages was sent`;
  if (reasons.length === 0) return { state: "failed", error: what };
  const listed = reasons.slice(0, 3).map(([reason, count]) => (reasons.length === 1 ? reason : `${reason} (${count})`));
  const others = reasons.length - 3;
  const more = others > 0 ? `; ${others} more reason${others === 1 ? "" : "s"}` : "";
  return { state: "failed", error: `${what}: ${listed.join("; ")}${more}` };
}
