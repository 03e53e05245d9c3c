import "server-only";
import type Redis from "ioredis";
import { execPipeline, type RedisStreamsClient } from "./redis-streams-client";
import {
  DEFAULT_STATUS_RULES,
  deriveGroupLag,
  evaluateGroupStatus,
  hasUndelivered,
  undeliveredFromCount,
  undeliveredFromFacts,
  type GroupLag,
  type GroupStatus,
  type StatusRules,
} from "./stream-derive";
import { parseEntries, parseStreamFull, type GroupFacts, type StreamFacts } from "./stream-facts";

// One sampling cycle: the watched stream keys (SCAN ... TYPE stream), then ONE pipeline with every
// stream's XINFO STREAM FULL COUNT 1 and MEMORY USAGE, then ONE pipeline with the first entry after
// each group's last delivered id (for lag in seconds, and to count what Redis 7 cannot) and the newest
// entry of streams whose newest entry was deleted. Round trips: SCAN pages + 2, whatever the number of
// streams and groups.

/** SCAN COUNT: keys the server looks at per call (10,000: a database of 40,000 keys is 4 round trips, not 40). */
const SCAN_COUNT = 10_000;
/** The cycle watches at most this many streams (a pattern matching millions of keys is a mistake). */
export const MAX_WATCHED_STREAMS = 10_000;
/** Entries read to count a group's undelivered entries when Redis 7 cannot say; above, "at least". */
export const UNDELIVERED_COUNT_CAP = 1_000;

export interface GroupSample {
  facts: GroupFacts;
  /** First entry after the last delivered id: null when none, undefined when the group is caught up. */
  oldestUndeliveredId: string | null | undefined;
  lag: GroupLag;
  status: GroupStatus;
  reason: string;
}

export interface StreamSample {
  facts: StreamFacts;
  /** Newest entry id (null for an empty stream). */
  lastId: string | null;
  groups: GroupSample[];
}

export interface StreamsSnapshot {
  /** When the replies were in, epoch ms. */
  at: number;
  startedAt: number;
  streams: StreamSample[];
  /** True when the pattern matched more than MAX_WATCHED_STREAMS streams (the first ones by name are kept). */
  truncated: boolean;
}

/** Stream keys matching a glob `pattern`, sorted; at most `max`. */
export async function scanStreamKeys(redis: Redis, pattern: string, max = MAX_WATCHED_STREAMS): Promise<{ keys: string[]; truncated: boolean }> {
  const keys = new Set<string>();
  let cursor = "0";
  do {
    const [next, batch] = (await redis.call("SCAN", cursor, "MATCH", pattern, "COUNT", SCAN_COUNT, "TYPE", "stream")) as [string, string[]];
    for (const key of batch) keys.add(key);
    cursor = next;
  } while (cursor !== "0" && keys.size <= max);
  const sorted = [...keys].sort();
  return { keys: sorted.slice(0, max), truncated: sorted.length > max || cursor !== "0" };
}

/** Reads the given streams (keys that vanished or changed type since the SCAN are left out). */
export async function readStreams(redis: Redis, keys: string[], nowMs: () => number = Date.now, rules: StatusRules = DEFAULT_STATUS_RULES): Promise<{ at: number; streams: StreamSample[] }> {
  const first = redis.pipeline();
  for (const key of keys) {
    first.call("XINFO", "STREAM", key, "FULL", "COUNT", 1);
    first.call("MEMORY", "USAGE", key);
  }
  const infoReplies = await execPipeline(first);
  const facts: StreamFacts[] = [];
  keys.forEach((key, i) => {
    const [infoError, info] = infoReplies[2 * i];
    if (infoError) return; // deleted or retyped since the SCAN
    const [memoryError, memory] = infoReplies[2 * i + 1];
    facts.push(parseStreamFull(key, info, memoryError || typeof memory !== "number" ? null : memory));
  });

  // Second pipeline: what XINFO cannot say.
  const second = redis.pipeline();
  const lastIdAsked: number[] = [];
  const undeliveredAsked: { stream: number; group: number; cap: number }[] = [];
  facts.forEach((stream, s) => {
    if (stream.length > 0 && stream.lastId === null) {
      lastIdAsked.push(s);
      second.call("XREVRANGE", stream.key, "+", "-", "COUNT", 1);
    }
    stream.groups.forEach((group, g) => {
      const undelivered = undeliveredFromFacts(stream, group);
      if (!hasUndelivered(undelivered)) return;
      const cap = undelivered.count === null ? UNDELIVERED_COUNT_CAP : 1;
      undeliveredAsked.push({ stream: s, group: g, cap });
      second.call("XRANGE", stream.key, `(${group.lastDeliveredId}`, "+", "COUNT", cap);
    });
  });
  const extra = lastIdAsked.length + undeliveredAsked.length > 0 ? await execPipeline(second) : [];
  const at = nowMs();

  const lastIds = new Map<number, string | null>();
  lastIdAsked.forEach((s, i) => {
    const [error, reply] = extra[i];
    lastIds.set(s, error ? null : (parseEntries(reply)[0]?.id ?? null));
  });
  const afterLastDelivered = new Map<string, { firstId: string | null; count: number; cap: number } | null>();
  undeliveredAsked.forEach(({ stream, group, cap }, i) => {
    const [error, reply] = extra[lastIdAsked.length + i];
    const entries = error ? null : parseEntries(reply);
    afterLastDelivered.set(`${stream}/${group}`, entries ? { firstId: entries[0]?.id ?? null, count: entries.length, cap } : null);
  });

  const streams = facts.map((stream, s): StreamSample => ({
    facts: stream,
    lastId: stream.length === 0 ? null : (stream.lastId ?? lastIds.get(s) ?? null),
    groups: stream.groups.map((group, g): GroupSample => {
      let undelivered = undeliveredFromFacts(stream, group);
      const read = afterLastDelivered.get(`${s}/${g}`);
      if (read) undelivered = undeliveredFromCount(undelivered, read.count, read.cap);
      const oldestUndeliveredId = read === undefined ? undefined : read === null ? undefined : read.firstId;
      const lag = deriveGroupLag(group, undelivered, oldestUndeliveredId, at);
      const { status, reason } = evaluateGroupStatus(stream.key, group, lag, at, rules);
      return { facts: group, oldestUndeliveredId, lag, status, reason };
    }),
  }));
  return { at, streams };
}

/** One full cycle against a client: SCAN with the pattern, then the two pipelines. */
export async function readStreamsSnapshot(client: RedisStreamsClient, pattern: string, rules: StatusRules = DEFAULT_STATUS_RULES): Promise<StreamsSnapshot> {
  return client.run(async (redis) => {
    const startedAt = Date.now();
    const { keys, truncated } = await scanStreamKeys(redis, pattern);
    const { at, streams } = await readStreams(redis, keys, Date.now, rules);
    return { at, startedAt, streams, truncated };
  });
}
