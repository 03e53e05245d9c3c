import { isDomainError } from "@/lib/errors";

// How jobs ride out a broker outage: an error the connector classified "broker-unavailable" (no
// connection, timeouts, leaders moving) pauses the job, which says so (pausedSince, pausedReason) and
// tries again with a growing wait, about 8.5 minutes in all before it gives up. Any other error (the
// broker refused: "broker-refused", an invalid target) fails the job at once with its reason.

export const OUTAGE_RETRIES = 60;

export function isOutage(error: unknown): boolean {
  return isDomainError(error) && error.code === "broker-unavailable";
}

/** Half a second more per attempt, at most 10 s. */
export function outageDelayMs(attempt: number): number {
  return Math.min(10_000, 500 * attempt);
}

export function outageReason(error: unknown): string {
  return `broker unavailable: ${error instanceof Error ? error.message : String(error)}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
