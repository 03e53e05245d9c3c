import type { ClusterStatus } from "@/lib/brokers/types";

// How a cluster's health is remembered between requests (pure, so the rules are testable):
// a fresh "down" fails requests fast instead of making each one wait for a timeout, and a stale
// status is re-checked so a broker that comes back is noticed by itself.
export interface StatusRecord {
  status: ClusterStatus;
  error?: string;
  checkedAt: number;
}

export const STATUS_FRESH_MS = 5_000;
export const DOWN_FAIL_FAST_MS = 3_000;

export function isStatusFresh(record: StatusRecord | undefined, now: number): boolean {
  return record !== undefined && now - record.checkedAt < STATUS_FRESH_MS;
}

export function shouldFailFast(record: StatusRecord | undefined, now: number): boolean {
  return record?.status === "down" && now - record.checkedAt < DOWN_FAIL_FAST_MS;
}
