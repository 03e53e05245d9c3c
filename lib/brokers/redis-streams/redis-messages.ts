import "server-only";
import type Redis from "ioredis";
import type { MessagePosition, RawMessage, ReadMessagesQuery, ReadMessagesResult, ScanMessagesRequest, ScanMessagesResult } from "../types";
import { entryToMessage } from "./redis-entries";
import { requireEntryId } from "./redis-pending";
import { parseEntries } from "./stream-facts";
import { compareIdTexts, firstIdAtTime, formatStreamId, nextStreamId, parseStreamId } from "./stream-ids";

// Reading entries: pages for the message browser, big batches for the server-side search.
//
// Positions. An entry's id ("<ms>-<seq>", two 64-bit numbers) is its position: reads start at an id
// (`fromId`, a resume position's `id`) and every `next` / `remaining` carries the id to go on from. A
// JavaScript number cannot hold every id, so a message's numeric `offset` is only positional: when a
// read starts at a number k (the generic replay and trace windows count entries), k is the k-th entry
// of the stream as it is now (0 = the first) and the messages read are k, k+1, ...; when it starts at
// an id or a time, offsets count from 0 within the answer.

const SCAN_PAGE = 1_000;
/** Entries read per call while walking to the k-th entry of a stream. */
const SKIP_PAGE = 10_000;

/** Where a read starts: an id (exclusive of nothing: inclusive), and the offset of the first entry. */
interface Start {
  /** An XRANGE start ("-" or an id), or null when the position is past the end. */
  id: string | null;
  /** The offset the first entry read gets. */
  base: number;
}

/** The id of the k-th entry (0 = the first), from the nearer end; null past the end. */
export async function idAtOrdinal(redis: Redis, stream: string, k: number): Promise<string | null> {
  if (k <= 0) return "-";
  const length = Number(await redis.xlen(stream));
  if (k >= length) return null;
  const fromEnd = k >= length / 2;
  // Walk from the nearer end: from the start skip k entries, from the end skip length - 1 - k.
  let toSkip = fromEnd ? length - 1 - k : k;
  let cursor = fromEnd ? "+" : "-";
  for (;;) {
    const want = Math.min(SKIP_PAGE, toSkip + 1);
    const page = parseEntries(
      fromEnd ? await redis.call("XREVRANGE", stream, cursor, "-", "COUNT", want) : await redis.call("XRANGE", stream, cursor, "+", "COUNT", want),
    );
    if (page.length === 0) return null;
    if (toSkip < page.length) return page[toSkip].id;
    toSkip -= page.length;
    cursor = `(${page[page.length - 1].id}`;
  }
}

/** How many entries have an id below `id` (the ordinal of the first entry at or after it). */
export async function countBefore(redis: Redis, stream: string, id: string): Promise<number> {
  let counted = 0;
  let cursor = "-";
  for (;;) {
    const page = parseEntries(await redis.call("XRANGE", stream, cursor, `(${id}`, "COUNT", SKIP_PAGE));
    counted += page.length;
    if (page.length < SKIP_PAGE) return counted;
    cursor = `(${page[page.length - 1].id}`;
  }
}

async function startOf(redis: Redis, stream: string, query: { from?: number; fromId?: string; since?: Date }): Promise<Start> {
  if (query.fromId !== undefined) return { id: requireEntryId("fromId", query.fromId), base: 0 };
  if (query.since) return { id: firstIdAtTime(query.since.getTime()), base: 0 };
  if (query.from !== undefined && query.from > 0) return { id: await idAtOrdinal(redis, stream, Math.floor(query.from)), base: Math.floor(query.from) };
  return { id: "-", base: 0 };
}

/** The smallest id after `id`, or null after the largest possible one. */
function after(id: string): string | null {
  const next = nextStreamId(parseStreamId(id)!);
  return next ? formatStreamId(next) : null;
}

export async function readEntries(redis: Redis, stream: string, query: ReadMessagesQuery): Promise<ReadMessagesResult> {
  const limit = Math.max(1, Math.min(1_000, Math.floor(query.limit)));
  const start = await startOf(redis, stream, query);
  if (start.id === null) return { messages: [] };
  const entries = parseEntries(await redis.call("XRANGE", stream, start.id, "+", "COUNT", limit + 1));
  const now = Date.now();
  const page = entries.slice(0, limit).map((entry, i) => entryToMessage(entry, now, start.base + i));
  const nextEntry = entries[limit];
  return { messages: page, ...(nextEntry ? { next: { partition: 0, offset: start.base + limit, id: nextEntry.id } } : {}) };
}

/** The entries with these ids (one pipeline of XRANGE id id), in the order given; gone ones left out. */
export async function readEntriesByIds(redis: Redis, stream: string, ids: string[]): Promise<RawMessage[]> {
  const valid = ids.filter((id) => parseStreamId(id) !== null);
  const out: RawMessage[] = [];
  const now = Date.now();
  for (let i = 0; i < valid.length; i += 1_000) {
    const chunk = valid.slice(i, i + 1_000);
    const pipeline = redis.pipeline();
    for (const id of chunk) pipeline.call("XRANGE", stream, id, id);
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([error, reply], j) => {
      if (error) throw error;
      const entry = parseEntries(reply)[0];
      if (entry) out.push(entryToMessage(entry, now, i + j));
    });
  }
  return out;
}

/** Reads forward in pages of 1,000 up to the newest entry as of the start, handing each to `visit`. */
export async function scanEntries(redis: Redis, stream: string, request: ScanMessagesRequest): Promise<ScanMessagesResult> {
  const resume = request.resume?.find((r) => r.partition === 0);
  if (request.resume && !resume) return { remaining: [] };
  const begin = resume
    ? await startOf(redis, stream, resume.id !== undefined ? { fromId: resume.id } : { from: resume.offset })
    : await startOf(redis, stream, request);
  if (begin.id === null) return { remaining: [] };
  let start = begin.id;
  let offset = begin.base;
  const last = (await redis.call("XREVRANGE", stream, "+", "-", "COUNT", 1)) as unknown[];
  const end = parseEntries(last)[0]?.id;
  if (!end) return { remaining: [] };
  const remainingAt = (id: string): ScanMessagesResult => ({ remaining: [{ partition: 0, offset, ...(id === "-" ? {} : { id }) } satisfies MessagePosition] });
  for (;;) {
    if (request.shouldStop()) return remainingAt(start);
    const entries = parseEntries(await redis.call("XRANGE", stream, start, end, "COUNT", SCAN_PAGE));
    if (entries.length === 0) return { remaining: [] };
    const now = Date.now();
    for (const entry of entries) {
      const message = entryToMessage(entry, now, offset);
      offset++;
      const stop = request.visit({
        partition: 0,
        offset: message.offset,
        id: entry.id,
        timestampMs: Date.parse(message.timestamp),
        key: null,
        value: message.value,
        headers: message.headers,
      });
      const next = after(entry.id);
      if (stop) return next && compareIdTexts(entry.id, end) < 0 ? remainingAt(next) : { remaining: [] };
      if (!next) return { remaining: [] };
      start = next;
    }
    if (compareIdTexts(entries[entries.length - 1].id, end) >= 0) return { remaining: [] };
  }
}
