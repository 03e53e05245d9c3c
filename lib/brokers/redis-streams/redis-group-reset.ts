import "server-only";
import type Redis from "ioredis";
import { parseEntries, parseStreamFull } from "./stream-facts";
import { requireEntryId } from "./redis-pending";
import { compareIdTexts, firstIdAtTime } from "./stream-ids";
import { countBefore, idAtOrdinal } from "./redis-messages";

// Moving a group's last delivered id (XGROUP SETID), with the preview of the lag that results.
// Pending entries stay in the PEL (SETID does not touch it), so lag after = entries after the new id
// + pending. Redis cannot count a range, so the preview reads the ids after the new position, in pages,
// up to a cap; past it the figure is "at least". When the count is exact and no entry after the new
// id was ever deleted, SETID passes ENTRIESREAD so Redis 7 keeps reporting the group's lag.

/** Entries counted at most for a preview; beyond, lag after the reset is a lower bound. */
export const RESET_COUNT_CAP = 100_000;
const PAGE = 10_000;

/** Where to move: an entry id, "$" (after the newest entry) or "0" (before the first). */
export type ResetTarget = string;

export interface ResetPreview {
  stream: string;
  group: string;
  /** The id the group would stand on ("0-0" for the start, the newest id for "$"). */
  id: string;
  consumers: number;
  pending: number;
  lastDeliveredId: string;
  /** Undelivered + pending now; null when Redis cannot say (see stream-derive). */
  lagNow: number | null;
  /** Entries after the new id + pending. */
  lagAfter: number;
  /** True when more than RESET_COUNT_CAP entries follow the new id (lagAfter is then a lower bound). */
  lagAfterIsLowerBound: boolean;
  /** Entries read for SETID ... ENTRIESREAD; null when it cannot be exact. */
  entriesRead: number | null;
}

/** Counts entries with an id greater than `id`, up to `cap`. */
async function countAfter(redis: Redis, stream: string, id: string, cap: number): Promise<number> {
  let counted = 0;
  let start = `(${id}`;
  while (counted < cap) {
    const want = Math.min(PAGE, cap - counted);
    const page = parseEntries(await redis.call("XRANGE", stream, start, "+", "COUNT", want));
    counted += page.length;
    if (page.length < want) break;
    start = `(${page[page.length - 1].id}`;
  }
  return counted;
}

/** The preview of moving `<stream>.<group>` to `target`; the stream and group must exist (NOGROUP otherwise). */
export async function previewGroupReset(redis: Redis, stream: string, group: string, target: ResetTarget): Promise<ResetPreview> {
  if (target !== "$" && target !== "0") requireEntryId("id", target);
  const facts = parseStreamFull(stream, await redis.call("XINFO", "STREAM", stream, "FULL", "COUNT", 1), null);
  const g = facts.groups.find((x) => x.name === group);
  if (!g) {
    // Same reply as the commands that need the group (turned into a 404 by the client).
    throw Object.assign(new Error(`NOGROUP No such key '${stream}' or consumer group '${group}'`), { name: "ReplyError" });
  }
  const newest = facts.lastGeneratedId;
  const id = target === "$" ? newest : target === "0" ? "0-0" : requireEntryId("id", target);
  let after: number;
  let lowerBound = false;
  if (facts.length === 0 || compareIdTexts(id, newest) >= 0) after = 0;
  else if (facts.firstId && compareIdTexts(id, facts.firstId) < 0) after = facts.length;
  else {
    after = await countAfter(redis, stream, id, RESET_COUNT_CAP);
    lowerBound = after >= RESET_COUNT_CAP;
  }
  // ENTRIESREAD is exact when every entry after the new id is still there (deletions all before it).
  const noDeletionAfter = compareIdTexts(facts.maxDeletedId, id) <= 0;
  const entriesRead = !lowerBound && facts.entriesAdded !== null && noDeletionAfter ? facts.entriesAdded - after : null;
  const lagNow = g.lag === null ? null : g.lag + g.pending;
  return {
    stream,
    group,
    id,
    consumers: g.consumers.length,
    pending: g.pending,
    lastDeliveredId: g.lastDeliveredId,
    lagNow,
    lagAfter: after + g.pending,
    lagAfterIsLowerBound: lowerBound,
    entriesRead,
  };
}

/** Moves the group (XGROUP SETID, with ENTRIESREAD when the preview could count exactly). */
export async function resetGroup(redis: Redis, preview: ResetPreview): Promise<void> {
  const args: (string | number)[] = ["SETID", preview.stream, preview.group, preview.id];
  if (preview.entriesRead !== null && preview.entriesRead >= 0) args.push("ENTRIESREAD", preview.entriesRead);
  await redis.call("XGROUP", ...args);
}

// ---------------------------------------------------------------- through the console's reset API
// The shared reset API counts positions in numbers; a Redis group's position is an entry id. The
// connector speaks positions as entry counts (redis-messages.ts): position k = "the next entry to
// deliver is the k-th of the stream as it is now" (0 = from the first, length = after the newest).
// Moving to k sets the group's last delivered id to the id of entry k - 1 (or 0-0 / the newest id).

/** Where a group stands, in entry counts. */
export interface GroupPosition {
  length: number;
  /** Entries after the group's last delivered id. */
  undelivered: number;
  /** Delivered, not acknowledged (stay pending through a reset). */
  pending: number;
  consumers: number;
  /** With a time: how many entries come before the first at or after it; null when none is. */
  atTimestamp?: number | null;
}

export async function readGroupPosition(redis: Redis, stream: string, group: string, timestampMs?: number): Promise<GroupPosition> {
  const facts = parseStreamFull(stream, await redis.call("XINFO", "STREAM", stream, "FULL", "COUNT", 1), null);
  const g = facts.groups.find((x) => x.name === group);
  if (!g) throw Object.assign(new Error(`NOGROUP No such key '${stream}' or consumer group '${group}'`), { name: "ReplyError" });
  // Redis 7 says how many entries the group has not read; when it cannot (deletions), count them.
  const undelivered = g.lag ?? (await countAfter(redis, stream, g.lastDeliveredId, facts.length));
  const position: GroupPosition = { length: facts.length, undelivered: Math.min(undelivered, facts.length), pending: g.pending, consumers: g.consumers.length };
  if (timestampMs !== undefined) {
    const before = await countBefore(redis, stream, firstIdAtTime(timestampMs));
    position.atTimestamp = before >= facts.length ? null : before;
  }
  return position;
}

/** The SETID target for "the next entry to deliver is the k-th": "0" (start), "$" (end), or the id of entry k - 1. */
export async function targetForPosition(redis: Redis, stream: string, k: number): Promise<ResetTarget> {
  const length = Number(await redis.xlen(stream));
  if (k <= 0) return "0";
  if (k >= length) return "$";
  const id = await idAtOrdinal(redis, stream, k - 1);
  return id === null || id === "-" ? "0" : id;
}
