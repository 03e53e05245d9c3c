// Burrow's evaluation rules, with a sentence saying why. As Burrow documents them ("Consumer Lag
// Evaluation Rules"), the window is the last N COMMITS of a partition, not the last N samples: a slow
// consumer commits rarely, so its window spans more time, and a partition that keeps committing is
// never STOP. The console cannot see a commit that repeats the same offset (OffsetFetch only returns
// the offset), so its window holds the last N DISTINCT committed offsets, each with the time the
// sampler first saw it and the lag at that time (see commit-window.ts).
//  - lag 0 now: OK
//  - no new commit for longer than the window spans (and at least a minimum): STOP
//  - lag 0 at any commit in the window: OK
//  - committed offset went down within the window: REWIND
//  - offsets move but lag never decreased across the window: WARN
//  - otherwise OK
// A group is then judged as a whole (evaluateGroupStatus): a partition whose commits paused while the
// group keeps committing on its other partitions is waiting for a busy consumer (WARN, not STOP), and a
// group that consumes slower than its topics are written is falling behind (WARN), whatever the window
// of each partition says.

export type PartitionStatus = "OK" | "WARN" | "STALL" | "STOP" | "REWIND" | "UNKNOWN";
export type GroupStatus = "OK" | "WARN" | "ERR" | "UNKNOWN";

import { arrayWindow, STATUS, STATUS_NAMES, type CommitWindowView, type StatusCode } from "./group-partition-state";

/** One distinct committed offset: when the sampler first saw it (epoch ms) and the lag then. */
export interface CommitSample {
  t: number;
  committed: number;
  lag: number;
  /** The last time the lag was seen at 0 at this commit: a caught-up consumer has nothing to commit. */
  caughtUpAt?: number;
}

export interface StatusVerdict {
  status: PartitionStatus;
  reason: string;
}

export interface PartitionVerdict extends StatusVerdict {
  /** When the sampler first saw the partition's current commit; null without a commit. */
  lastCommitAt: number | null;
}

export interface PartitionNow {
  /** How reasons name the partition, e.g. "orders partition 2". */
  label: string;
  now: number;
  lag: number;
  /** A partition silent for less than this is never STOP, however short its window (few commits seen yet). */
  minStopMs: number;
}

/**
 * @param commits the partition's last distinct commits, oldest first; the newest is the current one
 */
export function evaluatePartitionStatus(commits: readonly CommitSample[], now: PartitionNow): PartitionVerdict {
  const code = evaluateWindow(arrayWindow(commits), now.now, now.lag, now.minStopMs, now.label);
  return { status: STATUS_NAMES[code], reason: lastReason, lastCommitAt: commits.length > 0 ? commits[commits.length - 1].t : null };
}

/** The reason evaluateWindow gave last, when it was asked for one (a label given). */
let lastReason = "";

/**
 * Burrow's rules over a commit window read in place (see group-partition-state.ts). Without a label
 * it only judges (the sampler's cycle, for every group-partition: no string is built); with one, the
 * reason is built too and read with `windowReason` (a detail page, the group's worst partition).
 */
export function evaluateWindow(commits: CommitWindowView, now: number, lag: number, minStopMs: number, label?: string): StatusCode {
  const length = commits.length;
  if (length === 0) {
    if (label !== undefined) lastReason = `${label}: no commit yet`;
    return STATUS.UNKNOWN;
  }
  const lastT = commits.t(length - 1);
  if (lag === 0) {
    if (label !== undefined) lastReason = `${label}: caught up`;
    return STATUS.OK;
  }
  // Silence comes first: a consumer that was caught up and then died is stopped, not OK. It counts
  // from when there was something to commit (a quiet topic's consumer commits only when messages come).
  const caughtUpAt = commits.caughtUpAt;
  const silentMs = now - (Number.isNaN(caughtUpAt) ? lastT : Math.max(lastT, caughtUpAt));
  const spanMs = lastT - commits.t(0);
  if (silentMs > Math.max(spanMs, minStopMs)) {
    if (label !== undefined) {
      lastReason = `${label}: no commit for ${describeDuration(silentMs)} (at offset ${commits.committed(length - 1)}) while lag went from ${commits.lag(length - 1)} to ${lag}`;
    }
    return STATUS.STOP;
  }
  for (let index = 0; index < length; index++) {
    if (commits.lag(index) !== 0) continue;
    if (label !== undefined) lastReason = `${label}: caught up within the last ${length} commits; lag now ${lag}`;
    return STATUS.OK;
  }
  for (let index = 1; index < length; index++) {
    const before = commits.committed(index - 1);
    const after = commits.committed(index);
    if (after >= before) continue;
    if (label !== undefined) lastReason = `${label}: committed offset went back from ${before} to ${after}`;
    return STATUS.REWIND;
  }
  if (length < 2) {
    if (label !== undefined) lastReason = `${label}: one commit seen so far (offset ${commits.committed(length - 1)}); lag ${lag}`;
    return STATUS.UNKNOWN;
  }
  let lagNeverDecreased = lag >= commits.lag(length - 1);
  for (let index = 1; lagNeverDecreased && index < length; index++) if (commits.lag(index) < commits.lag(index - 1)) lagNeverDecreased = false;
  const firstLag = commits.lag(0);
  if (lagNeverDecreased && lag > firstLag) {
    if (label !== undefined) lastReason = `${label}: consuming, but lag grew from ${firstLag} to ${lag} over the last ${length} commits`;
    return STATUS.WARN;
  }
  if (label !== undefined) lastReason = `${label}: consuming; lag ${lag}`;
  return STATUS.OK;
}

