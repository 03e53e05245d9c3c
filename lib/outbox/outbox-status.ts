import type { OutboxStatus } from "./types";

// The verdict on an outbox from one sample's figures, with a sentence saying why. Pure.
//  - rows waiting longer than warnAge while nothing was published since the last sample: err
//    (the worker is stopped, or cannot publish)
//  - rows stuck (past maxAttempts, or overdue for retry by more than the grace period): warn
//  - the oldest unpublished row older than warnAge: warn (the worker is behind)
//  - otherwise ok

export interface OutboxFigures {
  backlog: number | null;
  oldestPendingAgeSeconds: number | null;
  stuckByAttempts: number | null;
  stuckByRetry: number | null;
  stuck: number | null;
  publishRate: number | null;
}

export interface OutboxThresholds {
  maxAttempts: number;
  retryGraceSeconds: number;
  warnAgeSeconds: number;
}

export function formatAge(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5_400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

const rows = (n: number) => `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"}`;

export function evaluateOutboxStatus(figures: OutboxFigures, limits: OutboxThresholds): { status: OutboxStatus; reason: string } {
  const backlog = figures.backlog ?? 0;
  const age = figures.oldestPendingAgeSeconds;
  const old = age !== null && age > limits.warnAgeSeconds;
  if (backlog > 0 && old && figures.publishRate === 0) {
    return {
      status: "err",
      reason: `nothing published since the last sample while ${rows(backlog)} wait; the oldest for ${formatAge(age)}: is the outbox worker running?`,
    };
  }
  if ((figures.stuck ?? 0) > 0) {
    const parts: string[] = [];
    if (figures.stuckByAttempts) parts.push(`${rows(figures.stuckByAttempts)} at ${limits.maxAttempts}+ attempts`);
    if (figures.stuckByRetry) parts.push(`${rows(figures.stuckByRetry)} overdue for retry by more than ${formatAge(limits.retryGraceSeconds)}`);
    return { status: "warn", reason: `${rows(figures.stuck ?? 0)} stuck: ${parts.join(", ")}` };
  }
  if (old) return { status: "warn", reason: `the oldest unpublished row waits for ${formatAge(age)} (over ${formatAge(limits.warnAgeSeconds)})` };
  if (backlog === 0) return { status: "ok", reason: "nothing waits to be published" };
  return { status: "ok", reason: `${rows(backlog)} wait${age !== null ? `, the oldest for ${formatAge(age)}` : ""}` };
}

/**
 * Rows published per second between two samples: the growth of "published rows created since the
 * anchor" (the oldest unpublished row's created_at at the earlier sample): every row published in
 * between was unpublished then, so it was created at or after the anchor. Null without two samples.
 */
export function publishRateBetween(previous: { at: number; publishedSinceAnchor: number } | undefined, now: { at: number; publishedSinceAnchor: number }): number | null {
  if (!previous) return null;
  const seconds = (now.at - previous.at) / 1000;
  if (seconds <= 0) return null;
  return Math.max(0, now.publishedSinceAnchor - previous.publishedSinceAnchor) / seconds;
}
