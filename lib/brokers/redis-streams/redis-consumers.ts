// A sampled stream and its groups in the shapes the console's pages and sampler share. Pure.
// Positions here count entries, not ids: high = entries ever added to the stream (Redis 7's
// entries-added, the stream's "log end"), committed = high - lag, so rates are entries per second and
// lag = high - committed holds as it does for Kafka. (Message reads address entries by id instead.)
import type { ConsumerDetail, ConsumerSummary, PartitionOffsets } from "../types";
import type { GroupSample, StreamSample } from "./redis-streams-snapshot";
import { groupId } from "./redis-stream-names";

/** A consumer seen this recently counts as connected (a member). */
export const ACTIVE_CONSUMER_MS = 30_000;

export function streamOffsets(stream: StreamSample): PartitionOffsets {
  const high = stream.facts.entriesAdded ?? stream.facts.length;
  return { partition: 0, low: Math.max(0, high - stream.facts.length), high, messages: stream.facts.length };
}

export function groupState(group: GroupSample, nowMs: number): string {
  if (group.facts.consumers.length === 0) return "Empty";
  const active = group.facts.consumers.some((c) => c.seenTimeMs !== null && nowMs - c.seenTimeMs < ACTIVE_CONSUMER_MS);
  return active ? "Stable" : "Idle";
}

export function groupSummary(stream: StreamSample, group: GroupSample, nowMs: number): ConsumerSummary {
  const { high } = streamOffsets(stream);
  // Unknown undelivered counts (Redis 7 cannot say and the cycle did not count) are left out rather than guessed.
  const lag = group.lag.lag ?? group.lag.pending;
  return {
    group: groupId(stream.facts.key, group.facts.name),
    state: groupState(group, nowMs),
    members: group.facts.consumers.filter((c) => c.seenTimeMs !== null && nowMs - c.seenTimeMs < ACTIVE_CONSUMER_MS).length,
    topics: [stream.facts.key],
    lag,
    partitions: [{ topic: stream.facts.key, partition: 0, committed: Math.max(0, high - lag), high, lag }],
    pending: group.lag.undelivered.count ?? undefined,
    ackPending: group.lag.pending,
    delivered: group.facts.entriesRead ?? undefined,
  };
}

export function groupDetail(stream: StreamSample, group: GroupSample, nowMs: number): ConsumerDetail & { brokerFigures: RedisGroupFigures } {
  return {
    ...groupSummary(stream, group, nowMs),
    memberDetails: group.facts.consumers.map((c) => ({
      memberId: c.name,
      clientId: c.name,
      host: c.seenTimeMs === null ? "never seen" : `idle ${Math.round((nowMs - c.seenTimeMs) / 1000)} s, ${c.pending} pending`,
      assignments: [{ topic: stream.facts.key, partitions: [0] }],
    })),
    brokerFigures: {
      stream: stream.facts.key,
      group: group.facts.name,
      lastDeliveredId: group.facts.lastDeliveredId,
      entriesRead: group.facts.entriesRead,
      undelivered: group.lag.undelivered.count,
      undeliveredSource: group.lag.undelivered.source,
      pending: group.lag.pending,
      lagSeconds: group.lag.lagSeconds,
      oldestPending: group.facts.oldestPending,
      oldestUndeliveredId: group.oldestUndeliveredId ?? null,
      status: group.status,
      reason: group.reason,
      consumers: group.facts.consumers.map((c) => ({ name: c.name, pending: c.pending, idleMs: c.seenTimeMs === null ? null : Math.max(0, nowMs - c.seenTimeMs) })),
    },
  };
}

/** What a Redis Streams group detail adds to the shared shape (API: GET .../consumers/{group}, `brokerFigures`). */
export interface RedisGroupFigures {
  [key: string]: unknown;
  stream: string;
  group: string;
  lastDeliveredId: string;
  entriesRead: number | null;
  undelivered: number | null;
  undeliveredSource: string;
  pending: number;
  lagSeconds: number | null;
  oldestPending: GroupSample["facts"]["oldestPending"];
  oldestUndeliveredId: string | null;
  status: string;
  reason: string;
  consumers: { name: string; pending: number; idleMs: number | null }[];
}
