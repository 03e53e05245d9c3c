// How far one search request may scan: a number of messages and a wall-clock budget, whichever runs
// out first. Pure (the clock is passed in) so the stopping rule is unit-tested.

export const DEFAULT_SCAN_LIMIT = 1_000_000;
export const MAX_SCAN_LIMIT = 10_000_000;
/** The longest search cursor a request may carry: room for about 2,000 partitions' positions. */
export const MAX_SEARCH_CURSOR_CHARS = 65_536;
export const DEFAULT_TIME_BUDGET_MS = 10_000;
/**
 * How long a connector's scanMessages call may take before it is failed as an outage: the search's own
 * time budget plus the broker reads in flight when it ends (a Kafka Fetch can carry 32 MB).
 */
export const SCAN_CALL_TIMEOUT_MS = 45_000;
/** The clock is read once per this many messages: Date.now() per message would cost more than the match. */
const CLOCK_EVERY = 1024;

export type StopReason = "matches" | "scanLimit" | "timeBudget" | "end";

export interface ScanBudget {
  /** Messages looked at so far. */
  readonly scanned: number;
  /** Counts one message; true when the budget is spent with it (stop after this message). */
  spendOne(): boolean;
  /** Checked between broker reads: true when the time is up. */
  outOfTime(): boolean;
  /** Why the budget stopped the scan, or null while it has not. */
  readonly reason: "scanLimit" | "timeBudget" | null;
}

export function createScanBudget(options: { scanLimit: number; timeBudgetMs: number; now: () => number }): ScanBudget {
  const deadline = options.now() + options.timeBudgetMs;
  let scanned = 0;
  let reason: "scanLimit" | "timeBudget" | null = null;
  const outOfTime = () => {
    if (reason === null && options.now() >= deadline) reason = "timeBudget";
    return reason === "timeBudget";
  };
  return {
    get scanned() {
      return scanned;
    },
    get reason() {
      return reason;
    },
    spendOne() {
      scanned++;
      if (scanned >= options.scanLimit) {
        reason ??= "scanLimit";
        return true;
      }
      return scanned % CLOCK_EVERY === 0 && outOfTime();
    },
    outOfTime,
  };
}

/**
 * The one answer to "why did the scan stop", in priority order: a budget spent on the very last
 * message still reports "end", since there is nothing left to continue with.
 */
export function stopReason(options: { matchesFull: boolean; budget: ScanBudget["reason"]; ended: boolean }): StopReason {
  if (options.matchesFull) return "matches";
  if (options.ended) return "end";
  return options.budget ?? "timeBudget";
}