/** The reason of the last evaluateWindow call made with a label. */
export function windowReason(): string {
  return lastReason;
}

export interface GroupRates {
  lag: number;
  /** Messages per second the group committed over the rate window; null until known. */
  consumeRate: number | null;
  /** Messages per second written to the partitions it reads, over the same window. */
  produceRate: number | null;
  /** The group's lag at the start of that window; null when unknown. */
  lagBefore: number | null;
}

/**
 * Slower than this fraction of the produce rate (and by at least MIN_BEHIND msg/s) is falling behind.
 * Commits every 5 s make a 60 s consume rate wobble by up to about 8 %: a group that keeps up must not
 * flap to WARN.
 */
const KEEPING_UP = 0.9;
const MIN_BEHIND = 0.05;

const severity: Record<PartitionStatus, number> = { UNKNOWN: 0, OK: 1, WARN: 2, STALL: 3, REWIND: 3, STOP: 4 };

/**
 * A group is as bad as its worst partition (STALL, STOP and REWIND mean ERR), with two group-level
 * rules Burrow's per-partition windows cannot see: a STOP partition of a group that keeps committing
 * elsewhere is only waiting (WARN), and consuming slower than producing is WARN with both rates.
 * Returns the partitions' final verdicts too.
 */
export function evaluateGroupStatus(
  partitions: readonly PartitionVerdict[],
  rates?: GroupRates,
): StatusVerdict & { groupStatus: GroupStatus; partitions: StatusVerdict[] } {
  const newestCommit = Math.max(-Infinity, ...partitions.filter((p) => p.status !== "STOP").map((p) => p.lastCommitAt ?? -Infinity));
  const judged: StatusVerdict[] = partitions.map((p) =>
    p.status === "STOP" && p.lastCommitAt !== null && newestCommit > p.lastCommitAt
      ? { status: "WARN", reason: `${p.reason}; the group keeps committing on its other partitions, so its consumers are busy with them` }
      : { status: p.status, reason: p.reason },
  );
  if (judged.length === 0) return { status: "UNKNOWN", reason: "no partitions", groupStatus: "UNKNOWN", partitions: judged };
  const worst = judged.reduce((a, b) => (severity[b.status] > severity[a.status] ? b : a));
  if (severity[worst.status] >= severity.STALL) return { ...worst, groupStatus: "ERR", partitions: judged };
  const behind = fallingBehind(rates);
  if (behind) return { status: "WARN", reason: behind, groupStatus: "WARN", partitions: judged };
  const groupStatus: GroupStatus = worst.status === "OK" ? "OK" : worst.status === "WARN" ? "WARN" : "UNKNOWN";
  return { ...worst, groupStatus, partitions: judged };
}

/** "consuming 1.0 msg/s, producing 5.2 msg/s: falling behind by 4.2 msg/s", or null when it keeps up. */
export function fallingBehind(rates: GroupRates | undefined): string | null {
  // Not consuming at all is for the partitions' STOP rule to judge, with how long it has been.
  if (!rates || rates.lag === 0 || !rates.consumeRate || rates.produceRate === null) return null;
  const { consumeRate, produceRate } = rates;
  if (consumeRate >= produceRate * KEEPING_UP || produceRate - consumeRate < MIN_BEHIND) return null;
  // A backlog that shrank over the window is not falling behind, whatever the rates' rounding says.
  if (rates.lagBefore !== null && rates.lag <= rates.lagBefore) return null;
  return `consuming ${formatRate(consumeRate)} msg/s, producing ${formatRate(produceRate)} msg/s: falling behind by ${formatRate(produceRate - consumeRate)} msg/s`;
}

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** Seconds until the lag is gone at the current rates; null when it is not shrinking. */
export function estimateDrainSeconds(lag: number, consumeRate: number | null, produceRate: number | null): number | null {
  if (lag === 0) return 0;
  if (consumeRate === null) return null;
  const net = consumeRate - (produceRate ?? 0);
  return net > 0 ? lag / net : null;
}

export function describeDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
