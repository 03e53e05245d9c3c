// What the console says about a stream's consumer group, from the facts one sampling cycle read. Pure.
// Lag in messages is undelivered + pending (API.md): entries the group has not been given yet plus
// entries given to a consumer and not acknowledged. Lag in seconds is the age of the oldest of those.
import type { GroupFacts, StreamFacts } from "./stream-facts";
import { compareIdTexts, streamIdTimeMs } from "./stream-ids";

/**
 * Where the undelivered count comes from: Redis 7's own `lag`; "caught-up" (the group was given the
 * newest id); "all" (the group stands before the first entry, so every entry is undelivered);
 * "counted" (entries after the group's last delivered id, read by the cycle); "at-least" (counted up
 * to a cap); "unknown" (none of these applies and nothing was counted).
 */
export type UndeliveredSource = "redis" | "caught-up" | "all" | "counted" | "at-least" | "unknown";

export interface Undelivered {
  count: number | null;
  source: UndeliveredSource;
}

/** The undelivered count without reading entries, or "unknown" when only counting can tell. */
export function undeliveredFromFacts(stream: StreamFacts, group: GroupFacts): Undelivered {
  if (group.lag !== null) return { count: group.lag, source: "redis" };
  if (stream.length === 0) return { count: 0, source: "caught-up" };
  const last = stream.lastId ?? stream.lastGeneratedId;
  if (compareIdTexts(group.lastDeliveredId, last) >= 0) return { count: 0, source: "caught-up" };
  if (stream.firstId && compareIdTexts(group.lastDeliveredId, stream.firstId) < 0) return { count: stream.length, source: "all" };
  return { count: null, source: "unknown" };
}

/** True when the group has (or may have) entries after its last delivered id: the cycle reads the first. */
export function hasUndelivered(undelivered: Undelivered): boolean {
  return undelivered.count === null || undelivered.count > 0;
}

/** Refines an unknown count with the ids the cycle read after the last delivered id (up to `cap`). */
export function undeliveredFromCount(undelivered: Undelivered, countedIds: number, cap: number): Undelivered {
  if (undelivered.count !== null) return undelivered;
  return countedIds >= cap ? { count: countedIds, source: "at-least" } : { count: countedIds, source: "counted" };
}

export interface GroupLag {
  undelivered: Undelivered;
  pending: number;
  /** undelivered + pending; null when the undelivered part is unknown. */
  lag: number | null;
  /** Age of the oldest pending entry (from its id), seconds; null without pending entries or a plausible id time. */
  oldestPendingAgeSeconds: number | null;
  /** Age of the oldest undelivered entry (from its id), seconds; null when none or not known. */
  oldestUndeliveredAgeSeconds: number | null;
  /** Age of the oldest entry not yet acknowledged: 0 when caught up, null when it cannot be told. */
  lagSeconds: number | null;
}

/**
 * @param oldestUndeliveredId the first entry after the group's last delivered id, as the cycle read it
 *   (null when there is none, undefined when it was not read).
 */
export function deriveGroupLag(group: GroupFacts, undelivered: Undelivered, oldestUndeliveredId: string | null | undefined, nowMs: number): GroupLag {
  const age = (id: string | null | undefined) => {
    if (!id) return null;
    const at = streamIdTimeMs(id, nowMs);
    return at === null ? null : Math.max(0, (nowMs - at) / 1000);
  };
  const oldestPendingAgeSeconds = group.pending > 0 ? age(group.oldestPending?.id) : null;
  const oldestUndeliveredAgeSeconds = undelivered.count === 0 ? null : age(oldestUndeliveredId);
  const lag = undelivered.count === null ? null : undelivered.count + group.pending;
  let lagSeconds: number | null;
  if (lag === 0) lagSeconds = 0;
  else if (group.pending > 0) lagSeconds = oldestPendingAgeSeconds; // pending ids all precede undelivered ones
  else lagSeconds = oldestUndeliveredAgeSeconds;
  return { undelivered, pending: group.pending, lag, oldestPendingAgeSeconds, oldestUndeliveredAgeSeconds, lagSeconds };
}

export type GroupStatus = "OK" | "WARN" | "ERR" | "UNKNOWN";

export interface StatusRules {
  /** A group whose every consumer has been idle this long, with entries waiting, is stopped. */
  stoppedAfterMs: number;
  /** An entry delivered this many times or more is poison (the dead-letter threshold). */
  deliveryLimit: number;
  /** A pending entry idle this long was probably left by a consumer that crashed. */
  stuckPendingAfterMs: number;
}

export const DEFAULT_STATUS_RULES: StatusRules = { stoppedAfterMs: 5 * 60_000, deliveryLimit: 5, stuckPendingAfterMs: 5 * 60_000 };

/** A group's status from one cycle, with the reason in a plain sentence naming `<stream>.<group>`. */
export function evaluateGroupStatus(
  streamKey: string,
  group: GroupFacts,
  lag: GroupLag,
  nowMs: number,
  rules: StatusRules = DEFAULT_STATUS_RULES,
): { status: GroupStatus; reason: string } {
  const name = `${streamKey}.${group.name}`;
  const waiting = lag.lag === null ? "an unknown number of entries" : `${lag.lag} ${lag.lag === 1 ? "entry" : "entries"}`;
  const oldest = lag.lagSeconds === null ? "" : `, the oldest for ${formatDuration(lag.lagSeconds * 1000)}`;
  if (lag.lag === 0) return { status: "OK", reason: `${name}: caught up` };
  if (group.consumers.length === 0) {
    return { status: lag.lag === null ? "UNKNOWN" : "ERR", reason: `${name}: no consumers; ${waiting} waiting${oldest}` };
  }
  const seen = group.consumers.map((c) => c.seenTimeMs).filter((t): t is number => t !== null);
  const lastSeen = seen.length ? Math.max(...seen) : null;
  if (lastSeen !== null && nowMs - lastSeen >= rules.stoppedAfterMs) {
    return {
      status: "ERR",
      reason: `${name}: stopped: no consumer has read for ${formatDuration(nowMs - lastSeen)}; ${waiting} waiting${oldest}`,
    };
  }
  const head = group.oldestPending;
  if (head && head.deliveries >= rules.deliveryLimit) {
    return {
      status: "WARN",
      reason: `${name}: entry ${head.id} was delivered ${head.deliveries} times (limit ${rules.deliveryLimit}) and is still pending at ${head.consumer}: a poison entry?`,
    };
  }
  if (head && nowMs - head.deliveredAtMs >= rules.stuckPendingAfterMs) {
    return {
      status: "WARN",
      reason: `${name}: entry ${head.id} has been pending at ${head.consumer} for ${formatDuration(nowMs - head.deliveredAtMs)} without an ack: did that consumer crash?`,
    };
  }
  if (lag.lag === null) {
    return { status: "UNKNOWN", reason: `${name}: consuming; Redis cannot count the entries after ${group.lastDeliveredId} (lag unknown)${oldest}` };
  }
  const atLeast = lag.undelivered.source === "at-least" ? "at least " : "";
  return { status: "OK", reason: `${name}: consuming; lag ${atLeast}${lag.lag}${oldest}` };
}

/** "45s", "7m 5s", "3h 2m", "2d 4h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
