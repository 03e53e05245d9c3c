// Pure planning of a consumer-group offset reset: from where each partition stands (committed
// offset, low and high watermarks) and a target, the new offset of every partition and the lag it
// leaves. No I/O: unit-tested on hand-made positions (tests/unit/reset-plan.test.ts); the broker reads
// and writes live in lib/brokers/<kind>/*-reset.ts and the action in ./reset-offsets.ts.
//
// Rules (documented in docs/consumer-reset.md):
// - earliest -> low watermark; latest -> high watermark (nothing left to read).
// - timestamp -> the first offset whose message time is at or after it; none -> high watermark.
// - shiftBy N -> committed + N (negative goes back); a partition without a committed offset has no
//   base to shift from and is refused, naming it (as Kafka's kafka-consumer-groups.sh does).
// - A requested or computed offset outside [low, high] is clamped to the nearest bound, and the
//   partition says so (clamped, requested): the same rule as kafka-consumer-groups.sh, made visible.
// - Lag after the reset = high - new offset.
import type { ClusterKind, ResetMethod, ResetPosition, ResetScope } from "@/lib/brokers/types";
import type { ParsedResetBody, ResetTarget } from "./reset-request";
import type { ResetResponse as ContractResetResponse } from "@/lib/contract/consumers";
import { capabilitiesOf, kindInfo } from "@/lib/brokers/kinds";

/** What POST .../consumers/{group}/reset answers, dry run or not: the contract's (shared with the browser). */
export type ResetResponse = ContractResetResponse;
/** One partition of the plan: where the group stands, where it will, and the lag before and after. */
export type PlannedPartition = ResetResponse["partitions"][number];

export type ResetPlan =
  | { ok: true; partitions: PlannedPartition[]; lag: number; resultingLag: number }
  | { ok: false; field: string; message: string };

export type ResetCheck = { ok: true } | { ok: false; field: string; message: string };

/** Moves an offset into [low, high] and says which bound it hit. */
export function clampOffset(requested: number, low: number, high: number): { to: number; clamped?: "low" | "high" } {
  if (requested < low) return { to: low, clamped: "low" };
  if (requested > high) return { to: high, clamped: "high" };
  return { to: requested };
}

const partitionLabel = (topic: string, partition: number) => `"${topic}" partition ${partition}`;

function requestedOffset(position: ResetPosition, target: ResetTarget, explicit: Map<string, number>): { value: number; noMessage?: true } | { error: string; field: string } {
  switch (target.kind) {
    case "earliest":
      return { value: position.low };
    case "latest":
      return { value: position.high };
    case "timestamp":
      return position.atTimestamp === null || position.atTimestamp === undefined ? { value: position.high, noMessage: true } : { value: position.atTimestamp };
    case "shift":
      if (position.committed === null) {
        return {
          field: "to.shiftBy",
          error: `${partitionLabel(position.topic, position.partition)} has no committed offset to shift from: reset it to earliest, latest, a time or an offset instead, or leave its topic out with topics`,
        };
      }
      return { value: position.committed + target.shiftBy };
    case "offsets": {
      const value = explicit.get(`${position.topic}\u0000${position.partition}`);
      return value === undefined ? { field: "to.offsets", error: `no offset given for ${partitionLabel(position.topic, position.partition)}` } : { value };
    }
  }
}

/** The new offset and resulting lag of every partition, in topic/partition order. */
export function planReset(positions: ResetPosition[], target: ResetTarget): ResetPlan {
  const explicit = new Map<string, number>();
  if (target.kind === "offsets") for (const entry of target.offsets) explicit.set(`${entry.topic}\u0000${entry.partition}`, entry.offset);
  const partitions: PlannedPartition[] = [];
  const sorted = [...positions].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  for (const position of sorted) {
    const wanted = requestedOffset(position, target, explicit);
    if ("error" in wanted) return { ok: false, field: wanted.field, message: wanted.error };
    const { to, clamped } = clampOffset(wanted.value, position.low, position.high);
    partitions.push({
      topic: position.topic,
      partition: position.partition,
      from: position.committed,
      to,
      low: position.low,
      high: position.high,
      lag: position.lag,
      resultingLag: Math.max(0, position.high - to) + (position.pendingKept ?? 0),
      ...(position.pendingKept ? { pendingKept: position.pendingKept } : {}),
      ...(clamped ? { clamped, requested: wanted.value } : {}),
      ...(wanted.noMessage ? { noMessageAtOrAfter: true as const } : {}),
      ...(position.lagIsEstimate ? { resultingLagIsEstimate: true as const } : {}),
    });
  }
  const sum = (pick: (p: PlannedPartition) => number) => partitions.reduce((total, p) => total + pick(p), 0);
  return { ok: true, partitions, lag: sum((p) => p.lag), resultingLag: sum((p) => p.resultingLag) };
}

/** Checks that need no broker: specific offsets must lie within `topics` when both are given. */
export function checkResetBody(body: Pick<ParsedResetBody, "to" | "topics">): ResetCheck {
  if (body.to.kind !== "offsets" || !body.topics) return { ok: true };
  const topics = new Set(body.topics);
  const index = body.to.offsets.findIndex((entry) => !topics.has(entry.topic));
  if (index < 0) return { ok: true };
  return { ok: false, field: `to.offsets.${index}.topic`, message: `"${body.to.offsets[index]!.topic}" is not one of topics; add it there or leave topics out` };
}

/** Which partitions the broker must read for this body. */
export function resetScope(body: Pick<ParsedResetBody, "to" | "topics">): ResetScope {
  const scope: ResetScope = {};
  if (body.to.kind === "offsets") scope.partitions = body.to.offsets.map(({ topic, partition }) => ({ topic, partition }));
  else if (body.topics) scope.topics = body.topics;
  if (body.to.kind === "timestamp") scope.timestamp = Date.parse(body.to.timestamp);
  return scope;
}

/**
 * The refusal while consumers are connected: the rule of a broker that moves positions by commit
 * (Kafka), and the condition for recreating a consumer object (a JetStream durable).
 */
export function activeMembersMessage(kind: ClusterKind, group: string, members: number, state: string): string {
  if (capabilitiesOf(kind).resetsPositions === "commit") {
    const count = members === 1 ? "1 active member" : `${members} active members`;
    return `Consumer group "${group}" has ${count} (state ${state}): ${kindInfo(kind).label} only accepts offset changes for a group with no members. Stop the consumers first, then reset.`;
  }
  return `Consumer "${group}" has an active client (${members === 1 ? "a bound subscription or 1 waiting pull request" : `${members} waiting pull requests`}): stop the consumers first, then reset. Recreating a durable under a connected client would cut it off.`;
}
