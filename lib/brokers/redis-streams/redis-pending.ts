import "server-only";
import type Redis from "ioredis";
import { invalidInput } from "@/lib/errors";
import { parsePendingEntries, type PendingEntry } from "./stream-facts";
import { formatStreamId, nextStreamId, parseStreamId, streamIdProblem } from "./stream-ids";

// A group's pending entries list (PEL): entries delivered to a consumer and not acknowledged, with the
// consumer, idle time and delivery count (extended XPENDING), and the operator's actions on them.

export const MAX_PENDING_PAGE = 1_000;
/** Sorting by idle time or deliveries reads the PEL up to this many entries (oldest first) and sorts those. */
export const MAX_SORTED_PENDING = 10_000;

export type PendingSort = "id" | "idle" | "deliveries";

export interface PendingQuery {
  limit: number;
  /** Continue after this entry id (oldest-first paging; sort "id" only). */
  after?: string;
  consumer?: string;
  minIdleMs?: number;
  sort?: PendingSort;
  /** Sort "idle"/"deliveries": skip this many of the sorted entries (the next page). */
  offset?: number;
}

export interface PendingPage {
  entries: PendingEntry[];
  /** All pending entries of the group (XPENDING summary). */
  total: number;
  /** Id to pass as `after` for the next page (sort "id"); absent at the end. */
  next?: string;
  /** Sort "idle"/"deliveries": the `offset` of the next page; absent at the end. */
  nextOffset?: number;
  /** Sort "idle"/"deliveries": true when the PEL was longer than MAX_SORTED_PENDING and only its oldest part was sorted. */
  sortedWithin?: number;
}

/** Validates an id given by a caller (400 naming the field). */
export function requireEntryId(field: string, id: string): string {
  const problem = streamIdProblem(id);
  if (problem) throw invalidInput(field, problem);
  return formatStreamId(parseStreamId(id)!);
}

function xpendingArgs(stream: string, group: string, start: string, count: number, minIdleMs?: number, consumer?: string): (string | number)[] {
  return [stream, group, ...(minIdleMs ? ["IDLE", minIdleMs] : []), start, "+", count, ...(consumer ? [consumer] : [])];
}

/** One page of the PEL, the oldest entry first unless sorted otherwise. The group must exist (NOGROUP otherwise). */
export async function listPending(redis: Redis, stream: string, group: string, query: PendingQuery): Promise<PendingPage> {
  const limit = Math.max(1, Math.min(MAX_PENDING_PAGE, Math.floor(query.limit)));
  const summary = (await redis.call("XPENDING", stream, group)) as unknown[];
  const total = Number(summary?.[0] ?? 0);
  const sort = query.sort ?? "id";
  if (sort === "id") {
    let start = "-";
    if (query.after) {
      const after = parseStreamId(requireEntryId("after", query.after));
      const next = after && nextStreamId(after);
      if (!next) return { entries: [], total };
      start = formatStreamId(next);
    }
    const rows = parsePendingEntries(await redis.call("XPENDING", ...xpendingArgs(stream, group, start, limit + 1, query.minIdleMs, query.consumer)));
    const entries = rows.slice(0, limit);
    return { entries, total, ...(rows.length > limit ? { next: entries[entries.length - 1].id } : {}) };
  }
  const rows = await readPending(redis, stream, group, MAX_SORTED_PENDING, query.minIdleMs, query.consumer);
  const key = sort === "idle" ? (e: PendingEntry) => e.idleMs : (e: PendingEntry) => e.deliveries;
  // Highest first; ties keep id order (oldest first).
  const sorted = rows.map((e, i) => ({ e, i })).sort((a, b) => key(b.e) - key(a.e) || a.i - b.i).map(({ e }) => e);
  const from = Math.max(0, Math.floor(query.offset ?? 0));
  return {
    entries: sorted.slice(from, from + limit),
    total,
    ...(sorted.length > from + limit ? { nextOffset: from + limit } : {}),
    ...(rows.length >= MAX_SORTED_PENDING ? { sortedWithin: MAX_SORTED_PENDING } : {}),
  };
}

/** Reads the PEL oldest first, in pages of 1,000, up to `max` entries. */
export async function readPending(redis: Redis, stream: string, group: string, max: number, minIdleMs?: number, consumer?: string): Promise<PendingEntry[]> {
  const out: PendingEntry[] = [];
  let start = "-";
  while (out.length < max) {
    const count = Math.min(1_000, max - out.length);
    const rows = parsePendingEntries(await redis.call("XPENDING", ...xpendingArgs(stream, group, start, count, minIdleMs, consumer)));
    out.push(...rows);
    if (rows.length < count) break;
    const next = nextStreamId(parseStreamId(rows[rows.length - 1].id)!);
    if (!next) break;
    start = formatStreamId(next);
  }
  return out;
}

/** Walks the PEL oldest first, a page at a time, until `visit` returns false. */
export async function walkPending(
  redis: Redis,
  stream: string,
  group: string,
  options: { minIdleMs?: number; pageSize?: number },
  visit: (page: PendingEntry[]) => Promise<boolean> | boolean,
): Promise<void> {
  let start = "-";
  const pageSize = options.pageSize ?? 1_000;
  for (;;) {
    const rows = parsePendingEntries(await redis.call("XPENDING", ...xpendingArgs(stream, group, start, pageSize, options.minIdleMs)));
    if (rows.length === 0) return;
    if (!(await visit(rows))) return;
    if (rows.length < pageSize) return;
    const next = nextStreamId(parseStreamId(rows[rows.length - 1].id)!);
    if (!next) return;
    start = formatStreamId(next);
  }
}

/**
 * Gives pending entries to `consumer` (XCLAIM ... JUSTID: an operator's move is not a delivery, so the
 * delivery count stays). Only entries idle at least `minIdleMs` move: one its consumer just read again
 * stays where it is. Returns the ids that moved.
 */
export async function claimPending(redis: Redis, stream: string, group: string, consumer: string, ids: string[], minIdleMs: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const claimed = (await redis.call("XCLAIM", stream, group, consumer, Math.max(0, Math.floor(minIdleMs)), ...ids, "JUSTID")) as unknown[];
  return claimed.map(String);
}

/**
 * XAUTOCLAIM: gives up to `count` entries idle at least `minIdleMs` to `consumer`, oldest first, from
 * `start`. Returns the ids that moved, the cursor to go on ("0-0" at the end) and the ids Redis dropped
 * from the PEL because their entries were deleted from the stream.
 */
export async function autoClaimPending(
  redis: Redis,
  stream: string,
  group: string,
  consumer: string,
  minIdleMs: number,
  start = "0-0",
  count = 100,
): Promise<{ claimed: string[]; next: string; deleted: string[] }> {
  const reply = (await redis.call("XAUTOCLAIM", stream, group, consumer, Math.max(0, Math.floor(minIdleMs)), start, "COUNT", count, "JUSTID")) as unknown[];
  return { next: String(reply[0]), claimed: (reply[1] as unknown[]).map(String), deleted: Array.isArray(reply[2]) ? reply[2].map(String) : [] };
}

/** XACK: returns how many of the ids were pending and are now acknowledged. */
export async function ackPending(redis: Redis, stream: string, group: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return Number(await redis.call("XACK", stream, group, ...ids));
}
