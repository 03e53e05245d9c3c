// "Expiring in the next 5 minutes" and "new per minute" of a Redis store, from the remaining TTLs
// (PTTL) of all its records or of a sample of them. Pure.
import type { NewPerMinuteMethod } from "../types";

export const EXPIRING_SOON_MS = 5 * 60_000;
/** Share of records that must carry a TTL (or not) for the TTL (or count) method to apply. */
const UNIFORM_SHARE = 0.95;
/** Two counts closer than this say nothing about a rate. */
const MIN_DELTA_MS = 5_000;

export interface CountSnapshot {
  at: number;
  records: number;
}

export interface TtlStatsInput {
  /** PTTL of each sampled record: ms left, -1 no TTL, -2 gone meanwhile (ignored). */
  ttlsMs: readonly number[];
  /** Records in the store (the sample is a uniform sample of them, or all of them). */
  total: number;
  /** Configured TTL the records are written with, if known. */
  ttlSeconds?: number;
  /** Longest remaining TTL seen so far for this store, ms (the TTL a fresh record starts with). */
  longestTtlMs: number;
  /** An earlier count of the store, for stores whose records do not expire. */
  previous?: CountSnapshot;
  now: number;
}

export interface TtlStats {
  expiringSoon: number | null;
  newPerMinute: number | null;
  newPerMinuteMethod?: NewPerMinuteMethod;
  assumedTtlSeconds?: number;
}

/**
 * With a uniform TTL T, a record with r ms left was written T - r ago, so the records written in the
 * last minute are those with r > T - 60 s (scaled up from the sample). Without TTLs the count only
 * grows by what is added, so the growth since the previous poll is the rate. Mixed stores get the
 * net growth (additions minus expiries), a lower bound, and say so.
 */
export function summarizeTtls(input: TtlStatsInput): TtlStats {
  const live = input.ttlsMs.filter((ttl) => ttl !== -2);
  if (input.total === 0) return { expiringSoon: 0, newPerMinute: countRate(input) ?? 0, newPerMinuteMethod: "count-delta" };
  if (live.length === 0) return { expiringSoon: null, newPerMinute: null };
  const scale = input.total / live.length;
  const withTtl = live.filter((ttl) => ttl >= 0);
  const expiringSoon = Math.round(withTtl.filter((ttl) => ttl <= EXPIRING_SOON_MS).length * scale);
  const ttlShare = withTtl.length / live.length;

  if (ttlShare >= UNIFORM_SHARE) {
    let longest = input.longestTtlMs;
    for (const ttl of withTtl) if (ttl > longest) longest = ttl;
    const ttlMs = input.ttlSeconds !== undefined ? input.ttlSeconds * 1000 : inferTtlMs(longest);
    if (ttlMs <= 0) return { expiringSoon, newPerMinute: null };
    // Records younger than a minute, or than the TTL when it is shorter (then scale to a minute).
    const windowMs = Math.min(60_000, ttlMs);
    const young = withTtl.filter((ttl) => ttl > ttlMs - windowMs).length;
    return {
      expiringSoon,
      newPerMinute: round1(((young * scale) / windowMs) * 60_000),
      newPerMinuteMethod: "ttl",
      assumedTtlSeconds: ttlMs / 1000,
    };
  }
  const rate = countRate(input);
  return {
    expiringSoon,
    newPerMinute: rate,
    newPerMinuteMethod: ttlShare <= 1 - UNIFORM_SHARE ? "count-delta" : "net-growth",
  };
}

/** TTLs people write records with; the longest remaining TTL seen just under one of them is taken as it. */
const COMMON_TTLS_S = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 2_592_000];

/**
 * The TTL records are written with, from the longest remaining TTL seen: snapped up to a common value
 * when it is within 5 % below it (the newest record was written a moment ago), else taken as is
 * (configure `ttlSeconds` when writes may pause for long).
 */
export function inferTtlMs(longestMs: number): number {
  for (const seconds of COMMON_TTLS_S) {
    const ttl = seconds * 1000;
    if (ttl >= longestMs && ttl - longestMs <= Math.max(2_000, ttl * 0.05)) return ttl;
  }
  return Math.ceil(longestMs / 1000) * 1000;
}

function countRate(input: TtlStatsInput): number | null {
  const previous = input.previous;
  if (!previous || input.now - previous.at < MIN_DELTA_MS) return null;
  const grown = Math.max(0, input.total - previous.records);
  return round1((grown / (input.now - previous.at)) * 60_000);
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The snapshot to compare against: of those between 5 s and 10 min old, the one nearest a minute old. */
export function pickPreviousSnapshot(history: readonly CountSnapshot[], now: number, maxAgeMs = 10 * 60_000): CountSnapshot | undefined {
  let best: CountSnapshot | undefined;
  for (const snapshot of history) {
    const age = now - snapshot.at;
    if (age < MIN_DELTA_MS || age > maxAgeMs) continue;
    if (!best || Math.abs(age - 60_000) < Math.abs(now - best.at - 60_000)) best = snapshot;
  }
  return best;
}
